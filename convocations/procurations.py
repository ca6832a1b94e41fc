"""The rules of procurations (``domain.procurations``) applied to a séance's
rows: who is in office, which procurations are in force, and why a new one
is refused, in words a councillor understands (CGCT L2121-20)."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from collectivites.models import Membership
from convocations.models import WRITTEN_CHANNELS, Procuration
from domain import procurations as rules
from domain.council import Councillor
from seances.models import Seance

HOLDS_ONE_ALREADY = (
    "Un conseiller ne peut détenir qu'une seule procuration par séance "
    "(CGCT L2121-20) : choisissez un autre collègue."
)
NOT_WRITTEN = (
    "Une procuration est écrite (CGCT L2121-20) : un appel téléphonique n'en "
    "est pas une. Enregistrez-la quand le pouvoir signé arrive, sur papier ou "
    "par e-mail."
)
COUNCIL_ONLY = (
    "Les procurations valent pour les séances du conseil municipal "
    "(CGCT L2121-20), pas pour les réunions de commission."
)


def councillor(member: Membership) -> Councillor:
    return Councillor(id=member.pk, name=member.user.full_name or member.user.email)


def in_force(seance: Seance) -> QuerySet[Procuration]:
    """The procurations of the séance not revoked, in the order received:
    when two compete, the first one received is kept (``domain``)."""
    return (
        Procuration.objects.filter(seance=seance, revoked_at__isnull=True)
        .select_related("mandant__user", "mandataire__user")
        .order_by("created_at", "pk")
    )


def council_in_office(seance: Seance) -> QuerySet[Membership]:
    """The members in office today: those who may give and hold one."""
    return (
        Membership.objects.current(timezone.localdate())
        .elus()
        .filter(collectivite_id=seance.collectivite_id)
        .select_related("user")
    )


def check_procuration(
    seance: Seance, *, mandant: Membership, mandataire: Membership, channel: str
) -> None:
    """Refuse, with the reason, a procuration that L2121-20 does not allow
    beside those already in force for the séance; the mandant's own current
    one is left out, since the new one replaces it."""
    if not seance.is_council:
        raise ValidationError(COUNCIL_ONLY)
    if channel not in WRITTEN_CHANNELS:
        raise ValidationError({"channel": NOT_WRITTEN})

    in_office = frozenset(councillor(member) for member in council_in_office(seance))
    others = [
        rules.Procuration(councillor(p.mandant), councillor(p.mandataire))
        for p in in_force(seance).exclude(mandant=mandant)
    ]
    proposed = rules.Procuration(councillor(mandant), councillor(mandataire))
    check = rules.validate_procurations([*others, proposed], in_office)
    refusal = next((r for r in check.refused if r.procuration is proposed), None)
    if refusal is not None:
        raise ValidationError(
            {"mandataire": _explained(refusal.reason, proposed, check)}
        )
    pointless = rules.gives_to_an_absent(proposed, others)
    if pointless is not None:
        raise ValidationError({"mandataire": pointless})


def _explained(
    reason: str, proposed: rules.Procuration, check: rules.ProcurationCheck
) -> str:
    """The domain's reason, with the rule it applies when it does not say."""
    holds = proposed.mandant != proposed.mandataire and any(
        other.mandataire == proposed.mandataire for other in check.accepted
    )
    if holds:
        return f"{reason} {HOLDS_ONE_ALREADY}"
    if "L2121-20" in reason:
        return reason
    return reason.removesuffix(".") + " (CGCT L2121-20)."
