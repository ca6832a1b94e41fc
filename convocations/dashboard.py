"""What the dashboard shows a member of the séances they are convened to
and that are still ahead or under way: the date, the way to their
dossier, whether they confirmed receiving the convocation, their answer,
and the procuration they gave or hold. Three queries whatever the number
of séances: the actor's deliveries with their séance and answer, then
the procurations in force of those séances that concern the actor."""

from dataclasses import dataclass

from django.db.models import Q

from collectivites.access import Context
from convocations.access import convened_deliveries
from convocations.models import Delivery, Procuration, Reply
from domain import access
from seances.models import Seance

# The dashboard shows the nearest ones; "Mes séances" has them all.
SHOWN = 5


@dataclass(frozen=True)
class ConvenedOnDashboard:
    delivery: Delivery
    seance: Seance
    reply: Reply | None
    # The procuration the actor gave for this séance, and the one they hold.
    given: Procuration | None
    held: Procuration | None


def convened_for_dashboard(ctx: Context) -> list[ConvenedOnDashboard]:
    if not access.can_see_own_convocations(ctx.actor):
        return []
    deliveries = list(
        convened_deliveries(ctx)
        .filter(
            convocation__seance__status__in=(
                Seance.Status.CONVOQUEE,
                Seance.Status.EN_COURS,
            )
        )
        .select_related(
            "convocation__seance__collectivite",
            "convocation__seance__workspace",
            "reply",
        )
        .order_by("convocation__seance__starts_at")[:SHOWN]
    )
    if not deliveries:
        return []
    given: dict[object, Procuration] = {}
    held: dict[object, Procuration] = {}
    me = ctx.membership.pk
    for procuration in Procuration.objects.filter(
        Q(mandant=me) | Q(mandataire=me),
        seance__in=[delivery.convocation.seance_id for delivery in deliveries],
        revoked_at__isnull=True,
    ).select_related("mandant__user", "mandataire__user"):
        if procuration.mandant_id == me:
            given[procuration.seance_id] = procuration
        else:
            held[procuration.seance_id] = procuration
    return [
        ConvenedOnDashboard(
            delivery=delivery,
            seance=delivery.convocation.seance,
            reply=getattr(delivery, "reply", None),
            given=given.get(delivery.convocation.seance_id),
            held=held.get(delivery.convocation.seance_id),
        )
        for delivery in deliveries
    ]
