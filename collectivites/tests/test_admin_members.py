"""The administration of members, through the pages an administrator uses."""

import html
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from collectivites.models import Membership, Workspace, WorkspaceMember
from collectivites.services import add_member
from domain.roles import Role
from journal.models import JournalEntry
from quorum.testing import PASSWORD, Personas

pytestmark = pytest.mark.django_db

INVITATION_LINK = re.compile(r"http://\S+/compte/invitation/saint-test/\S+/\S+/")


def invite_url() -> str:
    return reverse("collectivites:member_invite", args=["saint-test"])


def membership_of(personas: Personas, user: User) -> Membership:
    return Membership.objects.get(user=user, collectivite=personas.commune)


def member_url(name: str, membership: Membership) -> str:
    return reverse(
        f"collectivites:{name}",
        kwargs={"collectivite": "saint-test", "membership_id": membership.id},
    )


def invitation(**overrides: Any) -> dict[str, Any]:
    data = {
        "email": "Lea.Martin@Example.test",
        "first_name": "Léa",
        "last_name": "Martin",
        "status": "elu",
        "role": "adjoint",
        "delegation": "écoles et jeunesse",
        "rank": "3",
        "function": "",
        "started_on": "2026-03-23",
        "ended_on": "",
    }
    data.update(overrides)
    return data


def stored() -> tuple[int, int, int]:
    """What a refused change must leave as it was."""
    return (
        User.objects.count(),
        Membership.objects.count(),
        JournalEntry.objects.count(),
    )


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


# Invitation


def test_maire_invites_a_new_member_who_gets_a_link_to_choose_a_password(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)

    response = client.post(invite_url(), invitation())

    membership = Membership.objects.get(user__email="lea.martin@example.test")
    assert response.status_code == 302
    assert response["Location"] == member_url("member", membership)
    assert membership.collectivite == personas.commune
    assert (membership.status, membership.role) == ("elu", "adjoint")
    assert (membership.delegation, membership.rank) == ("écoles et jeunesse", 3)
    assert membership.started_on == date(2026, 3, 23)
    assert membership.user.first_name == "Léa"
    assert not membership.user.has_usable_password()
    actions = list(
        JournalEntry.objects.filter(target_id=str(membership.id)).values_list(
            "action", "actor"
        )
    )
    assert actions == [
        ("membership.added", personas.maire.pk),
        ("membership.invitation_sent", personas.maire.pk),
    ]
    [message] = mail.outbox
    assert message.to == ["lea.martin@example.test"]
    assert message.subject == "Saint-Test : choisissez votre mot de passe Quorum"
    assert message.attachments == []
    assert "Bonjour Léa" in message.body
    assert "comme adjoint(e) au maire (écoles et jeunesse)" in message.body
    assert INVITATION_LINK.search(message.body)
    shown = page(client.get(response["Location"]))
    assert "Une invitation est partie à lea.martin@example.test" in shown
    assert "pas encore choisi son mot de passe" in shown


def test_secretaire_invites_an_agent_with_a_function(
    client: Client, personas: Personas
):
    client.force_login(personas.secretaire)

    response = client.post(
        invite_url(),
        invitation(
            email="agent.comptable@example.test",
            status="agent",
            role="agent",
            delegation="",
            rank="",
            function="Comptabilité",
        ),
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user__email="agent.comptable@example.test")
    assert (membership.status, membership.function) == ("agent", "Comptabilité")
    assert len(mail.outbox) == 1


def test_person_with_an_account_is_told_they_were_added_and_keeps_their_password(
    client: Client, personas: Personas
):
    # The secrétaire of Autre-Test also works for Saint-Test.
    shared = personas.outsider
    client.force_login(personas.maire)

    response = client.post(
        invite_url(),
        invitation(
            email=shared.email.upper(),
            first_name="Autre",
            last_name="Nom",
            status="agent",
            role="secretaire",
            delegation="",
            rank="",
        ),
    )

    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.first_name != "Autre"  # an existing account keeps its name
    assert shared.check_password(PASSWORD)
    assert Membership.objects.filter(user=shared).count() == 2
    [message] = mail.outbox
    assert (
        message.subject
        == "Saint-Test : vous avez maintenant accès à Quorum — connectez-vous quand vous voulez"
    )
    assert "votre mot de passe ne change pas" in message.body
    assert not INVITATION_LINK.search(message.body)
    assert "/compte/connexion/?next=%2Fsaint-test%2F" in message.body
    assert "avait déjà un compte Quorum" in page(client.get(response["Location"]))
    client.force_login(shared)
    assert client.get(reverse("web:dashboard", args=["saint-test"])).status_code == 200


def test_invitation_of_a_current_member_is_refused_and_nothing_is_stored(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    before = stored()

    response = client.post(
        invite_url(),
        invitation(
            email=personas.conseiller.email.upper(),
            role="conseiller",
            delegation="",
            rank="",
        ),
    )

    assert response.status_code == 200
    assert "déjà celle d'un membre de Saint-Test" in page(response)
    assert stored() == before
    assert mail.outbox == []


def test_invitation_with_a_role_that_is_not_of_the_status_is_refused(
    client: Client, personas: Personas
):
    client.force_login(personas.secretaire)
    before = stored()

    response = client.post(invite_url(), invitation(status="agent"))

    assert response.status_code == 200
    assert "est un rôle d'élu : choisissez le statut « Élu(e) »" in page(response)
    assert stored() == before
    assert mail.outbox == []


def test_invitation_with_an_end_before_its_start_is_refused(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    before = stored()

    response = client.post(
        invite_url(), invitation(started_on="2026-09-01", ended_on="2026-03-01")
    )

    assert response.status_code == 200
    assert "La date de fin doit venir après la date de début" in page(response)
    assert stored() == before
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"rank": ""}, "Indiquez le rang de l'adjoint"),
        ({"delegation": ""}, "Indiquez la délégation"),
        ({"function": "Urbanisme"}, "La fonction concerne les agents"),
        (
            {"role": "conseiller", "rank": ""},
            "Seuls les adjoints et les conseillers délégués reçoivent une délégation",
        ),
        (
            {"status": "agent", "role": "agent", "delegation": "", "function": ""},
            "Indiquez la fonction",
        ),
        (
            {"status": "agent", "role": "dgs", "delegation": ""},
            "Le rang au tableau ne concerne que les élus",
        ),
    ],
)
def test_invitation_whose_details_do_not_fit_the_role_is_refused(
    client: Client, personas: Personas, overrides: dict[str, str], expected: str
):
    client.force_login(personas.maire)
    before = stored()

    response = client.post(invite_url(), invitation(**overrides))

    assert response.status_code == 200
    assert expected in page(response)
    assert stored() == before


def test_a_second_maire_in_office_is_refused(client: Client, personas: Personas):
    client.force_login(personas.secretaire)
    before = stored()

    response = client.post(
        invite_url(), invitation(role="maire", delegation="", rank="1")
    )

    assert "Saint-Test a déjà un maire sur cette période" in page(response)
    assert stored() == before


def test_a_former_member_is_invited_again_for_a_new_mandate(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)

    response = client.post(
        invite_url(),
        invitation(
            email=personas.former.email, role="conseiller", delegation="", rank=""
        ),
    )

    assert response.status_code == 302
    periods = Membership.objects.filter(user=personas.former).order_by("started_on")
    assert [(m.started_on, m.ended_on) for m in periods] == [
        (date(2020, 5, 25), date(2021, 6, 12)),
        (date(2026, 3, 23), None),
    ]


def test_an_adjoint_cannot_invite(client: Client, personas: Personas):
    client.force_login(personas.adjointe)

    assert client.get(invite_url()).status_code == 404
    assert client.post(invite_url(), invitation()).status_code == 404
    assert mail.outbox == []


def test_invitation_is_sent_again_from_the_member_page(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    client.post(invite_url(), invitation())
    membership = Membership.objects.get(user__email="lea.martin@example.test")

    response = client.post(member_url("member_resend_invitation", membership))

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert all(INVITATION_LINK.search(message.body) for message in mail.outbox)
    assert "L'invitation est repartie à lea.martin@example.test" in page(
        client.get(response["Location"])
    )
    assert (
        JournalEntry.objects.filter(
            action="membership.invitation_sent", target_id=str(membership.id)
        ).count()
        == 2
    )


def test_invitation_is_not_sent_again_to_a_former_member(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    before = stored()

    response = client.post(
        member_url(
            "member_resend_invitation", membership_of(personas, personas.former)
        ),
        follow=True,
    )

    assert "l'invitation n'a pas été envoyée" in page(response)
    assert stored() == before
    assert mail.outbox == []


def test_resending_an_invitation_is_a_post(client: Client, personas: Personas):
    client.force_login(personas.maire)
    url = member_url(
        "member_resend_invitation", membership_of(personas, personas.conseiller)
    )

    assert client.get(url).status_code == 405
    assert mail.outbox == []


# Member list and detail


def test_member_list_shows_the_administration_buttons_to_administrators_only(
    client: Client, personas: Personas
):
    url = reverse("collectivites:members", args=["saint-test"])
    conseiller_page = member_url("member", membership_of(personas, personas.conseiller))

    client.force_login(personas.secretaire)
    shown = page(client.get(url))
    assert "Inviter un membre" in shown
    assert conseiller_page in shown

    client.force_login(personas.conseiller)
    shown = page(client.get(url))
    assert "Inviter un membre" not in shown
    assert conseiller_page not in shown
    assert personas.conseiller.last_name in shown


def test_member_page_shows_the_place_and_the_workspaces(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)

    shown = page(
        client.get(member_url("member", membership_of(personas, personas.adjointe)))
    )

    assert personas.adjointe.email in shown
    assert "Adjoint(e) au maire — finances" in shown
    assert "Commission des finances (anime l'espace)" in shown
    assert "Terminer le mandat" in shown


# Changing a place


def test_maire_changes_a_role_and_the_journal_keeps_before_and_after(
    client: Client, personas: Personas
):
    membership = membership_of(personas, personas.conseiller)
    client.force_login(personas.maire)

    response = client.post(
        member_url("member_edit", membership),
        {"status": "elu", "role": "conseiller_delegue", "delegation": "sports"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.role, membership.delegation) == ("conseiller_delegue", "sports")
    entry = JournalEntry.objects.get(action="membership.changed")
    assert entry.target_id == str(membership.id)
    assert entry.actor == personas.maire
    assert entry.data["changes"] == {
        "role": ["conseiller", "conseiller_delegue"],
        "delegation": ["", "sports"],
    }


def test_a_designated_administrator_administers(client: Client, personas: Personas):
    membership = membership_of(personas, personas.conseiller)
    client.force_login(personas.maire)
    client.post(
        member_url("member_edit", membership),
        {"status": "elu", "role": "conseiller", "is_admin": "on"},
    )

    client.force_login(personas.conseiller)

    assert client.get(invite_url()).status_code == 200


def test_a_change_that_does_not_fit_the_role_is_refused(
    client: Client, personas: Personas
):
    membership = membership_of(personas, personas.agent)
    client.force_login(personas.secretaire)
    before = stored()

    response = client.post(
        member_url("member_edit", membership),
        {"status": "agent", "role": "adjoint", "rank": "4", "delegation": "voirie"},
    )

    assert response.status_code == 200
    assert "est un rôle d'élu" in page(response)
    membership.refresh_from_db()
    assert membership.role == "agent"
    assert stored() == before


def test_an_ended_mandate_is_not_changed_any_more(client: Client, personas: Personas):
    membership = membership_of(personas, personas.former)
    client.force_login(personas.maire)

    response = client.post(
        member_url("member_edit", membership),
        {"status": "elu", "role": "adjoint", "rank": "2", "delegation": "voirie"},
        follow=True,
    )

    assert "il ne se modifie plus" in page(response)
    membership.refresh_from_db()
    assert membership.role == "conseiller"


# Ending a mandate or a job


def test_ending_a_mandate_ends_access_that_day_and_keeps_the_history(
    client: Client, personas: Personas
):
    membership = membership_of(personas, personas.conseiller)
    today = timezone.localdate()
    client.force_login(personas.maire)

    response = client.post(
        member_url("member_end", membership),
        {"ended_on": today.isoformat(), "reason": "démission"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert (membership.ended_on, membership.end_reason) == (today, "démission")
    entry = JournalEntry.objects.get(action="membership.ended")
    assert entry.data == {
        "ended_on": today.isoformat(),
        "reason": "démission",
        "previous_end": None,
    }
    members = page(client.get(reverse("collectivites:members", args=["saint-test"])))
    assert "Anciens membres" in members
    assert "(démission)" in members
    client.force_login(personas.conseiller)
    assert client.get(reverse("web:dashboard", args=["saint-test"])).status_code == 404


def test_a_job_ended_in_the_future_keeps_access_until_then(
    client: Client, personas: Personas
):
    membership = membership_of(personas, personas.agent)
    client.force_login(personas.secretaire)

    client.post(
        member_url("member_end", membership),
        {
            "ended_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "reason": "fin de contrat",
        },
    )

    client.force_login(personas.agent)
    assert client.get(reverse("web:dashboard", args=["saint-test"])).status_code == 200


def test_an_end_before_the_start_is_refused(client: Client, personas: Personas):
    membership = membership_of(personas, personas.conseiller)
    client.force_login(personas.maire)
    before = stored()

    response = client.post(
        member_url("member_end", membership),
        {"ended_on": "2019-01-01", "reason": "erreur"},
    )

    assert response.status_code == 200
    assert "La date de fin ne peut pas précéder le début" in page(response)
    membership.refresh_from_db()
    assert membership.ended_on is None
    assert stored() == before


def test_maire_cannot_end_the_mandate_of_the_last_administrator(
    client: Client, personas: Personas
):
    today = timezone.localdate().isoformat()
    client.force_login(personas.maire)
    client.post(
        member_url("member_end", membership_of(personas, personas.secretaire)),
        {"ended_on": today, "reason": "mutation"},
    )
    maire = membership_of(personas, personas.maire)
    before = stored()

    response = client.post(
        member_url("member_end", maire), {"ended_on": today, "reason": "démission"}
    )

    assert response.status_code == 200
    assert "doit toujours garder au moins un administrateur" in page(response)
    assert "Désignez d'abord un autre administrateur" in page(response)
    maire.refresh_from_db()
    assert maire.ended_on is None
    assert stored() == before


def test_the_last_administrator_cannot_lose_the_right_to_administer(
    client: Client, personas: Personas
):
    secretaire = membership_of(personas, personas.secretaire)
    secretaire.ended_on = timezone.localdate()
    secretaire.save()
    maire = membership_of(personas, personas.maire)
    client.force_login(personas.maire)
    before = stored()

    response = client.post(
        member_url("member_edit", maire), {"status": "elu", "role": "conseiller"}
    )

    assert "doit toujours garder au moins un administrateur" in page(response)
    maire.refresh_from_db()
    assert maire.role == "maire"
    assert stored() == before


def test_an_administrator_leaves_when_another_remains(
    client: Client, personas: Personas
):
    secretaire = membership_of(personas, personas.secretaire)
    client.force_login(personas.secretaire)

    response = client.post(
        member_url("member_end", secretaire),
        {"ended_on": timezone.localdate().isoformat(), "reason": "retraite"},
    )

    assert response.status_code == 302
    secretaire.refresh_from_db()
    assert secretaire.end_reason == "retraite"


# Query counts


def queries_of(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_administration_pages_do_not_grow_with_the_members(
    client: Client, personas: Personas
):
    adjointe = membership_of(personas, personas.adjointe)
    urls = [
        reverse("collectivites:members", args=["saint-test"]),
        member_url("member", adjointe),
    ]
    client.force_login(personas.maire)
    before = [queries_of(client, url) for url in urls]

    for n in range(5):
        membership = add_member(
            collectivite=personas.commune,
            email=f"membre{n}@example.test",
            first_name="Membre",
            last_name=str(n),
            role=Role.CONSEILLER,
            by=None,
        )
        workspace = Workspace.objects.create(
            collectivite=personas.commune, name=f"Espace {n}"
        )
        WorkspaceMember.objects.create(workspace=workspace, membership=adjointe)
        WorkspaceMember.objects.create(workspace=workspace, membership=membership)

    assert [queries_of(client, url) for url in urls] == before


def test_a_mistaken_invitation_is_withdrawn_the_same_day(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    client.post(
        reverse("collectivites:member_invite", args=["saint-test"]),
        invitation(
            email="erreur@example.test",
            role="conseiller",
            delegation="",
            rank="",
            started_on=timezone.localdate().isoformat(),
        ),
    )
    membership = Membership.objects.get(user__email="erreur@example.test")

    response = client.post(
        member_url("member_end", membership),
        {"ended_on": timezone.localdate().isoformat(), "reason": "invitation erronée"},
    )

    assert response.status_code == 302
    client.force_login(membership.user)
    assert client.get(reverse("web:dashboard", args=["saint-test"])).status_code == 404
