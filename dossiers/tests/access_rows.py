"""Who reaches the documents of a séance. See ``web/tests/matrix.py``.

Before the convocation: the maire and the secrétaire (the adjointe,
rapporteur of the only point, and the agent named on it see that point,
so they read the documents too); from the convocation, every élu. The
public dossier stays with the administration until it is published.
"""

from typing import Any

from dossiers.services import request_build
from quorum.testing import World
from seances.tests.access_rows import (
    COUNCIL,
    DRAFT_READERS,
    make_convened_point,
    make_draft_point,
)
from web.tests.matrix import ADMINISTRATION, Row


def _draft_seance(world: World) -> dict[str, Any]:
    item = make_draft_point(world)
    return {"collectivite": world.slug, "seance_id": item.seance_id}


def _convened_seance(world: World) -> dict[str, Any]:
    item = make_convened_point(world)
    return {"collectivite": world.slug, "seance_id": item.seance_id}


def _built(variant: str) -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        item = make_convened_point(world)
        request_build(item.seance, variant=variant, by=world.personas.secretaire)
        return {
            "collectivite": world.slug,
            "seance_id": item.seance_id,
            "variant": variant,
        }

    return kwargs


def _variant(world: World) -> dict[str, Any]:
    return {"variant": "conseillers"}


ROWS = {
    "dossiers:convocation": (
        Row(_draft_seance, DRAFT_READERS),
        Row(_convened_seance, COUNCIL),
    ),
    "dossiers:agenda": Row(_convened_seance, COUNCIL),
    "dossiers:note": Row(_convened_seance, COUNCIL),
    "dossiers:state": (
        Row(_draft_seance, DRAFT_READERS),
        Row(_convened_seance, COUNCIL),
    ),
    "dossiers:build": Row(
        _convened_seance, ADMINISTRATION, method="POST", ok_status=302, data=_variant
    ),
    "dossiers:download": (
        Row(_built("conseillers"), COUNCIL),
        Row(_built("public"), ADMINISTRATION),
    ),
}
