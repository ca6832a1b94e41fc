"""Brute force: django-axes locks an address after too many failures, and
the pages that send e-mails from outside refuse floods."""

import html
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from quorum.testing import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def log_in(client: Client, email: str, password: str) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}
    )


@pytest.fixture
def limit(settings: Any) -> int:
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def test_the_address_is_locked_after_repeated_failures_even_for_the_right_password(
    client: Client, personas: Personas, limit: int
):
    for _ in range(limit - 1):
        assert log_in(client, personas.conseiller.email, "devine").status_code == 200

    locked = log_in(client, personas.conseiller.email.upper(), "devine")

    assert locked.status_code == 429
    shown = page(locked)
    assert "Connexion bloquée pour 15 minutes" in shown
    assert "Après 3 essais manqués" in shown
    right = log_in(client, personas.conseiller.email, PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_for_one_address_only(
    client: Client, personas: Personas, limit: int
):
    for _ in range(limit):
        log_in(client, personas.conseiller.email, "devine")

    response = log_in(client, personas.agent.email, PASSWORD)

    assert response.status_code == 302


def test_wrong_second_factor_codes_count_too(
    client: Client, personas: Personas, limit: int
):
    log_in(client, personas.maire.email, PASSWORD)
    for _ in range(limit - 1):
        response = client.post(reverse("accounts:two_factor"), {"code": "000000"})
        assert response.status_code == 200

    locked = client.post(reverse("accounts:two_factor"), {"code": "000000"})

    assert locked.status_code == 429
    assert "Connexion bloquée" in page(locked)
    assert client.get(reverse("accounts:two_factor")).status_code == 429


def test_a_success_before_the_limit_starts_the_count_again(
    client: Client, personas: Personas, limit: int
):
    for _ in range(limit - 1):
        log_in(client, personas.conseiller.email, "devine")
    log_in(client, personas.conseiller.email, PASSWORD)
    client.logout()

    for _ in range(limit - 1):
        assert log_in(client, personas.conseiller.email, "devine").status_code == 200


def test_password_reset_requests_are_limited_per_address(
    client: Client, personas: Personas, settings: Any
):
    settings.QUORUM_EMAIL_REQUESTS_PER_HOUR = 2
    url = reverse("accounts:password_reset")
    for _ in range(2):
        assert client.post(url, {"email": personas.agent.email}).status_code == 302

    refused = client.post(url, {"email": personas.agent.email.upper()})

    assert refused.status_code == 429
    assert "Trop de demandes en peu de temps" in page(refused)
    assert len(mail.outbox) == 2
    unknown = client.post(url, {"email": "personne@ailleurs.test"})
    assert unknown.status_code == 302


def test_an_unknown_address_is_limited_the_same_way(
    client: Client, db: None, settings: Any
):
    settings.QUORUM_EMAIL_REQUESTS_PER_HOUR = 1
    url = reverse("accounts:login_link_request")
    client.post(url, {"email": "personne@ailleurs.test"})

    assert client.post(url, {"email": "personne@ailleurs.test"}).status_code == 429


def test_one_network_address_is_limited_across_addresses(
    client: Client, db: None, settings: Any
):
    settings.QUORUM_EMAIL_REQUESTS_PER_HOUR = 1
    url = reverse("accounts:password_reset")
    for n in range(4):
        assert client.post(url, {"email": f"p{n}@ailleurs.test"}).status_code == 302

    assert client.post(url, {"email": "p9@ailleurs.test"}).status_code == 429
