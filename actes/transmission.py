"""Recording the transmission of a délibération to the contrôle de
légalité (CGCT L2131-1, L2131-2), RULES §6.4: the sending through the
approved operator and the acknowledgement it returns, whose date fills
the SCDL ``PREF_DATE``. The sending itself happens outside Quorum."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from actes.models import Deliberation, Transmission
from domain.transmission import Acknowledgement, check_acknowledgement, must_transmit
from journal.services import record


def is_due(deliberation: Deliberation) -> bool:
    return must_transmit(
        deliberation.nature, exempted=deliberation.transmission_exempted
    )


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
