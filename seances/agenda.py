"""The agenda of a séance as one person may see it: numbered, filtered."""

from dataclasses import dataclass

from collectivites.access import Context
from domain import access
from domain.access import PointFacts
from seances.access import point_facts
from seances.models import AgendaItem, Seance


@dataclass(frozen=True)
class Line:
    item: AgendaItem
    number: str
    facts: PointFacts
    is_first: bool
    is_last: bool


def agenda_lines(ctx: Context, seance: Seance) -> list[Line]:
    """The points the actor may see, in order, numbered 1, 1.1, 1.2, 2…

    Numbers count every point, seen or not, so that everyone speaks of the
    same point by the same number. A fixed number of queries whatever the
    size of the agenda."""
    items = list(
        seance.items.select_related("rapporteur__user", "seance")
        .prefetch_related("agents", "annexes__document", "annexes__version")
        .order_by("position")
    )
    for item in items:
        item.seance = seance  # the loaded one, with its collectivité
    tops = [item for item in items if item.parent_id is None]
    children: dict[object, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    lines: list[Line] = []
    for index, top in enumerate(tops, start=1):
        _append(ctx, lines, top, str(index), tops)
        subs = children.get(top.pk, [])
        for sub_index, sub in enumerate(subs, start=1):
            _append(ctx, lines, sub, f"{index}.{sub_index}", subs)
    return lines


def _append(
    ctx: Context,
    lines: list[Line],
    item: AgendaItem,
    number: str,
    siblings: list[AgendaItem],
) -> None:
    facts = point_facts(ctx, item)
    if access.can_see_point(ctx.actor, facts):
        lines.append(
            Line(item, number, facts, item is siblings[0], item is siblings[-1])
        )


def number_of(item: AgendaItem) -> str:
    """The number of one point (a few queries, for a single point's page)."""
    seance_items = item.seance.items
    if item.parent_id is None:
        return str(
            seance_items.filter(
                parent__isnull=True, position__lte=item.position
            ).count()
        )
    parent = item.parent
    if parent is None:  # a sub-point always has its parent
        raise ValueError(item.pk)
    top = seance_items.filter(
        parent__isnull=True, position__lte=parent.position
    ).count()
    sub = seance_items.filter(parent=parent, position__lte=item.position).count()
    return f"{top}.{sub}"
