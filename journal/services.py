"""Writing to and checking the journal."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from journal.models import JournalEntry

logger = logging.getLogger(__name__)

GENESIS = "0" * 64


def record(
    action: str,
    *,
    collectivite: Any = None,
    actor: Any = None,
    target: models.Model | None = None,
    **data: Any,
) -> JournalEntry:
    """Append an entry chained to the last one of the same collectivité.

    Each collectivité has its own chain, so that its journal can be exported
    and verified alone. Call inside the transaction of the change it records,
    so that both land or neither does."""
    with transaction.atomic():
        last = (
            JournalEntry.objects.select_for_update()
            .filter(collectivite=collectivite)
            .order_by("-id")
            .first()
        )
        person = actor if getattr(actor, "is_authenticated", False) else None
        entry = JournalEntry(
            collectivite=collectivite,
            actor=person,
            actor_label=person.email if person is not None else "",
            at=timezone.now(),
            action=action,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            data=data,
            previous_hash=last.hash if last else GENESIS,
        )
        entry.hash = entry.compute_hash()
        entry.save()
    return entry


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    reason: str
    # What the entry says of itself, to find it among the others.
    action: str = ""
    at: str = ""

    def describe(self) -> str:
        said = f" ({self.action}, {self.at})" if self.action else ""
        return f"Entrée n° {self.entry_id}{said} : {self.reason}."


def verify() -> list[Break]:
    """Every place where a chain does not hold, naming the entry:

    - changed: its hash no longer matches what it says;
    - removed: the entry after the gap names a previous hash that no
      entry of its chain has (any longer);
    - inserted: an entry names as previous an entry that is not the one
      before it; the entry after an inserted one, or the inserted one
      itself when it was added at the end, is named with both
      neighbours."""
    breaks: list[Break] = []
    previous: dict[object, JournalEntry] = {}
    seen: dict[object, dict[str, int]] = {}
    for entry in JournalEntry.objects.order_by("id").iterator():
        chain = entry.collectivite_id
        before = previous.get(chain)
        expected = before.hash if before is not None else GENESIS
        known = seen.setdefault(chain, {})
        facts = {"action": entry.action, "at": f"{entry.at:%d/%m/%Y %H:%M:%S}"}
        if entry.previous_hash != expected:
            after = f"n° {before.id}" if before is not None else "le début du journal"
            if entry.previous_hash in known:
                reason = (
                    f"elle suit l'entrée n° {known[entry.previous_hash]} et non "
                    f"l'entrée précédente ({after}) : une entrée a été insérée "
                    "entre les deux, ou celle-ci l'a été"
                )
            else:
                reason = (
                    f"l'entrée qui la précédait, après {after}, a été supprimée "
                    "ou modifiée"
                )
            breaks.append(Break(entry.id, reason, **facts))
        if entry.compute_hash() != entry.hash:
            breaks.append(
                Break(entry.id, "le contenu de l'entrée a été modifié", **facts)
            )
        known[entry.hash] = entry.id
        previous[chain] = entry
    return breaks


def record_huis_clos_read(
    *, collectivite: Any, actor: Any, items: Iterable[Any], page: str
) -> JournalEntry | None:
    """Keep who read which points à huis clos, and where (``page``: the
    point, an annex, the dossier of "Mes séances", a compiled PDF).

    The one write a GET makes: an access log, appended to the journal and
    changing nothing else, so that a council can know who read what was
    debated behind closed doors (CGCT L2121-18). Points that are not à
    huis clos are left out; nothing is written when none is."""
    closed = [item for item in items if item.huis_clos]
    if not closed:
        return None
    return record(
        "point.huis_clos_read",
        collectivite=collectivite,
        actor=actor,
        target=closed[0] if len(closed) == 1 else None,
        seance=str(closed[0].seance_id),
        items=[str(item.pk) for item in closed],
        page=page,
    )
