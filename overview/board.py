"""The board of a séance's points, one column per step of the review.

Each card says who holds the point now and since when: the drafters while
it is a brouillon, its rapporteur during the review, the maire (or the
adjoint he named) once approved, the maire again to convene it. A fixed
number of queries, whatever the number of points.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from collectivites.access import Context
from collectivites.models import Membership
from journal.models import JournalEntry
from overview.moves import Move, moves_for
from seances.access import visible_seances
from seances.agenda import Line, agenda_lines
from seances.models import AgendaItem, Seance

State = AgendaItem.State
COLUMNS = (State.BROUILLON, State.RELECTURE, State.VALIDE, State.INSCRIT)
# The journal's entries after which someone else holds the point.
HANDOVERS = (
    "agenda.item_added",
    "review.requested",
    "review.approved",
    "review.changes_asked",
    "review.validated",
    "review.reopened",
    "review.approval_withdrawn",
    "review.not_needed",
)
CHOICES = 12


@dataclass(frozen=True)
class Card:
    item: AgendaItem
    number: str
    holder: str
    since: date | datetime
    moves: list[Move]

    @property
    def can_ask_changes(self) -> bool:
        return any(move.needs_message for move in self.moves)

    @property
    def buttons(self) -> list[Move]:
        return [move for move in self.moves if not move.needs_message]


@dataclass(frozen=True)
class Column:
    state: str
    label: str
    cards: list[Card]


def board_seances(ctx: Context) -> QuerySet[Seance]:
    """The séances the board may show: those to come that the actor sees."""
    today = timezone.localdate()
    return (
        visible_seances(ctx)
        .exclude(status=Seance.Status.CLOSE)
        .filter(starts_at__date__gte=today)
        .select_related("collectivite", "workspace")
        .order_by("starts_at")
    )


def default_seance(seances: list[Seance]) -> Seance | None:
    """The next council séance in preparation, else the next séance in
    preparation, else the next one."""
    preparing = [s for s in seances if s.status == Seance.Status.PREPARATION]
    council = [s for s in preparing if s.is_council]
    return (council or preparing or seances or [None])[0]


def board_columns(ctx: Context, seance: Seance) -> list[Column]:
    lines = [line for line in agenda_lines(ctx, seance) if line.item.is_active]
    people = _people(lines)
    since = _last_handover(lines)
    cards: dict[str, list[Card]] = {state: [] for state in COLUMNS}
    for line in lines:
        item = line.item
        cards[item.state].append(
            Card(
                item=item,
                number=line.number,
                holder=_holder(item, people),
                since=_since(item, since),
                moves=moves_for(ctx.actor, item, line.facts),
            )
        )
    return [Column(state, State(state).label, cards[state]) for state in COLUMNS]


def _people(lines: list[Line]) -> dict[object, str]:
    """The names of the agents and validators of the points, in one query."""
    ids = {line.item.validator_id for line in lines if line.item.validator_id}
    ids |= {agent.pk for line in lines for agent in line.item.agents.all()}
    if not ids:
        return {}
    members = Membership.objects.filter(pk__in=ids).select_related("user")
    return {member.pk: member.user.full_name for member in members}


def _last_handover(lines: list[Line]) -> dict[str, datetime]:
    """When each point last changed hands, from the journal."""
    entries = JournalEntry.objects.filter(
        target_type=AgendaItem._meta.label_lower,
        target_id__in=[str(line.item.pk) for line in lines],
        action__in=HANDOVERS,
    ).values_list("target_id", "at")
    last: dict[str, datetime] = {}
    for target_id, at in entries.order_by("id"):
        last[target_id] = at
    return last


def _holder(item: AgendaItem, people: dict[object, str]) -> str:
    if item.state == State.INSCRIT:
        return "Le conseil, convoqué"
    if not item.is_deliberation:
        return "Prêt, sans relecture"
    if item.state == State.BROUILLON:
        agents = [people[agent.pk] for agent in item.agents.all()]
        return "Rédaction : " + (", ".join(agents) or "secrétariat de mairie")
    if item.state == State.RELECTURE and item.rapporteur_approved_at is None:
        rapporteur = item.rapporteur.user.full_name if item.rapporteur else "?"
        return f"Relecture : {rapporteur}"
    if item.state == State.RELECTURE:
        validator = people.get(item.validator_id, "le maire")
        return f"Validation : {validator}"
    return "À convoquer : le maire"


def _since(item: AgendaItem, last: dict[str, datetime]) -> date | datetime:
    if item.state == State.INSCRIT and item.seance.convened_on is not None:
        return item.seance.convened_on
    if item.state == State.RELECTURE:
        # The model's own dates: the review's delay is counted from them.
        moment = item.rapporteur_approved_at or item.review_requested_at
        if moment is not None:
            return moment
    return last.get(str(item.pk), item.created_at)
