"""Who reads, edits and publishes the acts after a séance (CGCT L2121-15,
L2121-25, R2131-1)."""

import pytest

from domain.access import can_edit_proces_verbal, can_publish_acts, can_see_minutes
from domain.roles import Role
from domain.tests.test_access import actor

PREPARERS = {Role.MAIRE, Role.SECRETAIRE, Role.DGS}


@pytest.mark.parametrize("role", list(Role))
def test_every_elu_and_those_who_prepare_read_the_minutes(role: Role) -> None:
    expected = actor(role).status.value == "elu" or role in PREPARERS
    assert can_see_minutes(actor(role)) is expected
    assert not can_see_minutes(actor(role, in_office=False))
    assert not can_see_minutes(None)


@pytest.mark.parametrize("role", list(Role))
def test_l2121_15_the_secretaire_de_seance_and_the_preparers_edit_the_text(
    role: Role,
) -> None:
    assert can_edit_proces_verbal(actor(role), is_secretaire_de_seance=True)
    assert can_edit_proces_verbal(actor(role), is_secretaire_de_seance=False) is (
        role in PREPARERS
    )
    assert not can_edit_proces_verbal(
        actor(role, in_office=False), is_secretaire_de_seance=True
    )


@pytest.mark.parametrize("role", list(Role))
def test_r2131_1_the_maire_and_the_secretaire_publish(role: Role) -> None:
    assert can_publish_acts(actor(role)) is (role in PREPARERS)
    assert not can_publish_acts(actor(role, admin=True, in_office=False))
