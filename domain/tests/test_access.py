"""The default access rules of the product, predicate by predicate."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from domain import access
from domain.access import Actor
from domain.roles import ROLE_STATUS, Role

FINANCES = "finances"
ECOLE = "ecole"


def actor(role: Role, *, workspaces=(), managed=(), in_office=True, admin=False):
    return Actor(
        status=ROLE_STATUS[role],
        role=role,
        in_office=in_office,
        is_admin=admin,
        workspace_ids=frozenset(workspaces),
        managed_workspace_ids=frozenset(managed),
    )


def test_a_workspace_is_seen_by_its_members_and_the_maire_only():
    assert access.can_see_workspace(actor(Role.MAIRE), FINANCES)
    assert access.can_see_workspace(
        actor(Role.ADJOINT, workspaces=[FINANCES]), FINANCES
    )
    assert not access.can_see_workspace(actor(Role.ADJOINT), FINANCES)
    assert not access.can_see_workspace(actor(Role.CONSEILLER), FINANCES)
    assert not access.can_see_workspace(actor(Role.SECRETAIRE), FINANCES)
    assert not access.can_see_workspace(actor(Role.AGENT, workspaces=[ECOLE]), FINANCES)


def test_the_secretaire_administers_without_seeing_a_commission_she_is_not_in():
    secretaire = actor(Role.SECRETAIRE)
    assert access.can_administer(secretaire)
    assert access.can_manage_workspace(secretaire, FINANCES)
    assert not access.can_see_workspace(secretaire, FINANCES)


def test_an_animateur_manages_only_the_workspace_they_lead():
    adjointe = actor(Role.ADJOINT, workspaces=[FINANCES], managed=[FINANCES])
    assert access.can_manage_workspace(adjointe, FINANCES)
    assert not access.can_manage_workspace(adjointe, ECOLE)
    assert not access.can_administer(adjointe)


def test_a_collectivite_may_widen_administration_to_another_member():
    assert access.can_administer(actor(Role.CONSEILLER, admin=True))
    assert not access.can_administer(actor(Role.CONSEILLER))


def test_nobody_without_a_place_enters():
    assert not access.can_enter_collectivite(None)
    assert not access.can_see_members(None)
    assert not access.can_see_workspace(None, FINANCES)


@given(
    role=st.sampled_from(list(Role)),
    admin=st.booleans(),
    member=st.booleans(),
    manager=st.booleans(),
)
def test_a_member_out_of_office_can_do_nothing(role, admin, member, manager):
    former = actor(
        role,
        workspaces=[FINANCES] if member else [],
        managed=[FINANCES] if manager else [],
        in_office=False,
        admin=admin,
    )
    assert not access.can_enter_collectivite(former)
    assert not access.can_administer(former)
    assert not access.can_see_workspace(former, FINANCES)
    assert not access.can_manage_workspace(former, FINANCES)
    assert not access.can_contribute_to_workspace(former, FINANCES)
    assert not access.can_import_members(former)


def test_a_mandate_ends_on_the_day_of_the_resignation():
    start, end = date(2020, 5, 25), date(2021, 6, 12)
    assert access.in_office(start, end, date(2021, 6, 11))
    assert not access.in_office(start, end, date(2021, 6, 12))
    assert not access.in_office(start, None, date(2020, 5, 24))
    assert access.in_office(start, None, date(2026, 12, 3))
