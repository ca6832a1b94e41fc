"""The services of members and workspaces, below the pages."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from collectivites.models import Membership, WorkspaceMember
from collectivites.services import (
    add_member,
    add_workspace_member,
    change_membership,
    create_workspace,
    end_membership,
    invite_member,
    role_errors,
    send_invitation,
    set_workspace_manager,
)
from domain.roles import Role, Status
from journal.models import JournalEntry
from journal.services import verify
from quorum.testing import Personas

pytestmark = pytest.mark.django_db


def test_a_place_that_fits_its_role_has_no_error():
    assert (
        role_errors(role=Role.ADJOINT, status=Status.ELU, delegation="x", rank=2) == {}
    )
    assert role_errors(role=Role.AGENT, status=Status.AGENT, function="Accueil") == {}
    assert role_errors(role=Role.CONSEILLER, rank=12) == {}


def test_each_misfit_of_a_place_is_named_by_its_field():
    errors = role_errors(
        role=Role.AGENT,
        status=Status.ELU,
        delegation="voirie",
        rank=3,
        started_on=date(2026, 5, 1),
        ended_on=date(2026, 5, 1),
    )

    assert set(errors) == {"role", "delegation", "rank", "ended_on"}
    assert errors["role"].startswith("« Agent » est un rôle d'agent")


def test_a_function_belongs_to_an_agent():
    assert set(role_errors(role=Role.MAIRE, function="Urbanisme")) == {"function"}


def test_adding_a_member_creates_an_account_without_password(personas: Personas):
    membership = add_member(
        collectivite=personas.commune,
        email="  Nouveau@Example.TEST ",
        first_name="Noé",
        last_name="Nouveau",
        role=Role.CONSEILLER,
        by=personas.maire,
    )

    assert membership.user.email == "nouveau@example.test"
    assert not membership.user.has_usable_password()
    assert membership.status == "elu"
    assert membership.started_on == timezone.localdate()
    assert mail.outbox == []  # an import adds without inviting


def test_adding_refuses_a_status_that_is_not_the_roles(personas: Personas):
    with pytest.raises(ValidationError) as refusal:
        add_member(
            collectivite=personas.commune,
            email="x@example.test",
            first_name="X",
            last_name="Y",
            role=Role.SECRETAIRE,
            status=Status.ELU,
            by=personas.maire,
        )

    assert "role" in refusal.value.message_dict
    assert not User.objects.filter(email="x@example.test").exists()


def test_adding_refuses_a_period_that_meets_a_current_place(personas: Personas):
    before = Membership.objects.count()

    with pytest.raises(ValidationError) as refusal:
        add_member(
            collectivite=personas.commune,
            email=personas.agent.email,
            first_name="",
            last_name="",
            role=Role.AGENT,
            started_on=timezone.localdate() + timedelta(days=400),
            by=personas.maire,
        )

    assert "email" in refusal.value.message_dict
    assert Membership.objects.count() == before


def test_a_member_of_another_collectivite_is_added_with_the_same_account(
    personas: Personas,
):
    membership = add_member(
        collectivite=personas.commune,
        email=personas.outsider.email,
        first_name="Changé",
        last_name="Changé",
        role=Role.SECRETAIRE,
        by=personas.maire,
    )

    assert membership.user == personas.outsider
    personas.outsider.refresh_from_db()
    assert personas.outsider.first_name != "Changé"


def test_an_invitation_is_stored_sent_and_journaled_together(personas: Personas):
    membership = invite_member(
        collectivite=personas.commune,
        by=personas.secretaire,
        email="dgs@example.test",
        first_name="Dana",
        last_name="Gérard",
        role=Role.DGS,
        status=Status.AGENT,
    )

    assert [m.to for m in mail.outbox] == [["dgs@example.test"]]
    assert list(
        JournalEntry.objects.filter(target_id=str(membership.id)).values_list(
            "action", flat=True
        )
    ) == ["membership.added", "membership.invitation_sent"]
    assert verify() == []


def test_an_invitation_refused_stores_and_sends_nothing(personas: Personas):
    before = (User.objects.count(), JournalEntry.objects.count())

    with pytest.raises(ValidationError):
        invite_member(
            collectivite=personas.commune,
            by=personas.secretaire,
            email="maire2@example.test",
            first_name="Deux",
            last_name="Maire",
            role=Role.MAIRE,
        )

    assert (User.objects.count(), JournalEntry.objects.count()) == before
    assert mail.outbox == []


def test_a_new_maire_follows_the_former_once_his_mandate_ended(personas: Personas):
    maire = Membership.objects.get(user=personas.maire)
    end_membership(
        maire,
        by=personas.secretaire,
        ended_on=date(2026, 3, 22),
        reason="fin du mandat",
    )

    membership = invite_member(
        collectivite=personas.commune,
        by=personas.secretaire,
        email="nouveau.maire@example.test",
        first_name="Nouveau",
        last_name="Maire",
        role=Role.MAIRE,
        rank=1,
        started_on=date(2026, 3, 22),
    )

    assert membership.role == "maire"


def test_a_change_that_changes_nothing_writes_nothing(personas: Personas):
    membership = Membership.objects.get(user=personas.adjointe)
    before = JournalEntry.objects.count()

    change_membership(
        membership,
        by=personas.maire,
        role=Role.ADJOINT,
        delegation="finances",
        rank=2,
    )

    assert JournalEntry.objects.count() == before


def test_a_change_of_role_updates_the_status(personas: Personas):
    membership = Membership.objects.get(user=personas.agent)

    changed = change_membership(
        membership, by=personas.maire, role=Role.SECRETAIRE, function="Accueil"
    )

    assert (changed.role, changed.status) == ("secretaire", "agent")


def test_the_last_administrator_stays_even_with_a_designated_one_leaving(
    personas: Personas,
):
    secretaire = Membership.objects.get(user=personas.secretaire)
    end_membership(
        secretaire, by=personas.maire, ended_on=timezone.localdate(), reason="mutation"
    )
    maire = Membership.objects.get(user=personas.maire)

    with pytest.raises(ValidationError) as refusal:
        change_membership(maire, by=personas.maire, role=Role.CONSEILLER, rank=1)

    assert refusal.value.code == "last_administrator"


def test_a_designated_administrator_lets_the_maire_step_down(personas: Personas):
    secretaire = Membership.objects.get(user=personas.secretaire)
    end_membership(
        secretaire, by=personas.maire, ended_on=timezone.localdate(), reason="mutation"
    )
    conseiller = Membership.objects.get(user=personas.conseiller)
    change_membership(
        conseiller, by=personas.maire, role=Role.CONSEILLER, is_admin=True
    )
    maire = Membership.objects.get(user=personas.maire)

    ended = end_membership(
        maire, by=personas.maire, ended_on=timezone.localdate(), reason="démission"
    )

    assert ended.ended_on == timezone.localdate()


def test_an_administrator_whose_own_end_comes_first_does_not_count(
    personas: Personas,
):
    today = timezone.localdate()
    secretaire = Membership.objects.get(user=personas.secretaire)
    end_membership(
        secretaire,
        by=personas.maire,
        ended_on=today + timedelta(days=10),
        reason="mutation",
    )
    maire = Membership.objects.get(user=personas.maire)

    with pytest.raises(ValidationError):
        end_membership(
            maire,
            by=personas.maire,
            ended_on=today + timedelta(days=20),
            reason="démission",
        )


def test_an_ended_place_is_not_ended_again(personas: Personas):
    former = Membership.objects.get(user=personas.former)

    with pytest.raises(ValidationError):
        end_membership(former, by=personas.maire, ended_on=date(2026, 1, 1), reason="x")
    with pytest.raises(ValidationError):
        send_invitation(former, by=personas.maire)


def test_nobody_of_another_collectivite_joins_a_workspace(personas: Personas):
    outsider = Membership.objects.get(user=personas.outsider)

    with pytest.raises(ValidationError):
        add_workspace_member(personas.finances, outsider, by=personas.maire)

    assert not WorkspaceMember.objects.filter(
        membership=outsider, workspace=personas.finances
    ).exists()


def test_a_workspace_is_created_empty_and_filled_through_the_services(
    personas: Personas,
):
    workspace = create_workspace(
        collectivite=personas.commune, by=personas.maire, name=" Voirie ", kind="projet"
    )
    conseiller = Membership.objects.get(user=personas.conseiller)

    add_workspace_member(workspace, conseiller, by=personas.maire)
    set_workspace_manager(workspace, conseiller, by=personas.maire, is_manager=True)
    set_workspace_manager(workspace, conseiller, by=personas.maire, is_manager=True)

    assert workspace.name == "Voirie"
    assert WorkspaceMember.objects.get(workspace=workspace).is_manager
    actions = list(
        JournalEntry.objects.filter(target_id=str(workspace.id)).values_list(
            "action", flat=True
        )
    )
    assert actions == [
        "workspace.created",
        "workspace.member_added",
        "workspace.manager_set",
    ]


def test_l2121_2_no_more_elus_than_the_council_has_seats(personas: Personas):
    """Saint-Test has three élus in office; with three seats, a fourth is
    refused with the reason, and an agent still joins."""
    commune = personas.commune
    commune.council_seats = 3
    commune.save(update_fields=["council_seats"])
    before = (Membership.objects.count(), len(mail.outbox))

    with pytest.raises(ValidationError) as refused:
        invite_member(
            collectivite=commune,
            by=personas.secretaire,
            email="quatrieme@example.test",
            first_name="Quatrième",
            last_name="Élu",
            role=Role.CONSEILLER,
        )

    assert "a déjà ses 3 sièges occupés sur cette période (CGCT L2121-2)" in str(
        refused.value
    )
    assert (Membership.objects.count(), len(mail.outbox)) == before
    invite_member(
        collectivite=commune,
        by=personas.secretaire,
        email="agent2@example.test",
        first_name="Deuxième",
        last_name="Agent",
        role=Role.AGENT,
    )
