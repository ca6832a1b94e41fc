"""Who reaches the pages of accounts. Password reset, invitation and login
links open from an e-mail, before any login: everyone. The security pages
are each person's own: every logged-in persona (the maire, the secrétaires
have a second factor already and are sent on from its set-up page). See
``web/tests/matrix.py``."""

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.login_links import make_login_link
from collectivites.services import add_member
from domain.roles import Role
from quorum.testing import World
from web.tests.matrix import LOGGED_IN, Row


def _link_of(world: World) -> dict[str, Any]:
    """A valid link of someone just invited, who is none of the personas (a
    login changes the token): it sends on to the password form."""
    user = add_member(
        collectivite=world.commune,
        by=world.personas.maire,
        email="invitee@example.test",
        first_name="Inès",
        last_name="Invitée",
        role=Role.CONSEILLER,
    ).user
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def _invitation_of(world: World) -> dict[str, Any]:
    return {"slug": world.slug, **_link_of(world)}


ROWS = {
    "accounts:password_reset": (
        Row(lambda w: {}, LOGGED_IN, public=True),
        Row(
            lambda w: {},
            LOGGED_IN,
            method="POST",
            ok_status=302,
            public=True,
            data=lambda w: {"email": w.personas.conseiller.email},
        ),
    ),
    "accounts:password_reset_done": Row(lambda w: {}, LOGGED_IN, public=True),
    "accounts:password_reset_confirm": Row(
        _link_of, LOGGED_IN, ok_status=302, public=True
    ),
    "accounts:invitation": Row(_invitation_of, LOGGED_IN, ok_status=302, public=True),
    "accounts:two_factor": Row(lambda w: {}, LOGGED_IN, ok_status=302, public=True),
    "accounts:security": Row(lambda w: {}, LOGGED_IN),
    "accounts:my_data": (
        Row(lambda w: {}, LOGGED_IN),
        Row(lambda w: {}, LOGGED_IN, method="POST"),
    ),
    # Each person's own password, after a login (force_login is recent).
    "accounts:password_set": Row(lambda w: {}, LOGGED_IN),
    "accounts:two_factor_setup": (
        Row(lambda w: {}, LOGGED_IN, ok_status=(200, 302)),
        Row(
            lambda w: {},
            LOGGED_IN,
            method="POST",
            ok_status=(200, 302),
            data=lambda w: {"code": "000000"},
        ),
    ),
    "accounts:two_factor_disable": (
        Row(lambda w: {}, LOGGED_IN, ok_status=(200, 302)),
        Row(
            lambda w: {},
            LOGGED_IN,
            method="POST",
            ok_status=(200, 302),
            data=lambda w: {"password": "pas le bon"},
        ),
    ),
    "accounts:recovery_codes_renew": Row(
        lambda w: {}, LOGGED_IN, method="POST", ok_status=(200, 302)
    ),
    "accounts:reauth": (
        Row(lambda w: {}, LOGGED_IN),
        Row(
            lambda w: {},
            LOGGED_IN,
            method="POST",
            data=lambda w: {"password": "pas le bon"},
        ),
    ),
    "accounts:login_link_request": (
        Row(lambda w: {}, LOGGED_IN, public=True),
        Row(
            lambda w: {},
            LOGGED_IN,
            method="POST",
            ok_status=302,
            public=True,
            data=lambda w: {"email": w.personas.conseiller.email},
        ),
    ),
    "accounts:login_link_sent": Row(lambda w: {}, LOGGED_IN, public=True),
    "accounts:login_link": Row(
        lambda w: {"token": make_login_link(w.personas.conseiller)},
        LOGGED_IN,
        public=True,
    ),
    # Off unless QUORUM_PROCONNECT: nobody reaches them (test_proconnect.py
    # covers them switched on).
    "accounts:proconnect": Row(lambda w: {}, LOGGED_IN, ok_status=404, public=True),
    "accounts:proconnect_callback": Row(
        lambda w: {}, LOGGED_IN, ok_status=404, public=True
    ),
}
