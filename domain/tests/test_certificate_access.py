"""Who installs, replaces or removes the collectivité's signing
certificate, which seals its signed acts (CGCT L2121-23)."""

import pytest

from domain.access import can_manage_signing_certificate
from domain.roles import Role
from domain.tests.test_access import actor

PREPARERS = {Role.MAIRE, Role.SECRETAIRE, Role.DGS}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("admin", [False, True])
def test_the_maire_the_secretaire_and_the_dgs_manage_the_certificate(
    role: Role, admin: bool
) -> None:
    # Being made administrator of the collectivité does not widen it: the
    # certificate signs in the collectivité's name.
    assert can_manage_signing_certificate(actor(role, admin=admin)) is (
        role in PREPARERS
    )
    assert not can_manage_signing_certificate(actor(role, in_office=False))
    assert not can_manage_signing_certificate(None)
