"""Sessions end after a time without activity; sensitive changes ask for
the password again."""

import html
import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.login_flow import AUTH_AT, SEEN
from quorum.testing import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def age(client: Client, key: str, seconds: float) -> None:
    session = client.session
    session[key] = time.time() - seconds
    session.save()


def test_a_session_left_idle_ends_with_a_french_message(
    client: Client, personas: Personas, settings: Any
):
    client.force_login(personas.conseiller)
    dashboard = reverse("web:dashboard", args=["saint-test"])
    age(client, SEEN, settings.QUORUM_SESSION_IDLE_MINUTES * 60 + 1)

    response = client.get(dashboard)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    login = client.get(response["Location"])
    assert "Votre session a pris fin après 120 minutes sans activité" in page(login)
    assert client.get(dashboard).status_code == 302


def test_an_active_session_goes_on(client: Client, personas: Personas, settings: Any):
    client.force_login(personas.conseiller)
    age(client, SEEN, settings.QUORUM_SESSION_IDLE_MINUTES * 60 - 60)

    response = client.get(reverse("web:dashboard", args=["saint-test"]))

    assert response.status_code == 200
    assert time.time() - client.session[SEEN] < 60


def test_changing_a_role_asks_for_the_password_after_ten_minutes(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    age(client, AUTH_AT, 11 * 60)
    membership = personas.conseiller.memberships.get()
    edit = reverse("collectivites:member_edit", args=["saint-test", membership.id])

    response = client.get(edit)

    assert response.status_code == 302
    reauth = response["Location"]
    assert reauth.startswith(reverse("accounts:reauth"))
    wrong = client.post(reauth, {"password": "pas le bon", "next": edit})
    assert "Ce mot de passe n'est pas le bon" in page(wrong)
    done = client.post(reauth, {"password": PASSWORD, "next": edit})
    assert done["Location"] == edit
    assert client.get(edit).status_code == 200


def test_inviting_and_ending_a_mandate_ask_for_it_too(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    age(client, AUTH_AT, 11 * 60)
    membership = personas.conseiller.memberships.get()

    for url in (
        reverse("collectivites:member_invite", args=["saint-test"]),
        reverse("collectivites:member_end", args=["saint-test", membership.id]),
    ):
        assert client.get(url)["Location"].startswith(reverse("accounts:reauth"))


def test_an_outsider_still_gets_404_not_the_password_page(
    client: Client, personas: Personas
):
    client.force_login(personas.conseiller)
    age(client, AUTH_AT, 11 * 60)
    membership = personas.agent.memberships.get()

    response = client.get(
        reverse("collectivites:member_edit", args=["saint-test", membership.id])
    )

    assert response.status_code == 404


def test_the_password_page_never_sends_elsewhere(client: Client, personas: Personas):
    client.force_login(personas.conseiller)

    response = client.post(
        reverse("accounts:reauth"),
        {"password": PASSWORD, "next": "https://ailleurs.example/"},
    )

    assert response["Location"] == reverse("accounts:security")
