"""Who reaches the administration of members and workspaces.

See ``web/tests/matrix.py`` for what a row means. Members are administered
by the maire, the secrétaire and the DGS (and designated administrators);
a workspace also by its animateurs (the adjointe animates the Commission des
finances).
"""

from typing import Any

from quorum.testing import World
from web.tests.matrix import ADMINISTRATION, Row

# Who manages the Commission des finances: the administration and its
# animatrice.
MANAGE_FINANCES = ADMINISTRATION | {"adjointe"}


def _in_commune(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _conseiller(world: World) -> dict[str, Any]:
    return {
        "collectivite": world.slug,
        "membership_id": world.memberships["conseiller"].id,
    }


def _finances(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "workspace_id": world.finances.id}


def _finances_member(persona: str) -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        return {**_finances(world), "membership_id": world.memberships[persona].id}

    return kwargs


def _invitation(world: World) -> dict[str, Any]:
    return {
        "email": "nouvelle.conseillere@example.test",
        "first_name": "Nadia",
        "last_name": "Nouvelle",
        "status": "elu",
        "role": "conseiller",
        "started_on": "2026-03-23",
    }


def _delegation(world: World) -> dict[str, Any]:
    return {"status": "elu", "role": "conseiller_delegue", "delegation": "sports"}


def _end(world: World) -> dict[str, Any]:
    return {"ended_on": "2026-06-30", "reason": "démission"}


def _workspace(world: World) -> dict[str, Any]:
    return {"kind": "projet", "name": "Rénovation de la salle des fêtes"}


ROWS = {
    "collectivites:member_invite": (
        Row(_in_commune, ADMINISTRATION),
        Row(
            _in_commune,
            ADMINISTRATION,
            method="POST",
            ok_status=302,
            data=_invitation,
        ),
    ),
    "collectivites:member": Row(_conseiller, ADMINISTRATION),
    "collectivites:member_edit": (
        Row(_conseiller, ADMINISTRATION),
        Row(
            _conseiller,
            ADMINISTRATION,
            method="POST",
            ok_status=302,
            data=_delegation,
        ),
    ),
    "collectivites:member_end": (
        Row(_conseiller, ADMINISTRATION),
        Row(_conseiller, ADMINISTRATION, method="POST", ok_status=302, data=_end),
    ),
    "collectivites:member_resend_invitation": Row(
        _conseiller, ADMINISTRATION, method="POST", ok_status=302
    ),
    "collectivites:workspace_create": (
        Row(_in_commune, ADMINISTRATION),
        Row(_in_commune, ADMINISTRATION, method="POST", ok_status=302, data=_workspace),
    ),
    "collectivites:workspace_edit": (
        Row(_finances, MANAGE_FINANCES),
        Row(
            _finances,
            MANAGE_FINANCES,
            method="POST",
            ok_status=302,
            data=lambda w: {"kind": "commission", "name": "Finances et budget"},
        ),
    ),
    "collectivites:workspace_members": Row(_finances, MANAGE_FINANCES),
    "collectivites:workspace_member_add": Row(
        _finances,
        MANAGE_FINANCES,
        method="POST",
        ok_status=302,
        data=lambda w: {"membership": w.memberships["conseiller"].id},
    ),
    "collectivites:workspace_member_remove": Row(
        _finances_member("former"), MANAGE_FINANCES, method="POST", ok_status=302
    ),
    "collectivites:workspace_member_manager": Row(
        _finances_member("secretaire"),
        MANAGE_FINANCES,
        method="POST",
        ok_status=302,
        data=lambda w: {"is_manager": "true"},
    ),
}
