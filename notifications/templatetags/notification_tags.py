from django import template

from notifications.services import visible_notifications

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context: template.Context) -> int:
    """The number on the bell of the header: three queries at most (the
    unread points, their agents, the count), whatever the number."""
    ctx = context.get("ctx")
    if ctx is None:
        return 0
    return visible_notifications(ctx, unread_only=True).count()
