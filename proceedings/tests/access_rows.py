"""Who reaches the pages that hold a séance. See ``web/tests/matrix.py``.

The maire, who presides, and the secrétaire de mairie hold the séance; no
one else reaches these pages, not even the adjointe or the conseiller who
sit in it, nor anyone of another collectivité. The screen of the room is
public: anyone reaches it, logged in or not, once the séance is convened
(its content: ``test_display``).
"""

from typing import Any

from proceedings.models import Sitting
from proceedings.services import open_point, open_seance, record_roll_call
from quorum.testing import World, convened_for_today
from seances.models import AgendaItem
from seances.tests.access_rows import make_convened_point
from web.tests.matrix import ADMINISTRATION, LOGGED_IN, Row

ELUS = ("maire", "adjointe", "conseiller")


def _sitting(
    world: World, present: tuple[str, ...] = ELUS
) -> tuple[Sitting, AgendaItem]:
    item = make_convened_point(world)
    sitting = open_seance(convened_for_today(item.seance), by=world.personas.secretaire)
    record_roll_call(
        sitting,
        by=world.personas.secretaire,
        entries={
            world.memberships[name].pk: (
                "present" if name in present else "excuse",
                None,
            )
            for name in ELUS
        },
        president=world.memberships["maire"] if "maire" in present else None,
        secretaire=world.memberships[present[-1]],
    )
    return sitting, item


def _convened(world: World) -> dict[str, Any]:
    item = make_convened_point(world)
    return {"collectivite": world.slug, "seance_id": item.seance_id}


def _opened(world: World) -> dict[str, Any]:
    item = make_convened_point(world)
    open_seance(convened_for_today(item.seance), by=world.personas.secretaire)
    return {"collectivite": world.slug, "seance_id": item.seance_id}


def _held(world: World) -> dict[str, Any]:
    sitting, _ = _sitting(world)
    return {"collectivite": world.slug, "seance_id": sitting.seance_id}


def _without_quorum(world: World) -> dict[str, Any]:
    sitting, _ = _sitting(world, present=("maire",))
    return {"collectivite": world.slug, "seance_id": sitting.seance_id}


def _point(world: World) -> dict[str, Any]:
    _, item = _sitting(world)
    return {"collectivite": world.slug, "item_id": item.pk}


def _opened_point(world: World) -> dict[str, Any]:
    _, item = _sitting(world)
    open_point(item, by=world.personas.secretaire)
    return {"collectivite": world.slug, "item_id": item.pk}


def _roll_call(world: World) -> dict[str, Any]:
    data = {f"status_{world.memberships[name].pk}": "present" for name in ELUS}
    data.update(
        president=str(world.memberships["maire"].pk),
        secretaire=str(world.memberships["adjointe"].pk),
    )
    return data


def _departure(world: World) -> dict[str, Any]:
    return {"member": str(world.memberships["conseiller"].pk), "kind": "depart"}


def _interest(world: World) -> dict[str, Any]:
    return {"member": str(world.memberships["conseiller"].pk), "interested": "on"}


def _secret(world: World) -> dict[str, Any]:
    return {"secret_requests": 1, "pour": 2, "contre": 1, "blancs_ou_nuls": 0}


def _nomination(world: World) -> dict[str, Any]:
    return {
        "round_number": 1,
        "candidate_1": str(world.memberships["adjointe"].pk),
        "votes_1": 3,
        "blancs_ou_nuls": 0,
    }


def _debates(world: World) -> dict[str, Any]:
    return {"debates": "Le conseiller demande le coût par élève."}


def _postponed(world: World) -> dict[str, Any]:
    return {"outcome": "reporte"}


def _empty(world: World) -> dict[str, Any]:
    return {}


def _confirmed(world: World) -> dict[str, Any]:
    return {"confirme": "oui"}


def _postponed_confirmed(world: World) -> dict[str, Any]:
    return {"outcome": "reporte", "confirme": "oui"}


def asked(kwargs: Any, data: Any = _empty) -> Row:
    """An action that cannot be undone answers first with its confirmation
    page, changing nothing."""
    return Row(kwargs, ADMINISTRATION, method="POST", data=data)


def post(kwargs: Any, data: Any = _empty) -> Row:
    return Row(kwargs, ADMINISTRATION, method="POST", ok_status=302, data=data)


ROWS = {
    "proceedings:run": (Row(_convened, ADMINISTRATION), Row(_held, ADMINISTRATION)),
    "proceedings:open": post(_convened),
    "proceedings:roll_call": post(_opened, _roll_call),
    "proceedings:movement": post(_held, _departure),
    "proceedings:close": (asked(_held), post(_held, _confirmed)),
    "proceedings:quorum_failed": (
        asked(_without_quorum),
        post(_without_quorum, _confirmed),
    ),
    "proceedings:display": (
        Row(_convened, LOGGED_IN, public=True),
        Row(_held, LOGGED_IN, public=True),
    ),
    "proceedings:point": Row(_opened_point, ADMINISTRATION),
    "proceedings:point_open": post(_point),
    "proceedings:interest": post(_point, _interest),
    "proceedings:vote_preview": Row(_opened_point, ADMINISTRATION),
    "proceedings:vote": post(_opened_point),
    "proceedings:secret_vote": post(_opened_point, _secret),
    "proceedings:nomination": post(_opened_point, _nomination),
    "proceedings:debates": post(_opened_point, _debates),
    "proceedings:outcome": (
        asked(_point, _postponed),
        post(_point, _postponed_confirmed),
    ),
}
