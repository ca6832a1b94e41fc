"""Following the link of an invitation: choose a password, land on the
dashboard of the collectivité that invited you."""

import html
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from collectivites.models import Membership
from collectivites.services import invite_member
from domain.roles import Role
from journal.models import JournalEntry
from quorum.testing import Personas

pytestmark = pytest.mark.django_db

INVITATION_LINK = re.compile(r"http://\S+(/compte/invitation/[^/\s]+/\S+/\S+/)")
PASSWORD = "le conseil se réunit jeudi"


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def invited(personas: Personas) -> Membership:
    return invite_member(
        collectivite=personas.commune,
        by=personas.maire,
        email="lea.martin@example.test",
        first_name="Léa",
        last_name="Martin",
        role=Role.CONSEILLER,
    )


def link() -> str:
    [message] = mail.outbox
    found = INVITATION_LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def accept(client: Client, path: str, password: str = PASSWORD) -> Any:
    form = client.get(path)
    assert form.status_code == 302
    return client.post(
        form["Location"], {"new_password1": password, "new_password2": password}
    )


def test_the_invited_person_chooses_a_password_and_lands_on_the_dashboard(
    client: Client, invited: Membership
):
    form = client.get(link(), follow=True)
    assert "Bienvenue dans Quorum" in page(form)
    assert "lea.martin@example.test" in page(form)

    response = accept(client, link())

    assert response.status_code == 302
    assert response["Location"] == reverse("web:dashboard", args=["saint-test"])
    dashboard = client.get(response["Location"])
    assert dashboard.status_code == 200
    assert dashboard.context["user"] == invited.user
    assert "Votre mot de passe est enregistré. Bienvenue dans Quorum !" in page(
        dashboard
    )
    invited.user.refresh_from_db()
    assert invited.user.check_password(PASSWORD)
    entry = JournalEntry.objects.get(action="membership.invitation_accepted")
    assert (entry.target_id, entry.actor) == (str(invited.id), invited.user)


def test_the_person_then_logs_in_with_the_chosen_password(
    client: Client, invited: Membership
):
    accept(client, link())
    client.logout()

    response = client.post(
        reverse("accounts:login"),
        {"username": "lea.martin@example.test", "password": PASSWORD},
    )

    assert response.status_code == 302


def test_an_invitation_link_serves_once(client: Client, invited: Membership):
    accept(client, link())
    client.logout()

    response = client.get(link())

    assert response.status_code == 200
    assert "Ce lien d'invitation ne fonctionne plus" in page(response)
    assert (
        JournalEntry.objects.filter(action="membership.invitation_accepted").count()
        == 1
    )


def test_an_expired_invitation_says_what_to_do(
    client: Client, invited: Membership, settings: Any
):
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = client.get(link())

    assert "demandez au secrétariat de votre mairie de vous renvoyer" in page(response)


def test_an_invitation_of_a_disabled_account_does_not_open(
    client: Client, invited: Membership
):
    User.objects.filter(pk=invited.user.pk).update(is_active=False)

    response = client.get(link())

    assert response.status_code == 200
    assert "ne fonctionne plus" in page(response)


def test_a_weak_password_is_refused_and_the_person_stays_outside(
    client: Client, invited: Membership
):
    response = accept(client, link(), password="lea.martin")

    assert response.status_code == 200
    assert "trop semblable" in page(response)
    invited.user.refresh_from_db()
    assert not invited.user.has_usable_password()
    assert not JournalEntry.objects.filter(
        action="membership.invitation_accepted"
    ).exists()


def test_a_link_whose_collectivite_was_changed_lands_on_the_home_page(
    client: Client, invited: Membership
):
    tampered = link().replace("/saint-test/", "/autre-test/")

    response = accept(client, tampered)

    assert response["Location"] == reverse("web:home")
    assert not JournalEntry.objects.filter(
        action="membership.invitation_accepted"
    ).exists()
