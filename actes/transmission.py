"""Recording the transmission of a délibération to the contrôle de
légalité (CGCT L2131-1, L2131-2), RULES §6.4: the sending through the
approved operator and the acknowledgement it returns, whose date fills
the SCDL ``PREF_DATE``. The sending itself happens outside Quorum."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from actes.models import Deliberation, Transmission
from collectivites.access import Context
from collectivites.models import Collectivite
from domain import access
from domain.transmission import (
    TRANSMITTED_NATURES,
    Acknowledgement,
    TransmissionError,
    check_acknowledgement,
    exemption_reason,
    must_transmit,
)
from journal.services import record


def is_due(deliberation: Deliberation) -> bool:
    return must_transmit(
        deliberation.nature, exempted=deliberation.transmission_exempted
    )


def is_sent(deliberation: Deliberation) -> bool:
    transmission = getattr(deliberation, "transmission", None)
    return transmission is not None and transmission.sent_on is not None


def pending_transmissions(collectivite: Collectivite) -> QuerySet[Deliberation]:
    """The délibérations taken in Quorum that still wait to be sent to the
    préfecture: of a nature transmitted, not declared exempted, without a
    sending date. Those of the imported history are left out: their
    transmission was followed elsewhere."""
    return (
        Deliberation.objects.filter(
            collectivite=collectivite,
            seance__isnull=False,
            nature__in=TRANSMITTED_NATURES,
            transmission_exempted=False,
        )
        .filter(Q(transmission__isnull=True) | Q(transmission__sent_on__isnull=True))
        .order_by("year", "sequence")
    )


@dataclass(frozen=True)
class Pending:
    count: int
    first: list[Deliberation]


def dashboard_transmissions(ctx: Context, *, shown: int = 5) -> Pending:
    """What waits for the préfecture, for those who transmit
    (``domain.access.can_transmit_deliberation``); nothing for the others.
    Two queries."""
    if not access.can_transmit_deliberation(ctx.actor):
        return Pending(0, [])
    rows = pending_transmissions(ctx.collectivite)
    count = rows.count()
    return Pending(count, list(rows[:shown]))


def exempt_from_transmission(
    deliberation: Deliberation, *, by: User, exception: str, details: str = ""
) -> Deliberation:
    """Declare that ``deliberation`` is one of the acts that L2131-2 I 1°
    leaves out of the contrôle de légalité: it is no longer counted as
    waiting to be sent, and is executory once published (L2131-1). Refused
    in French for an act already sent or already declared so."""
    try:
        reason = exemption_reason(exception, details)
    except TransmissionError as error:
        raise ValidationError({"exception": str(error)}) from error
    with transaction.atomic():
        locked = (
            Deliberation.objects.select_for_update()
            .select_related("collectivite")
            .get(pk=deliberation.pk)
        )
        if locked.transmission_exempted:
            raise ValidationError(
                "Cette délibération est déjà déclarée non transmissible."
            )
        if not is_due(locked):
            raise ValidationError(
                "Cette délibération n'est pas à transmettre au contrôle de légalité."
            )
        if Transmission.objects.filter(
            deliberation=locked, sent_on__isnull=False
        ).exists():
            raise ValidationError(
                "Cette délibération est déjà transmise à la préfecture : elle ne "
                "peut plus être déclarée non transmissible."
            )
        locked.transmission_exempted = True
        locked.transmission_exemption_reason = reason
        locked.transmission_exempted_at = timezone.now()
        locked.transmission_exempted_by = by
        locked.save(
            update_fields=[
                "transmission_exempted",
                "transmission_exemption_reason",
                "transmission_exempted_at",
                "transmission_exempted_by",
                "updated_at",
            ]
        )
        record(
            "actes.transmission_exempted",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            number=locked.display_number,
            exception=exception,
            reason=reason,
        )
    return locked


def record_transmission(
    deliberation: Deliberation,
    *,
    by: User,
    sent_on: date | None,
    acknowledged_on: date | None,
    acknowledgement_id: str = "",
) -> Transmission:
    """Keep what the operator says of the sending, refused with a French
    message beside its field (``domain.transmission.check_acknowledgement``).
    Dates may be corrected; every change goes to the journal."""
    if not is_due(deliberation):
        raise ValidationError(
            "Cette délibération n'est pas à transmettre au contrôle de légalité."
        )
    errors = check_acknowledgement(
        Acknowledgement(sent_on, acknowledged_on, acknowledgement_id),
        decided_on=deliberation.adopted_on,
        today=timezone.localdate(),
    )
    if errors:
        grouped: dict[str, list[str]] = {}
        for field, message in errors:
            grouped.setdefault(field, []).append(message)
        raise ValidationError(grouped)
    with transaction.atomic():
        locked = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
        transmission, _ = Transmission.objects.get_or_create(
            deliberation=locked, defaults={"collectivite_id": locked.collectivite_id}
        )
        before = {
            "sent_on": _iso(transmission.sent_on),
            "acknowledged_on": _iso(transmission.acknowledged_on),
            "acknowledgement_id": transmission.acknowledgement_id,
        }
        transmission.sent_on = sent_on
        transmission.acknowledged_on = acknowledged_on
        transmission.acknowledgement_id = acknowledgement_id.strip()
        transmission.recorded_by = by
        transmission.save()
        record(
            "actes.transmission_recorded",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            number=locked.display_number,
            sent_on=_iso(sent_on),
            acknowledged_on=_iso(acknowledged_on),
            acknowledgement_id=transmission.acknowledgement_id,
            before=before,
        )
    return transmission


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
