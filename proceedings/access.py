"""Fetching a séance or a point to hold, with its access rule, or 404."""

from uuid import UUID

from collectivites.access import Context, require
from domain import access
from seances.access import get_point_for, get_seance_for
from seances.models import AgendaItem, Seance

HELD = {Seance.Status.CONVOQUEE, Seance.Status.EN_COURS, Seance.Status.CLOSE}


def get_running_seance_for(ctx: Context, seance_id: UUID) -> Seance:
    """A convened séance of the council the actor may hold
    (``domain.access.can_run_seance``)."""
    require(access.can_run_seance(ctx.actor))
    seance = get_seance_for(ctx, seance_id)
    require(seance.is_council and seance.status in HELD)
    return seance


def get_running_point_for(ctx: Context, item_id: UUID) -> AgendaItem:
    """A point of a séance open or closed, for the actor who holds it."""
    require(access.can_run_seance(ctx.actor))
    item, _ = get_point_for(ctx, item_id)
    require(
        item.seance.is_council
        and item.seance.status in {Seance.Status.EN_COURS, Seance.Status.CLOSE}
    )
    return item
