"""The convocation blocks of the séance's pages."""

from typing import Any

from django import template

from convocations.panel import convocation_panel as panel_of
from convocations.panel import recipients_summary
from convocations.sending import explained

register = template.Library()


@register.filter
def server_answer(error: str) -> str:
    """A mail server's refusal as the secrétaire reads it."""
    return explained(error)


@register.simple_tag(takes_context=True)
def convocation_panel(context: template.Context, seance: Any) -> dict[str, Any]:
    """What the séance page shows of its convocation, to the person reading."""
    return panel_of(context["ctx"], seance)


@register.simple_tag
def convocation_recipients(seance: Any) -> dict[str, Any]:
    """Who the convocation will go to, before it is sent."""
    return recipients_summary(seance)
