"""The demo's document history: in the Projet école, a quote whose first
version was restored after a second one, and a duplicate put in the trash,
through the same services as a person's actions."""

import io
import logging
from typing import IO, TYPE_CHECKING, TypedDict

from demo import data
from documents.services import (
    add_version,
    create_document,
    delete_document,
    restore_version,
)

if TYPE_CHECKING:
    from demo.builder import BuiltTown

logger = logging.getLogger(__name__)

WORKSPACE = "Projet école"
QUOTE_TITLE = "Devis — remplacement des menuiseries de l'école"
FIRST_QUOTE = (
    "Devis n° 2027-014 — Menuiserie Durand\n"
    "Remplacement de 14 fenêtres en bois : 38 600 € HT.\n"
    "Délai : 6 semaines, pendant les vacances d'été.\n"
)
SECOND_QUOTE = (
    "Devis n° 2027-021 — Alu Services\n"
    "Remplacement de 14 fenêtres en aluminium : 34 900 € HT.\n"
    "Délai : 10 semaines.\n"
)


def seed_document_history(built: "dict[str, BuiltTown]") -> None:
    town = built[data.CORPUS_TOWN]
    workspace = town.workspaces[WORKSPACE]
    agent = town.members["agent_technique"].user
    adjointe = town.members["adjointe_ecoles"].user

    quote = create_document(
        workspace=workspace,
        author=agent,
        title=QUOTE_TITLE,
        note="premier devis reçu",
        **_file("devis-menuiseries.txt", FIRST_QUOTE),
    )
    add_version(
        document=quote,
        author=agent,
        note="devis moins cher, délai plus long",
        **_file("devis-menuiseries.txt", SECOND_QUOTE),
    )
    first = quote.versions.get(number=1)
    # The works must end before the school year: the first quote is kept.
    restore_version(version=first, author=adjointe)

    duplicate = create_document(
        workspace=workspace,
        author=agent,
        title="Devis menuiseries (envoyé deux fois)",
        **_file("devis-menuiseries-copie.txt", FIRST_QUOTE),
    )
    delete_document(document=duplicate, by=adjointe)
    logger.debug("demo document history built document=%s", quote.pk)


class _File(TypedDict):
    stream: IO[bytes]
    filename: str
    size: int


def _file(filename: str, text: str) -> _File:
    content = text.encode()
    return {"stream": io.BytesIO(content), "filename": filename, "size": len(content)}
