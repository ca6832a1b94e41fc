"""What the dashboard shows of the séances to come."""

from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from collectivites.access import Context
from domain import access
from seances.deadlines import deadline_for
from seances.models import AgendaItem, Seance


def dashboard_context(ctx: Context) -> dict[str, Any]:
    """For the administration, the next council séances in preparation with
    their points not yet validated and the convocation deadline; for an élu,
    the points they report on séances not yet closed."""
    upcoming = []
    if access.can_manage_seances(ctx.actor):
        seances = (
            Seance.objects.filter(
                collectivite=ctx.collectivite,
                workspace__isnull=True,
                status=Seance.Status.PREPARATION,
                starts_at__gte=timezone.now(),
            )
            .select_related("collectivite")
            .annotate(
                pending=Count(
                    "items",
                    filter=Q(items__outcome="")
                    & ~Q(items__state=AgendaItem.State.VALIDE),
                ),
                icpe=Count(
                    "items", filter=Q(items__outcome="", items__concerns_icpe=True)
                ),
            )
            .order_by("starts_at")[:3]
        )
        today = timezone.localdate()
        upcoming = [
            (
                seance,
                deadline_for(
                    ctx.collectivite, seance, has_icpe_item=seance.icpe > 0, today=today
                ),
            )
            for seance in seances
        ]
    reported = (
        AgendaItem.objects.filter(
            rapporteur=ctx.membership,
            outcome="",
            seance__collectivite=ctx.collectivite,
        )
        .exclude(seance__status=Seance.Status.CLOSE)
        .select_related("seance__collectivite")
        .order_by("seance__starts_at", "position")[:10]
    )
    return {"upcoming": upcoming, "reported": list(reported)}
