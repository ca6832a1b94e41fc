"""On a 375 px phone: the guided tour of the dossier, skipped then found
again; large text and strong contrast without horizontal scroll on the
main pages of an élu; printing hides the navigation."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from convocations.services import send_convocation
from convocations.tests.conftest import ready_seance
from guide.models import DisplaySettings
from quorum.testing import World
from web.tests.browsing import PHONE, Visit

pytestmark = pytest.mark.browser

# TODO(deliberations-phone): the délibérations' pages (actes, publication)
# join the 375 px check below once those apps have landed.


def _dossier(world: World) -> str:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    return reverse(
        "convocations:my_dossier",
        kwargs={"collectivite": world.slug, "seance_id": seance.pk},
    )


def test_the_tour_of_the_dossier_can_be_skipped_and_seen_again(
    visit: Visit, world: World
) -> None:
    page = visit.page
    page.set_viewport_size(PHONE)
    dossier = _dossier(world)
    visit.log_in(world.personas.conseiller)

    visit.goto(dossier)
    tour = page.get_by_role("dialog", name="Visite de votre dossier")
    expect(tour).to_be_visible()
    expect(tour).to_contain_text("Étape 1 sur 5")
    visit.check_layout()
    visit.shot("visite")
    page.get_by_role("button", name="Suivant").click()
    expect(tour).to_contain_text("Étape 2 sur 5")
    with page.expect_response(lambda r: "visite-guidee" in r.url):
        page.get_by_role("button", name="Passer la visite").click()
    expect(tour).to_be_hidden()
    assert DisplaySettings.objects.get(user=world.personas.conseiller).tour_done_at

    page.reload()
    expect(tour).to_be_hidden()
    page.get_by_role("link", name="Revoir la visite").click()
    expect(tour).to_contain_text("Étape 1 sur 5")


def test_large_text_and_contrast_fit_a_phone_and_pages_print_without_menus(
    visit: Visit, world: World
) -> None:
    page = visit.page
    page.set_viewport_size(PHONE)
    dossier = _dossier(world)
    visit.log_in(world.personas.conseiller)
    visit.goto(reverse("guide:display"))
    page.locator("label", has_text="Très grand").click()
    page.locator("label", has_text="Contraste renforcé").click()
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("html")).to_have_class("quorum-text-larger quorum-contrast")
    DisplaySettings.objects.filter(user=world.personas.conseiller).update(
        tour_done_at="2026-01-01T00:00:00Z"
    )

    for path in (
        dossier,
        reverse("convocations:my_seances", kwargs={"collectivite": world.slug}),
        reverse("web:dashboard", kwargs={"collectivite": world.slug}),
        reverse("guide:help", kwargs={"slug": "dossier"}),
        reverse("guide:glossary"),
    ):
        visit.goto(path)
        visit.check_layout()
    visit.goto(dossier)
    visit.shot("dossier-grand-texte")

    page.emulate_media(media="print")
    expect(page.locator(".fr-header__tools")).to_be_hidden()
    expect(page.locator(".fr-footer")).to_be_hidden()
    expect(page.get_by_role("link", name="Aide sur cette page")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
