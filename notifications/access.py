"""Whether the recipient of a notification still sees what it is about.

A notification is shown and mailed only while its recipient sees its
subject, decided again each time: a document through its workspace
(``domain.access.can_discuss_document``), an agenda point through
``domain.access.can_see_seances`` and ``can_see_point``, exactly as its page
decides (``seances.access.get_point_for``).
"""

from uuid import UUID

from django.db.models import QuerySet

from accounts.models import User
from collectivites.access import Context, actor_for
from collectivites.models import Collectivite, Membership
from domain import access
from seances.access import sees_point
from seances.models import AgendaItem


def context_of(user: User, collectivite: Collectivite) -> Context | None:
    """The place ``user`` holds today in ``collectivite``, as a request of
    theirs would have it; ``None`` once they left it (two queries)."""
    membership = (
        Membership.objects.current()
        .select_related("user")
        .filter(user=user, collectivite=collectivite)
        .first()
    )
    if membership is None:
        return None
    actor = actor_for(membership)
    if not access.can_enter_collectivite(actor):
        return None
    return Context(collectivite, membership, actor)


def visible_point_ids(ctx: Context, about: QuerySet[AgendaItem]) -> list[UUID]:
    """Those of the points ``about`` that the actor sees, decided point by
    point by the rule itself: two queries whatever their number (none for
    the agents when there is no point)."""
    items = (
        about.filter(seance__collectivite=ctx.collectivite)
        .select_related("seance")
        .prefetch_related("agents")
    )
    return [item.pk for item in items if sees_point(ctx, item)]
