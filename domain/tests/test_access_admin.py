from domain.access import Actor, can_create_workspace
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
