"""Fetching délibérations with their access rule, or 404
(``domain.access``: can_see_deliberation and the others)."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from actes.models import Deliberation
from collectivites.access import Context, require
from domain import access
from seances.access import point_facts
from seances.models import Seance


def _facts(ctx: Context, deliberation: Deliberation) -> access.PointFacts | None:
    item = deliberation.item
    return point_facts(ctx, item) if item is not None else None


def sees(ctx: Context, deliberation: Deliberation) -> bool:
    """Whether the actor reads ``deliberation``, its point's ``agents``
    prefetched when called in a loop."""
    return deliberation.collectivite_id == ctx.collectivite.pk and (
        access.can_see_deliberation(
            ctx.actor,
            huis_clos=bool(deliberation.item and deliberation.item.huis_clos),
            point=_facts(ctx, deliberation),
        )
    )


def deliberations_of(ctx: Context, seance: Seance) -> list[Deliberation]:
    """The délibérations of ``seance`` the actor reads, in their order."""
    require(access.can_see_deliberations(ctx.actor))
    rows = (
        Deliberation.objects.filter(collectivite=ctx.collectivite, seance=seance)
        .select_related("item__seance", "collectivite")
        .prefetch_related("item__agents", "signatures")
        .order_by("order")
    )
    return [one for one in rows if sees(ctx, one)]


def _fetch(ctx: Context) -> QuerySet[Deliberation]:
    return Deliberation.objects.select_related(
        "collectivite", "seance__collectivite", "item__seance", "pdf", "signed_pdf"
    ).prefetch_related("item__agents")


def get_deliberation_for(ctx: Context, deliberation_id: UUID) -> Deliberation:
    deliberation = (
        _fetch(ctx).filter(collectivite=ctx.collectivite, id=deliberation_id).first()
    )
    if deliberation is None or not sees(ctx, deliberation):
        raise Http404
    return deliberation


def get_transmittable_for(ctx: Context, deliberation_id: UUID) -> Deliberation:
    require(access.can_transmit_deliberation(ctx.actor))
    return get_deliberation_for(ctx, deliberation_id)
