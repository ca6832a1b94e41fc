from domain.access import Actor, can_create_workspace, can_read_journal
from domain.roles import Role, Status


def actor(role: Role, *, in_office: bool = True, is_admin: bool = False) -> Actor:
    status = (
        Status.AGENT if role in {Role.SECRETAIRE, Role.DGS, Role.AGENT} else Status.ELU
    )
    return Actor(status=status, role=role, in_office=in_office, is_admin=is_admin)


def test_the_administration_creates_workspaces():
    assert can_create_workspace(actor(Role.MAIRE))
    assert can_create_workspace(actor(Role.SECRETAIRE))
    assert can_create_workspace(actor(Role.DGS))


def test_a_designated_administrator_creates_workspaces():
    assert can_create_workspace(actor(Role.CONSEILLER, is_admin=True))


def test_other_members_do_not_create_workspaces():
    for role in (Role.ADJOINT, Role.CONSEILLER_DELEGUE, Role.CONSEILLER, Role.AGENT):
        assert not can_create_workspace(actor(role))


def test_nobody_out_of_office_creates_workspaces():
    assert not can_create_workspace(actor(Role.MAIRE, in_office=False))
    assert not can_create_workspace(None)


def test_the_journal_is_read_by_the_maire_the_secretaire_and_the_dgs_only():
    for role in (Role.MAIRE, Role.SECRETAIRE, Role.DGS):
        assert can_read_journal(actor(role))
    # An administrator who is none of them manages members, but the journal
    # names draft points and points à huis clos that they may not see.
    assert not can_read_journal(actor(Role.CONSEILLER, is_admin=True))
    for role in (Role.ADJOINT, Role.CONSEILLER, Role.AGENT):
        assert not can_read_journal(actor(role))
    assert not can_read_journal(actor(Role.MAIRE, in_office=False))
    assert not can_read_journal(None)
