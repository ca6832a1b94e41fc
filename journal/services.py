"""Writing to and checking the journal."""

import logging
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


def verify() -> list[Break]:
    """Every place where a chain does not hold: a changed entry (its hash
    no longer matches), a removed or inserted one (the link to the previous
    hash of its collectivité is broken)."""
    breaks: list[Break] = []
    previous: dict[object, str] = {}
    for entry in JournalEntry.objects.order_by("id").iterator():
        expected = previous.get(entry.collectivite_id, GENESIS)
        if entry.previous_hash != expected:
            breaks.append(Break(entry.id, "le lien avec l'entrée précédente est rompu"))
        if entry.compute_hash() != entry.hash:
            breaks.append(Break(entry.id, "le contenu de l'entrée a été modifié"))
        previous[entry.collectivite_id] = entry.hash
    return breaks
