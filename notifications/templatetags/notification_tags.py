from django import template

from notifications.services import visible_notifications

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context: template.Context) -> int:
    """The number on the bell of the header: one query."""
    ctx = context.get("ctx")
    if ctx is None:
        return 0
    return visible_notifications(ctx).filter(read_at__isnull=True).count()
