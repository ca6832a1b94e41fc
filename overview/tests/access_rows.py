"""Who reaches the board, the calendar and its feed. See ``web/tests/matrix.py``.

The feed's address opens without login: whoever holds it reads the
calendar of the member it belongs to (here the conseiller), and nothing
else; a wrong or revoked address leads nowhere (``test_feed``).
"""

from typing import Any

from overview.services import renew_feed
from quorum.testing import World
from seances.tests.access_rows import DRAFT_READERS, make_draft_point
from web.tests.matrix import LOGGED_IN, MEMBERS, Row


def _slug(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _draft(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "item_id": make_draft_point(world).pk}


def _feed(world: World) -> dict[str, Any]:
    return {"token": renew_feed(world.memberships["conseiller"]).token}


ROWS = {
    "overview:feed": Row(_feed, LOGGED_IN, public=True),
    "overview:board": Row(_slug, MEMBERS),
    # Whoever sees the point asks; the rules then take the step or say why
    # (the secrétaire and the agent may ask for the review, the maire and
    # the rapporteur are told whose turn it is).
    "overview:move": Row(
        _draft,
        DRAFT_READERS,
        method="POST",
        ok_status=302,
        data=lambda w: {"to": "relecture", "revision": 1},
    ),
    "overview:calendar": Row(_slug, MEMBERS),
    "overview:agenda_list": Row(_slug, MEMBERS),
    "overview:feed_settings": Row(_slug, MEMBERS),
    "overview:feed_renew": Row(_slug, MEMBERS, method="POST", ok_status=302),
    "overview:feed_revoke": Row(_slug, MEMBERS, method="POST", ok_status=302),
}
