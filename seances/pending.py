"""Who holds what is pending on a point, and since when.

A draft waits for its drafters, a draft under review for its rapporteur, an
approved draft for the maire or the adjoint he named; each of them may have
handed that task to someone for a while (``collectivites.interims``).
"""

from collections.abc import Iterable

from django.utils import timezone

from collectivites.interims import Holder, holder_of, running_by_giver
from collectivites.models import Collectivite, Interim, Membership
from domain.interim import Scope
from domain.roles import Role
from seances.models import AgendaItem

State = AgendaItem.State


def holder_for(
    item: AgendaItem,
    running: dict[tuple[object, str], Interim],
    maire: Membership | None,
) -> Holder | None:
    """Who holds ``item``'s next step; ``None`` once nothing waits on it.
    Its ``rapporteur``, ``validator`` and ``agents`` are expected loaded
    with their users."""
    if not item.is_deliberation or item.outcome or item.seance.is_convened:
        return None
    if item.state == State.BROUILLON:
        agents = list(item.agents.all())
        if not agents:
            return None
        return holder_of(agents[0], Scope.PREPARATION, item.created_at, running)
    if item.state != State.RELECTURE:
        return None
    if item.rapporteur_approved_at is None:
        return holder_of(
            item.rapporteur, Scope.REVIEWS, item.review_requested_at, running
        )
    if item.validator is not None:
        return Holder(item.validator, item.rapporteur_approved_at)
    return holder_of(maire, Scope.VALIDATIONS, item.rapporteur_approved_at, running)


def attach_holders(collectivite: Collectivite, items: Iterable[AgendaItem]) -> None:
    """Set ``item.holder`` on each of ``items``, in two queries whatever
    their number."""
    today = timezone.localdate()
    running = running_by_giver(collectivite, today)
    maire = (
        Membership.objects.current(today)
        .filter(collectivite=collectivite, role=Role.MAIRE)
        .select_related("user")
        .first()
    )
    for item in items:
        item.holder = holder_for(item, running, maire)  # type: ignore[attr-defined]
