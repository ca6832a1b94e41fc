"""What the screen of the council room, and the public online, see of a
séance: the point under discussion, the members present, the quorum, and
each result once announced.

The screen is polled every second, so ``screen_of`` reads it in a fixed
number of queries whatever the size of the council or of the agenda. It
never shows a point à huis clos, not even its title (L2121-18), nor the
drafts of the points: only titles and results.
"""

from dataclasses import dataclass

from django.http import Http404

from domain import access
from proceedings.models import Examination, Sitting, Vote
from proceedings.pages import Live, live
from proceedings.presence import room_of
from seances.models import AgendaItem, Seance

HUIS_CLOS = "Point à huis clos"


@dataclass(frozen=True)
class ShownPoint:
    """A point as the room sees it: its number always, its title and result
    only when it is not à huis clos."""

    number: str
    item: AgendaItem
    vote: Vote | None

    @property
    def huis_clos(self) -> bool:
        return self.item.huis_clos

    @property
    def title(self) -> str:
        return HUIS_CLOS if self.huis_clos else self.item.title

    @property
    def counts(self) -> Vote | None:
        """The vote whose counts the room reads in large figures: a vote on
        a délibération, of a point neither withdrawn nor à huis clos."""
        vote = self.vote
        if self.huis_clos or self.item.outcome or vote is None:
            return None
        return vote if vote.kind == Vote.Kind.DELIBERATION else None

    @property
    def result(self) -> str:
        """The result in one line, as the president announces it."""
        if self.huis_clos:
            return ""
        if self.item.outcome:
            return self.item.get_outcome_display()
        vote = self.vote
        if vote is None:
            return ""
        if vote.kind == Vote.Kind.NOMINATION:
            if vote.elected is not None:
                return f"Élu(e) : {vote.elected.user.full_name}"
            return f"Tour {vote.round_number} sans élu"
        adopted = "Adoptée" if vote.adopted else "Rejetée"
        if vote.casting_vote:
            return f"{adopted}, voix du président prépondérante"
        if vote.pour and not vote.contre and not vote.abstentions:
            return f"{adopted} à l'unanimité"
        return adopted


@dataclass(frozen=True)
class Screen:
    seance: Seance
    sitting: Sitting | None
    live: Live | None
    current: ShownPoint | None
    results: list[ShownPoint]

    @property
    def opened(self) -> bool:
        return self.sitting is not None and self.sitting.roll_call_at is not None

    @property
    def closed(self) -> bool:
        return self.sitting is not None and self.sitting.is_closed

    @property
    def announcement(self) -> str:
        """What a screen reader says when the screen changes: the latest
        event only, never the whole screen again."""
        if self.closed:
            return "La séance est close."
        if not self.opened:
            return "La séance n'est pas encore ouverte."
        current = self.current
        if current is None:
            return "La séance est ouverte."
        if current.huis_clos:
            return f"Point {current.number} : {HUIS_CLOS.lower()}."
        if current.result:
            return f"Point {current.number}, {current.title} : {current.result}."
        return f"Point {current.number} en discussion : {current.title}."


def get_displayed_seance(slug: str, seance_id: object) -> Seance:
    """A séance of the council of ``slug`` whose room may be shown to
    anyone (``domain.access.can_see_room_display``), or 404."""
    seance = (
        Seance.objects.select_related("collectivite")
        .filter(collectivite__slug=slug, pk=seance_id)
        .first()
    )
    if seance is None or not access.can_see_room_display(
        council=seance.is_council, convened=seance.is_convened
    ):
        raise Http404
    return seance


def screen_of(seance: Seance) -> Screen:
    """Seven queries: the sitting, the room (three), whether the séance was
    convened again, the points with their opening, the votes in force with
    the names of the elected."""
    sitting = Sitting.objects.filter(seance=seance).first()
    if sitting is None:
        return Screen(seance, None, None, None, [])
    sitting.seance = seance
    room = room_of(sitting)
    now = live(sitting, room)
    items = list(AgendaItem.objects.filter(seance=seance).select_related("examination"))
    votes: dict[object, Vote] = {}
    for vote in (
        Vote.objects.filter(item__seance=seance, superseded_at__isnull=True)
        .select_related("elected__user")
        .order_by("round_number")
    ):
        votes[vote.item_id] = vote  # the last round of a nomination wins
    shown = [
        ShownPoint(number, item, votes.get(item.pk))
        for number, item in _numbered(items)
    ]
    return Screen(
        seance=seance,
        sitting=sitting,
        live=now,
        current=None if sitting.is_closed else _current(shown),
        results=[point for point in shown if point.result],
    )


def _numbered(items: list[AgendaItem]) -> list[tuple[str, AgendaItem]]:
    """The points in the agenda's order, numbered 1, 2, 2.1, 3…"""
    tops = sorted(
        (item for item in items if item.parent_id is None), key=lambda i: i.position
    )
    lines = []
    for top in tops:
        lines.append((str(top.position), top))
        subs = sorted(
            (item for item in items if item.parent_id == top.pk),
            key=lambda i: i.position,
        )
        lines += [(f"{top.position}.{sub.position}", sub) for sub in subs]
    return lines


def _current(shown: list[ShownPoint]) -> ShownPoint | None:
    """The point opened last: under discussion, or just voted."""
    opened = [
        (examination.opened_at, index)
        for index, point in enumerate(shown)
        if (examination := _examination(point.item)) is not None
    ]
    return shown[max(opened)[1]] if opened else None


def _examination(item: AgendaItem) -> Examination | None:
    try:
        return item.examination
    except Examination.DoesNotExist:
        return None
