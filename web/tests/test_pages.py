import pytest
from django.urls import reverse

from quorum.testing import PASSWORD, Personas

pytestmark = pytest.mark.django_db


def test_member_logs_in_by_email_whatever_its_case(client, personas: Personas):
    response = client.post(
        reverse("accounts:login"),
        {"username": personas.secretaire.email.upper(), "password": PASSWORD},
    )
    assert response.status_code == 302
    assert client.get(response["Location"], follow=True).status_code == 200


def test_wrong_password_says_so_in_french(client, personas: Personas):
    response = client.post(
        reverse("accounts:login"),
        {"username": personas.secretaire.email, "password": "faux"},
    )
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()


def test_dashboard_lists_only_visible_workspaces(client, personas: Personas):
    client.force_login(personas.agent)
    page = client.get(reverse("web:dashboard", args=["saint-test"])).content.decode()
    assert "Projet école" in page
    assert "Commission des finances" not in page


def test_outsider_gets_404_on_another_collectivite(client, personas: Personas):
    client.force_login(personas.outsider)
    assert client.get(reverse("web:dashboard", args=["saint-test"])).status_code == 404


def test_resigned_councillor_loses_access_but_stays_in_history(
    client, personas: Personas
):
    client.force_login(personas.former)
    assert client.get(reverse("web:dashboard", args=["saint-test"])).status_code == 404
    client.force_login(personas.maire)
    page = client.get(
        reverse("collectivites:members", args=["saint-test"])
    ).content.decode()
    assert "Anciens membres" in page
    assert personas.former.last_name in page


def test_pages_carry_a_strict_csp_with_a_nonce_and_no_unsafe_inline(
    client, personas: Personas
):
    client.force_login(personas.secretaire)
    response = client.get(reverse("web:dashboard", args=["saint-test"]))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy
