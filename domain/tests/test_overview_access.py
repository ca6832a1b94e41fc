"""Who opens the board and the calendar, and whose calendar shows the legal
deadlines (CGCT L2121-10, L2121-15, L2121-25 are the administration's)."""

import pytest

from domain import access
from domain.access import Actor
from domain.roles import Role, status_of


def actor(role: Role, *, in_office: bool = True, is_admin: bool = False) -> Actor:
    return Actor(
        status=status_of(role), role=role, in_office=in_office, is_admin=is_admin
    )


@pytest.mark.parametrize("role", list(Role))
def test_every_member_in_office_opens_the_board_and_the_calendar(role: Role) -> None:
    assert access.can_see_board(actor(role))
    assert access.can_see_calendar(actor(role))


@pytest.mark.parametrize("role", list(Role))
def test_a_former_member_and_an_outsider_open_neither(role: Role) -> None:
    former = actor(role, in_office=False)
    assert not access.can_see_board(former)
    assert not access.can_see_calendar(former)
    assert not access.can_see_legal_deadlines(former)
    assert not access.can_see_board(None)
    assert not access.can_see_calendar(None)


def test_legal_deadlines_are_for_those_who_prepare_the_seances_l2121_10() -> None:
    shown = {role for role in Role if access.can_see_legal_deadlines(actor(role))}

    assert Role.MAIRE in shown
    assert Role.SECRETAIRE in shown
    assert Role.CONSEILLER not in shown
    assert Role.AGENT not in shown
    assert access.can_see_legal_deadlines(actor(Role.CONSEILLER, is_admin=True))
