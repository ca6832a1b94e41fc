"""Who reaches the pages of password reset and invitation: everyone, since
they open from an e-mail, before any login. See ``web/tests/matrix.py``."""

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

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
}
