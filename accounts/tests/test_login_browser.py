"""The login page on a small phone (375 px wide), in Chromium."""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from quorum.testing import PASSWORD, Personas, second_factor_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}


def test_the_login_page_fits_a_small_phone_and_logs_in(
    page: Any, live_server: Any, personas: Personas
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/compte/connexion/")

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    artifacts = Path(settings.BASE_DIR) / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "login-375.png"), full_page=True)
    assert scroll_width <= PHONE["width"]
    for element in (
        page.locator("input[name=username]"),
        page.locator("input[name=password]"),
        page.get_by_role("link", name="Mot de passe oublié ?"),
        page.get_by_role("button", name="Se connecter"),
    ):
        box = element.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= PHONE["width"]

    page.locator("input[name=username]").fill(personas.secretaire.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.locator("input[name=code]").fill(second_factor_code(personas.secretaire))
    page.get_by_role("button", name="Valider le code").click()

    page.wait_for_url(f"{live_server.url}/saint-test/")
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()


def test_the_forgotten_password_page_fits_a_small_phone(
    page: Any, live_server: Any, personas: Personas
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/compte/connexion/")

    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.locator("input[name=email]").fill(personas.secretaire.email)
    page.get_by_role("button", name="Recevoir le lien").click()

    assert page.get_by_role("heading", name="Vérifiez votre messagerie").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
