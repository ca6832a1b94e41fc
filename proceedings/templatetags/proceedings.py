from django import template

from collectivites.access import Context
from domain import access
from proceedings.access import HELD
from seances.models import Seance

register = template.Library()


@register.filter
def can_hold(seance: Seance, ctx: Context) -> bool:
    """Whether the séance page links to the page that holds it."""
    return (
        access.can_run_seance(ctx.actor) and seance.is_council and seance.status in HELD
    )
