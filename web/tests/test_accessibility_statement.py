"""The Déclaration d'accessibilité: public, linked from every page's footer,
with every part the RGAA asks of it."""

import pytest
from django.test import Client
from django.urls import reverse

from quorum.testing import Personas

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_statement_with_every_part_the_rgaa_asks(
    client: Client,
) -> None:
    response = client.get(reverse("web:accessibility"))

    assert response.status_code == 200
    page = response.content.decode()
    for part in (
        "<h1>Déclaration d'accessibilité</h1>",
        "État de conformité",
        "RGAA), version 4.1.2",
        "Contenus non accessibles",
        "Dérogations pour charge disproportionnée",
        "Établissement de cette déclaration d'accessibilité",
        "Retour d'information et contact",
        "Voies de recours",
        "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07",
    ):
        assert part in page, part


def test_the_contact_is_the_operators_address_when_it_has_one(
    client: Client, settings
) -> None:
    settings.QUORUM_ACCESSIBILITY_CONTACT = "accessibilite@exploitant.example"

    page = client.get(reverse("web:accessibility")).content.decode()

    assert 'href="mailto:accessibilite@exploitant.example"' in page
    assert "secrétariat de votre mairie" not in page


def test_every_page_links_the_statement_in_its_footer(
    client: Client, personas: Personas
) -> None:
    url = reverse("web:accessibility")
    login = client.get(reverse("accounts:login")).content.decode()
    client.force_login(personas.conseiller)
    dashboard = client.get(reverse("web:dashboard", args=["saint-test"]))

    for page in (login, dashboard.content.decode()):
        assert f'href="{url}">Accessibilité : non conforme</a>' in page
