"""Logging in with ProConnect, against a provider served on loopback."""

import html
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from accounts.tests.oidc_provider import Provider
from quorum.testing import Personas, second_factor_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    provider = Provider(client_id="quorum-test", client_secret="secret-de-test")
    settings.QUORUM_PROCONNECT = True
    settings.OIDC_RP_CLIENT_ID = provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = provider.client_secret
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider.url}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider.url}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{provider.url}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider.url}/jwks"
    yield provider
    provider.stop()


def round_trip(client: Client, provider: Provider, email: str) -> Any:
    """Start at Quorum, log in at the provider as ``email``, come back."""
    provider.email = email
    start = client.get(reverse("accounts:proconnect"))
    assert start.status_code == 302
    assert start["Location"].startswith(f"{provider.url}/authorize?")
    back = urlsplit(provider.authorize(start["Location"]))
    assert back.path == reverse("accounts:proconnect_callback")
    return client.get(f"{back.path}?{back.query}")


def test_the_login_page_offers_proconnect_once_configured(
    client: Client, provider: Provider
):
    assert (
        "Se connecter avec ProConnect"
        in client.get(reverse("accounts:login")).content.decode()
    )


def test_an_agent_logs_in_with_proconnect_matched_by_email(
    client: Client, personas: Personas, provider: Provider
):
    response = round_trip(client, provider, personas.agent.email.upper())

    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")
    home = client.get(response["Location"], follow=True)
    assert home.context["user"] == personas.agent


def test_the_authorization_asks_for_eidas1_with_pkce(
    client: Client, personas: Personas, provider: Provider
):
    start = client.get(reverse("accounts:proconnect"))

    query = start["Location"]
    assert "acr_values=eidas1" in query
    assert "code_challenge_method=S256" in query
    assert "nonce=" in query


def test_a_secretaire_still_gives_her_second_factor(
    client: Client, personas: Personas, provider: Provider
):
    response = round_trip(client, provider, personas.secretaire.email)

    assert response["Location"] == reverse("accounts:two_factor")
    assert "_auth_user_id" not in client.session
    done = client.post(
        reverse("accounts:two_factor"),
        {"code": second_factor_code(personas.secretaire)},
    )
    assert done["Location"] == reverse("web:home")
    assert client.session["_auth_user_id"] == str(personas.secretaire.pk)


def test_someone_without_an_account_is_refused_in_french(
    client: Client, personas: Personas, provider: Provider
):
    response = round_trip(client, provider, "inconnu@administration.test")

    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "Aucun compte Quorum pour cette adresse" in page
    assert "inconnu@administration.test" in page
    assert "_auth_user_id" not in client.session


def test_a_code_serves_once(client: Client, personas: Personas, provider: Provider):
    provider.email = personas.agent.email
    start = client.get(reverse("accounts:proconnect"))
    back = urlsplit(provider.authorize(start["Location"]))
    client.get(f"{back.path}?{back.query}")
    client.logout()

    again = client.get(f"{back.path}?{back.query}")

    assert again.status_code in (302, 400)
    assert "_auth_user_id" not in client.session


def test_proconnect_is_off_by_default(client: Client, db: None):
    assert client.get(reverse("accounts:proconnect")).status_code == 404
    assert client.get(reverse("accounts:proconnect_callback")).status_code == 404
    assert "ProConnect" not in client.get(reverse("accounts:login")).content.decode()
