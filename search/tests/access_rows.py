"""Who reaches the search page. See ``web/tests/matrix.py``.

Every member in office searches; what each one finds is checked in
``test_search`` against the markers of the world.
"""

from typing import Any

from quorum.testing import World
from web.tests.matrix import MEMBERS, Row


def _in_commune(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


ROWS = {
    "search:results": Row(_in_commune, MEMBERS),
}
