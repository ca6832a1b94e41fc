"""Who reaches the pages of the convocations. See ``web/tests/matrix.py``.

The maire and the secrétaire send the convocation, follow it and record the
answers given to the mairie; each élu in office (the maire, the adjointe,
the conseiller) receives one, alone acknowledges and answers it, reads its
dossier in "Mes séances" and keeps notes on its points; every member in
office has a "Mes séances" page, empty when convened to nothing; the
personal link opens without login, for whoever holds it.
"""

from typing import Any

from convocations.models import Convocation
from convocations.services import send_convocation, set_paper_preference
from quorum.testing import World
from seances.tests.access_rows import make_draft_point, validate_point
from web.tests.matrix import ADMINISTRATION, LOGGED_IN, MEMBERS, Row

RECIPIENTS = frozenset({"maire", "adjointe", "conseiller"})


def make_convocation(world: World) -> Convocation:
    """A séance in 20 days, its one point validated, convened today."""
    item = make_draft_point(world)
    validate_point(world, item)
    return send_convocation(item.seance, by=world.personas.secretaire)


def _validated_seance(world: World) -> dict[str, Any]:
    item = make_draft_point(world)
    validate_point(world, item)
    return {"collectivite": world.slug, "seance_id": item.seance_id}


def _sent(world: World) -> dict[str, Any]:
    convocation = make_convocation(world)
    return {"collectivite": world.slug, "seance_id": convocation.seance_id}


def _sent_with_paper(world: World) -> dict[str, Any]:
    set_paper_preference(
        world.memberships["conseiller"],
        by=world.personas.secretaire,
        wants_paper=True,
        postal_address="1 place de la Mairie\n00000 Saint-Test",
    )
    return _sent(world)


def _link(world: World) -> dict[str, Any]:
    delivery = make_convocation(world).deliveries.first()
    assert delivery is not None
    return {"token": delivery.token}


def _slug(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _conseiller(world: World) -> dict[str, Any]:
    return {
        "collectivite": world.slug,
        "membership_id": world.memberships["conseiller"].pk,
    }


def _sent_conseiller(world: World) -> dict[str, Any]:
    return {**_sent(world), "membership_id": world.memberships["conseiller"].pk}


def _sent_point(world: World) -> dict[str, Any]:
    item = make_convocation(world).seance.items.get()
    return {"collectivite": world.slug, "item_id": item.pk}


def _present(world: World) -> dict[str, Any]:
    return {"answer": "present"}


def _present_by_phone(world: World) -> dict[str, Any]:
    return {"answer": "present", "channel": "telephone"}


def _note(world: World) -> dict[str, Any]:
    return {"body": "Demander le coût par élève."}


def _paper(world: World) -> dict[str, Any]:
    return {"wants_paper": "on", "postal_address": "2 rue Haute\n00000 Saint-Test"}


ROWS = {
    "convocations:send": Row(
        _validated_seance, ADMINISTRATION, method="POST", ok_status=302
    ),
    "convocations:resume": Row(_sent, ADMINISTRATION, method="POST", ok_status=302),
    "convocations:deliveries": Row(_sent, ADMINISTRATION),
    # The progress of the sending, which the séance page polls.
    "convocations:sending": Row(_sent, ADMINISTRATION),
    "convocations:proof": Row(_sent, ADMINISTRATION),
    "convocations:paper": Row(_sent_with_paper, ADMINISTRATION),
    "convocations:acknowledge": Row(_sent, RECIPIENTS, method="POST", ok_status=302),
    "convocations:preferences": Row(_slug, ADMINISTRATION),
    "convocations:preference_edit": (
        Row(_conseiller, ADMINISTRATION),
        Row(_conseiller, ADMINISTRATION, method="POST", ok_status=302, data=_paper),
    ),
    "convocations:reply": Row(
        _sent, RECIPIENTS, method="POST", ok_status=302, data=_present
    ),
    "convocations:reply_for": (
        Row(_sent_conseiller, ADMINISTRATION),
        Row(
            _sent_conseiller,
            ADMINISTRATION,
            method="POST",
            ok_status=302,
            data=_present_by_phone,
        ),
    ),
    "convocations:my_seances": Row(_slug, MEMBERS),
    "convocations:my_dossier": Row(_sent, RECIPIENTS),
    "convocations:point_note": Row(
        _sent_point, RECIPIENTS, method="POST", ok_status=302, data=_note
    ),
    # The link of an e-mail opens before any login: the page says only what
    # the e-mail says, and its button records the opening.
    "convocations:link": Row(_link, LOGGED_IN, public=True),
    "convocations:open": Row(
        _link, LOGGED_IN, method="POST", ok_status=302, public=True
    ),
    # Anyone holding the link may ask for a login link: it goes to the
    # recipient's own address, never to whoever asked.
    "convocations:login_link": Row(
        _link, LOGGED_IN, method="POST", ok_status=302, public=True
    ),
}
