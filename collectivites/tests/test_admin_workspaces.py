"""The administration of workspaces: creating, changing, and their members."""

import html
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collectivites.models import Membership, Workspace, WorkspaceMember
from collectivites.services import add_member, add_workspace_member
from domain.roles import Role
from journal.models import JournalEntry
from quorum.testing import Personas

pytestmark = pytest.mark.django_db


def url(name: str, workspace: Workspace, **kwargs: Any) -> str:
    return reverse(
        f"collectivites:{name}",
        kwargs={"collectivite": "saint-test", "workspace_id": workspace.id, **kwargs},
    )


def membership(personas: Personas, persona: str) -> Membership:
    return Membership.objects.get(user=getattr(personas, persona))


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def stored() -> tuple[int, int, int]:
    return (
        Workspace.objects.count(),
        WorkspaceMember.objects.count(),
        JournalEntry.objects.count(),
    )


def test_the_secretaire_creates_a_project_and_the_journal_keeps_it(
    client: Client, personas: Personas
):
    client.force_login(personas.secretaire)

    response = client.post(
        reverse("collectivites:workspace_create", args=["saint-test"]),
        {
            "kind": "projet",
            "name": "Rénovation de la salle des fêtes",
            "description": "Travaux 2027",
        },
    )

    workspace = Workspace.objects.get(name="Rénovation de la salle des fêtes")
    assert response.status_code == 302
    assert response["Location"] == url("workspace_members", workspace)
    assert (workspace.collectivite, workspace.kind) == (personas.commune, "projet")
    entry = JournalEntry.objects.get(action="workspace.created")
    assert (entry.target_id, entry.actor) == (str(workspace.id), personas.secretaire)
    assert "Ajoutez-y maintenant ses membres" in page(client.get(response["Location"]))


def test_a_workspace_name_is_taken_once_per_collectivite(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    before = stored()

    response = client.post(
        reverse("collectivites:workspace_create", args=["saint-test"]),
        {"kind": "commission", "name": "commission des finances"},
    )

    assert response.status_code == 200
    assert "Un espace de travail porte déjà ce nom." in page(response)
    assert stored() == before


def test_the_workspace_list_offers_creation_to_the_administration_only(
    client: Client, personas: Personas
):
    list_url = reverse("collectivites:workspaces", args=["saint-test"])
    client.force_login(personas.maire)
    assert "Créer un espace" in page(client.get(list_url))
    client.force_login(personas.adjointe)
    assert "Créer un espace" not in page(client.get(list_url))


def test_the_animatrice_changes_her_workspace(client: Client, personas: Personas):
    client.force_login(personas.adjointe)

    response = client.post(
        url("workspace_edit", personas.finances),
        {"kind": "commission", "name": "Commission finances et budget"},
    )

    assert response.status_code == 302
    personas.finances.refresh_from_db()
    assert personas.finances.name == "Commission finances et budget"
    entry = JournalEntry.objects.get(action="workspace.changed")
    assert entry.data["changes"]["name"] == [
        "Commission des finances",
        "Commission finances et budget",
    ]


def test_the_manage_buttons_show_to_those_who_manage_only(
    client: Client, personas: Personas
):
    detail = url("workspace", personas.finances)
    client.force_login(personas.adjointe)
    assert "Gérer les membres" in page(client.get(detail))
    client.force_login(personas.maire)
    assert "Gérer les membres" in page(client.get(detail))
    client.force_login(personas.agent)
    ecole = page(client.get(url("workspace", personas.ecole)))
    assert "Gérer les membres" not in ecole


def test_a_plain_member_does_not_manage_the_workspace(
    client: Client, personas: Personas
):
    client.force_login(personas.agent)

    assert client.get(url("workspace_members", personas.ecole)).status_code == 404
    response = client.post(
        url("workspace_member_add", personas.ecole),
        {"membership": membership(personas, "conseiller").id},
    )
    assert response.status_code == 404
    assert not WorkspaceMember.objects.filter(
        workspace=personas.ecole, membership__user=personas.conseiller
    ).exists()


def test_a_member_added_to_a_workspace_sees_it(client: Client, personas: Personas):
    conseiller = membership(personas, "conseiller")
    client.force_login(personas.adjointe)

    response = client.post(
        url("workspace_member_add", personas.finances),
        {"membership": conseiller.id},
    )

    assert response.status_code == 302
    link = WorkspaceMember.objects.get(
        workspace=personas.finances, membership=conseiller
    )
    assert not link.is_manager
    entry = JournalEntry.objects.get(action="workspace.member_added")
    assert entry.target_id == str(personas.finances.id)
    assert entry.data == {"membership": str(conseiller.id), "is_manager": False}
    client.force_login(personas.conseiller)
    assert client.get(url("workspace", personas.finances)).status_code == 200


def test_only_current_members_of_the_same_collectivite_are_offered(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)

    shown = page(client.get(url("workspace_members", personas.ecole)))

    assert personas.conseiller.last_name in shown
    assert personas.outsider.last_name not in shown
    assert f'value="{membership(personas, "former").id}"' not in shown
    assert f'value="{membership(personas, "outsider").id}"' not in shown


@pytest.mark.parametrize("persona", ["outsider", "former"])
def test_someone_of_another_collectivite_or_out_of_office_cannot_be_added(
    client: Client, personas: Personas, persona: str
):
    client.force_login(personas.maire)
    before = stored()

    response = client.post(
        url("workspace_member_add", personas.ecole),
        {"membership": membership(personas, persona).id},
    )

    assert response.status_code == 200
    assert "Choisissez une personne de la liste." in page(response)
    assert stored() == before


def test_a_member_already_in_the_workspace_is_not_added_twice(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    before = stored()

    response = client.post(
        url("workspace_member_add", personas.ecole),
        {"membership": membership(personas, "agent").id},
    )

    assert response.status_code == 200
    assert "Choisissez une personne de la liste." in page(response)
    assert stored() == before


def test_a_member_removed_from_a_workspace_no_longer_sees_it(
    client: Client, personas: Personas
):
    agent = membership(personas, "agent")
    client.force_login(personas.secretaire)

    response = client.post(
        url("workspace_member_remove", personas.ecole, membership_id=agent.id)
    )

    assert response.status_code == 302
    assert not WorkspaceMember.objects.filter(workspace=personas.ecole).exists()
    entry = JournalEntry.objects.get(action="workspace.member_removed")
    assert entry.data == {"membership": str(agent.id)}
    client.force_login(personas.agent)
    assert client.get(url("workspace", personas.ecole)).status_code == 404


def test_removing_someone_who_is_not_a_member_is_not_found(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    before = stored()

    response = client.post(
        url(
            "workspace_member_remove",
            personas.ecole,
            membership_id=membership(personas, "conseiller").id,
        )
    )

    assert response.status_code == 404
    assert stored() == before


def test_a_member_made_animateur_manages_the_workspace(
    client: Client, personas: Personas
):
    agent = membership(personas, "agent")
    client.force_login(personas.maire)

    response = client.post(
        url("workspace_member_manager", personas.ecole, membership_id=agent.id),
        {"is_manager": "true"},
    )

    assert response.status_code == 302
    assert WorkspaceMember.objects.get(membership=agent).is_manager
    assert JournalEntry.objects.filter(action="workspace.manager_set").count() == 1
    client.force_login(personas.agent)
    assert client.get(url("workspace_members", personas.ecole)).status_code == 200


def test_an_animatrice_steps_down_and_no_longer_manages(
    client: Client, personas: Personas
):
    adjointe = membership(personas, "adjointe")
    client.force_login(personas.adjointe)

    client.post(
        url("workspace_member_manager", personas.finances, membership_id=adjointe.id),
        {"is_manager": "false"},
    )

    assert not WorkspaceMember.objects.get(membership=adjointe).is_manager
    assert JournalEntry.objects.filter(action="workspace.manager_unset").count() == 1
    assert client.get(url("workspace_members", personas.finances)).status_code == 404


def test_changes_of_workspace_members_are_posts(client: Client, personas: Personas):
    agent = membership(personas, "agent")
    client.force_login(personas.maire)

    for name in ("workspace_member_remove", "workspace_member_manager"):
        assert (
            client.get(url(name, personas.ecole, membership_id=agent.id)).status_code
            == 405
        )
    assert client.get(url("workspace_member_add", personas.ecole)).status_code == 405
    assert WorkspaceMember.objects.filter(membership=agent).exists()


def test_the_workspace_members_page_does_not_grow_with_its_members(
    client: Client, personas: Personas
):
    url_ = url("workspace_members", personas.finances)
    client.force_login(personas.maire)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url_).status_code == 200
        return len(captured)

    before = queries()
    for n in range(5):
        membership = add_member(
            collectivite=personas.commune,
            email=f"membre{n}@example.test",
            first_name="Membre",
            last_name=str(n),
            role=Role.CONSEILLER,
            by=None,
        )
        add_workspace_member(personas.finances, membership, by=None)

    assert queries() == before
