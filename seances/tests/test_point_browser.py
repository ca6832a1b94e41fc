"""On a phone, the two journeys of a point's page where scripts matter: a
conseiller asks the rapporteur a question with the completion list (htmx),
and the secrétaire sends a file with the progress of its sending."""

import pytest
from playwright.sync_api import expect

from discussions.models import Mention
from quorum.testing import World
from seances.models import Annex
from seances.tests.access_rows import make_convened_point, make_draft_point
from web.tests.browsing import PHONE, Visit

pytestmark = pytest.mark.browser


def test_a_conseiller_asks_the_rapporteur_on_a_phone(
    visit: Visit, world: World
) -> None:
    page = visit.page
    page.set_viewport_size(PHONE)
    item = make_convened_point(world)
    rapporteur = world.personas.adjointe

    visit.log_in(world.personas.conseiller)
    visit.goto(item.get_absolute_url())
    page.get_by_label("Votre message").fill("Pourquoi ce tarif pour la cantine ?")
    page.get_by_label("Chercher une personne à mentionner").fill(
        rapporteur.last_name[:4]
    )
    # The DSFR draws the box on the label: a person taps the name.
    page.locator("label", has_text=rapporteur.full_name).click()
    expect(page.get_by_role("checkbox", name=rapporteur.full_name)).to_be_checked()
    visit.check_layout()
    visit.shot("question")
    page.get_by_role("button", name="Publier").click()

    expect(page.get_by_role("main")).to_contain_text(f"Mentionne : {rapporteur}")
    visit.check_layout()
    visit.shot("question-publiee")
    assert Mention.objects.filter(user=rapporteur).exists()


def test_the_secretaire_uploads_an_annex_on_a_phone(visit: Visit, world: World) -> None:
    page = visit.page
    page.set_viewport_size(PHONE)
    item = make_draft_point(world)

    visit.log_in(world.personas.secretaire)
    visit.goto(item.get_absolute_url())
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "plan.txt", "mimeType": "text/plain", "buffer": b"Plan\n"}]
    )
    page.get_by_label("Titre de l'annexe").fill("Plan de la parcelle")
    visit.check_layout()
    visit.shot("annexe")
    page.get_by_role("button", name="Déposer le fichier").click()

    expect(page.get_by_role("main")).to_contain_text("Le fichier est joint au point.")
    expect(page.get_by_role("link", name="Plan de la parcelle")).to_be_visible()
    visit.check_layout()
    visit.shot("annexe-jointe")
    assert Annex.objects.get(item=item).document.title == "Plan de la parcelle"
