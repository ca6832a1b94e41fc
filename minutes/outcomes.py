"""What the page of a closed séance shows of each point: its outcome
(adopté, rejeté, retiré, reporté), the counts of its vote in force, the
link to its délibération once built and to the séance's procès-verbal.

Only for the points the actor sees on the agenda (``seances.agenda``): a
point à huis clos reaches only those who may see it, and its
délibération follows ``domain.access.can_see_deliberation``. Three
queries at most, whatever the size of the agenda.
"""

from dataclasses import dataclass
from typing import Any

from actes.models import Deliberation
from collectivites.access import Context
from domain import access
from minutes.models import ProcesVerbal
from proceedings.models import Vote
from seances.agenda import Line
from seances.models import AgendaItem, Seance


@dataclass(frozen=True)
class PointOutcome:
    label: str
    # The DSFR badge: success, error, info or new.
    level: str
    vote: Vote | None
    deliberation: Deliberation | None

    @property
    def counts_shown(self) -> bool:
        return self.vote is not None and self.vote.kind == Vote.Kind.DELIBERATION


def attach_outcomes(ctx: Context, seance: Seance, lines: list[Line]) -> dict[str, Any]:
    """Once the séance is closed, set ``item.after_seance`` (a
    ``PointOutcome``) on the point of each line; give the
    ``proces_verbal`` the actor may open, if there is one."""
    if seance.status != Seance.Status.CLOSE or not lines:
        return {"proces_verbal": None}
    items = [line.item for line in lines]
    votes: dict[object, Vote] = {}
    for vote in (
        Vote.objects.filter(item__in=items, superseded_at__isnull=True)
        .select_related("elected__user")
        .order_by("round_number")
    ):
        votes[vote.item_id] = vote  # the last round of a nomination wins
    deliberations: dict[object, Deliberation] = {}
    if access.can_see_deliberations(ctx.actor):
        deliberations = {
            one.item_id: one
            for one in Deliberation.objects.filter(
                collectivite=ctx.collectivite, item__in=items
            )
        }
    for line in lines:
        item = line.item
        deliberation = deliberations.get(item.pk)
        if deliberation is not None and not access.can_see_deliberation(
            ctx.actor, huis_clos=item.huis_clos, point=line.facts
        ):
            deliberation = None
        item.after_seance = _outcome(  # type: ignore[attr-defined]
            item, votes.get(item.pk), deliberation
        )
    proces_verbal = None
    if access.can_see_minutes(ctx.actor):
        proces_verbal = (
            ProcesVerbal.objects.filter(collectivite=ctx.collectivite, seance=seance)
            .select_related("seance__collectivite")
            .first()
        )
    return {"proces_verbal": proces_verbal}


def _outcome(
    item: AgendaItem, vote: Vote | None, deliberation: Deliberation | None
) -> PointOutcome:
    if item.outcome:
        return PointOutcome(item.get_outcome_display(), "new", None, None)
    if vote is None:
        label = "Non voté" if item.is_deliberation else "Sans vote"
        return PointOutcome(label, "info", None, deliberation)
    if vote.kind == Vote.Kind.NOMINATION:
        label = (
            f"Élu(e) : {vote.elected.user.full_name}"
            if vote.elected is not None
            else f"Tour {vote.round_number} sans élu"
        )
        return PointOutcome(label, "info", vote, deliberation)
    if vote.adopted:
        return PointOutcome("Adopté", "success", vote, deliberation)
    return PointOutcome("Rejeté", "error", vote, deliberation)
