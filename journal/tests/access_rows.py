"""Who reaches the journal of a collectivité: its managers (the maire, the
secrétaire), nobody else. See ``web/tests/matrix.py`` for what a row means."""

from typing import Any

from quorum.testing import World
from web.tests.matrix import ADMINISTRATION, Row


def _in_commune(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _export(fmt: str) -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        return {"collectivite": world.slug, "fmt": fmt}

    return kwargs


ROWS = {
    "journal:page": Row(_in_commune, ADMINISTRATION),
    "journal:export": (
        Row(_export("csv"), ADMINISTRATION),
        Row(_export("json"), ADMINISTRATION),
    ),
}
