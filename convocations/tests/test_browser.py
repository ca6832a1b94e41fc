"""On a 375 px phone, a conseiller answers the convocation with a
procuration, then reads the dossier point by point and keeps a note that
saves itself as he types (htmx)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from convocations.models import PointNote, Procuration
from convocations.services import send_convocation
from convocations.tests.conftest import ready_seance
from quorum.testing import World
from web.tests.browsing import PHONE, Visit

pytestmark = pytest.mark.browser


def test_a_conseiller_answers_and_takes_notes_on_a_phone(
    visit: Visit, world: World
) -> None:
    page = visit.page
    page.set_viewport_size(PHONE)
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    adjointe = world.personas.adjointe

    visit.log_in(world.personas.conseiller)
    visit.goto(seance.get_absolute_url())
    page.get_by_text("Absent(e), avec procuration", exact=True).click()
    page.get_by_label("Si vous donnez procuration : à quel collègue ?").select_option(
        label=adjointe.full_name
    )
    visit.check_layout()
    visit.shot("reponse")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    expect(page.get_by_role("main")).to_contain_text(
        f"procuration à {adjointe.full_name}"
    )

    visit.goto(reverse("convocations:my_seances", kwargs={"collectivite": world.slug}))
    visit.check_layout()
    visit.shot("mes-seances")
    page.get_by_role("link", name="Conseil municipal du").click()
    page.get_by_label("Mes notes sur ce point").fill("Demander le coût par élève.")
    expect(page.get_by_text("Enregistrée le")).to_be_visible()
    visit.check_layout()
    visit.shot("dossier-note")

    page.reload()
    expect(page.get_by_label("Mes notes sur ce point")).to_have_value(
        "Demander le coût par élève."
    )
    assert PointNote.objects.get().author == world.memberships["conseiller"]
    assert Procuration.objects.get().mandataire == world.memberships["adjointe"]
