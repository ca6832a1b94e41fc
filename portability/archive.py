"""The archive of one collectivité: its names, its JSON, its checks.

An archive is a zip file holding ``collectivite.json`` (UTF-8) and
``files/<sha256>``, the bytes of each stored content::

    {
      "format": 1,
      "exported_at": "2026-03-02T09:15:00.123456+00:00",
      "collectivite": "saint-test",
      "rows": {"accounts.user": [{"pk": "…", "fields": {…}}, …], …}
    }

``rows`` follows the order of the registry, and each model's rows the order
of their primary keys, so that exporting the same data twice gives the same
bytes apart from ``exported_at``.
"""

import datetime
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from journal.models import JournalEntry
from journal.services import GENESIS, Break

JSON_NAME = "collectivite.json"
FILES_DIR = "files/"


# Where the export and the import say what they are doing, a line at a time
# (the commands print it); silent by default.
Report = Callable[[str], None]


def silent(line: str) -> None:
    """The report of a caller that wants none."""


def size_of(size: int) -> str:
    """A size as a French reader reads it: 1,2 Mo."""
    for unit, factor in (("Go", 1024**3), ("Mo", 1024**2), ("ko", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}".replace(".", ",")
    return f"{size} octet{'s' if size > 1 else ''}"


class PortabilityError(Exception):
    """Refusal of an export or an import, in words a person can act on."""


def file_name(sha256: str) -> str:
    return f"{FILES_DIR}{sha256}"


class ArchiveEncoder(DjangoJSONEncoder):
    """Django's encoder, but times keep their microseconds: the journal's
    hashes cover them, and a restore must not round anything."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def dumps(document: dict[str, Any]) -> bytes:
    text = json.dumps(document, cls=ArchiveEncoder, ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")


def chain_breaks(entries: Iterable[JournalEntry]) -> list[Break]:
    """Where the chain of one collectivité does not hold, entries in order;
    the same rules as ``journal.services.verify`` for a single chain."""
    breaks: list[Break] = []
    previous = GENESIS
    for entry in entries:
        if entry.previous_hash != previous:
            breaks.append(Break(entry.id, "le lien avec l'entrée précédente est rompu"))
        if entry.compute_hash() != entry.hash:
            breaks.append(Break(entry.id, "le contenu de l'entrée a été modifié"))
        previous = entry.hash
    return breaks
