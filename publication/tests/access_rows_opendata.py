"""Who reaches the open data of a collectivité: its SCDL file is for
anyone; loading its history is for its administration."""

from typing import Any

from quorum.testing import World, uploaded_file
from web.tests.matrix import ADMINISTRATION, LOGGED_IN, Row


def _in_commune(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _not_scdl(world: World) -> dict[str, Any]:
    return {"file": uploaded_file("liste.csv", b"nom;prenom\nDupont;Jean\n")}


ROWS = {
    "opendata:deliberations_csv": Row(
        _in_commune, LOGGED_IN | {"anonymous"}, public=True
    ),
    "opendata:history_import": (
        Row(_in_commune, ADMINISTRATION),
        # A file that is not SCDL: the form says so, nothing is stored.
        Row(_in_commune, ADMINISTRATION, method="POST", data=_not_scdl),
    ),
}
