from typing import Any

from django import template

from overview.timeline import point_timeline
from seances.access import point_facts

register = template.Library()


@register.inclusion_tag("overview/includes/timeline.html", takes_context=True)
def point_history(context: template.Context, item: Any) -> dict[str, Any]:
    """The timeline of a point on its page (``overview.timeline``); the
    page has already checked that its viewer sees the point."""
    ctx = context["ctx"]
    return {"steps": point_timeline(ctx, item, point_facts(ctx, item))}
