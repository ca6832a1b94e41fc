"""The calendar feed of a person, found by its secret address, or 404."""

from django.http import Http404

from collectivites.access import Context, actor_for
from domain import access
from overview.models import CalendarFeed


def get_feed_context(token: str) -> Context:
    """The context of the member whose feed ``token`` opens: what they would
    see logged in, nothing more. An address replaced or deleted, and the
    feed of someone no longer in office, lead nowhere."""
    feed = (
        CalendarFeed.objects.select_related(
            "membership__collectivite", "membership__user"
        )
        .filter(token=token)
        .first()
    )
    if feed is None:
        raise Http404
    membership = feed.membership
    actor = actor_for(membership)
    if not access.can_see_calendar(actor):
        raise Http404
    return Context(membership.collectivite, membership, actor)
