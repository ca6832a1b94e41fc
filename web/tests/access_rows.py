"""Who reaches the pages of web, collectivites, documents and the login.

See ``web/tests/matrix.py`` for what a row means.
"""

from typing import Any

from quorum.testing import World, uploaded_file
from web.tests.matrix import FINANCES, LOGGED_IN, MEMBERS, Row


def _in_commune(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _finances(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "workspace_id": world.finances.id}


def _finances_doc(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "document_id": world.finances_doc.id}


def _finances_v1(world: World) -> dict[str, Any]:
    return {**_finances_doc(world), "version_id": world.finances_v1.id}


def _new_document(world: World) -> dict[str, Any]:
    return {"file": uploaded_file("compte-rendu.txt"), "title": "", "note": ""}


def _new_version(world: World) -> dict[str, Any]:
    return {"file": uploaded_file("budget-v3.txt"), "note": "relecture"}


ROWS = {
    # Someone in one collectivité is sent there; the former councillor, who
    # is in none any more, reads why.
    "web:home": Row(lambda w: {}, LOGGED_IN, ok_status=(200, 302)),
    "web:dashboard": Row(_in_commune, MEMBERS),
    "web:health": Row(lambda w: {}, LOGGED_IN, public=True),
    # The Déclaration d'accessibilité (RGAA): everyone, logged in or not.
    "web:accessibility": Row(lambda w: {}, LOGGED_IN, public=True),
    "collectivites:members": Row(_in_commune, MEMBERS),
    "collectivites:workspaces": Row(_in_commune, MEMBERS),
    # Its members and the maire see the commission; the administration
    # (maire, secrétaire) and its animatrice (the adjointe) manage it. All
    # three are members here; the administration's view of a workspace it is
    # not a member of (the secrétaire and the Projet école) is checked by the
    # CANARI-ECOLE marker in test_markers.
    "collectivites:workspace": Row(_finances, FINANCES),
    "documents:detail": Row(_finances_doc, FINANCES),
    "documents:download": Row(_finances_v1, FINANCES),
    "documents:upload": (
        Row(_finances, FINANCES),
        Row(_finances, FINANCES, method="POST", ok_status=302, data=_new_document),
    ),
    "documents:new_version": (
        Row(_finances_doc, FINANCES),
        Row(_finances_doc, FINANCES, method="POST", ok_status=302, data=_new_version),
    ),
    # A logged-in person is sent on from the login page.
    "accounts:login": Row(lambda w: {}, LOGGED_IN, ok_status=(200, 302), public=True),
    "accounts:logout": Row(lambda w: {}, LOGGED_IN, method="POST", ok_status=302),
}
