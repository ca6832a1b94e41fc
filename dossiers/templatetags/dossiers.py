"""The "Documents de la séance" block of the séance page."""

from typing import Any

from django import template

from dossiers.panel import documents_panel
from dossiers.typography import french_spacing

register = template.Library()


@register.simple_tag(takes_context=True)
def seance_documents(context: template.Context, seance: Any) -> dict[str, Any]:
    """What the séance page shows of the documents, for the person reading."""
    return documents_panel(context["ctx"], seance)


@register.filter(is_safe=True)
def typographie(value: Any) -> str:
    """The non-breaking spaces of French typography (``dossiers.typography``),
    around the texts of the printed documents."""
    return french_spacing(value)
