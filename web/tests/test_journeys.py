"""The main journeys, measured: each counts the actions of the person
(``web.tests.journeys``) and fails when it needs more than its target.
The figures are printed with each test and summed up at the end of the run.

The unanimous vote is measured with the holding of the séance, in
``proceedings/tests/test_browser.py``.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from convocations.models import Delivery, Procuration
from convocations.services import send_convocation
from convocations.tests.conftest import ready_seance
from quorum.testing import World
from seances.models import AgendaItem, Seance
from web.tests.browsing import DESKTOP, Visit
from web.tests.journeys import Journey

pytestmark = pytest.mark.browser


def _link_in_mail_to(email: str) -> str:
    """The path of the personal link in the convocation sent to ``email``."""
    message = next(m for m in mail.outbox if email in m.to)
    found = re.search(r"/convocation/[^/\s]+/", message.body)
    assert found, message.body
    return found.group(0)


def test_an_elu_goes_from_the_email_to_the_dossier_then_answers(
    visit: Visit, world: World
) -> None:
    """An élu invited by the mairie, who never chose a password, opens the
    convocation e-mail (2 actions to the dossier), says he received it (1),
    and gives a procuration to the adjointe (3)."""
    page = visit.page
    page.set_viewport_size(DESKTOP)
    conseiller = world.personas.conseiller
    conseiller.set_unusable_password()
    conseiller.save(update_fields=["password"])
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    link = _link_in_mail_to(conseiller.email)

    to_dossier = Journey(visit, "élu : de l'e-mail de convocation au dossier", 2)
    to_dossier.open(visit.base_url + link)
    to_dossier.click(page.get_by_role("button", name="Ouvrir ma convocation"))
    expect(page.get_by_role("heading", name="Ordre du jour")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(seance.title)
    to_dossier.done()

    acknowledging = Journey(visit, "élu : accuser réception de la convocation", 1)
    acknowledging.click(
        page.get_by_role("button", name="J'ai bien reçu ma convocation")
    )
    expect(page.get_by_role("main")).to_contain_text("la mairie sait")
    acknowledging.done()
    delivery = Delivery.objects.get(recipient=world.memberships["conseiller"])
    assert delivery.acknowledged_at is not None

    adjointe = world.personas.adjointe
    proxy = Journey(visit, "élu : donner procuration", 3)
    proxy.click(page.get_by_role("link", name="Répondre à la convocation"))
    proxy.select(
        page.get_by_label("Si vous donnez procuration : à quel collègue ?"),
        adjointe.full_name,
    )
    proxy.click(page.get_by_role("button", name="Envoyer ma réponse"))
    expect(page.get_by_role("main")).to_contain_text(
        f"procuration à {adjointe.full_name}"
    )
    proxy.done()
    assert Procuration.objects.get().mandataire == world.memberships["adjointe"]


def test_the_secretaire_creates_a_seance_with_its_first_point(
    visit: Visit, world: World
) -> None:
    """From her dashboard: at most 8 actions to a séance and its first point."""
    page = visit.page
    page.set_viewport_size(DESKTOP)
    visit.log_in(world.personas.secretaire)
    day = timezone.localdate() + timedelta(days=30)

    creating = Journey(visit, "secrétaire : créer une séance et son premier point", 8)
    creating.click(page.get_by_role("navigation").get_by_role("link", name="Séances"))
    creating.click(page.get_by_role("link", name="Créer une séance"))
    creating.fill(page.get_by_label("Date"), day.isoformat())
    creating.fill(page.get_by_label("Heure"), "20:00")
    creating.click(page.get_by_role("button", name="Créer la séance"))
    creating.click(page.get_by_role("link", name="Ajouter un point"))
    creating.fill(page.get_by_label("Titre du point"), "Tarifs de la cantine")
    creating.click(page.get_by_role("button", name="Ajouter le point"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tarifs de la cantine")
    creating.done()

    seance = Seance.objects.get(collectivite=world.commune)
    assert timezone.localtime(seance.starts_at).date() == day
    assert AgendaItem.objects.get(seance=seance).title == "Tarifs de la cantine"
    assert page.url.endswith(
        reverse(
            "seances:point",
            kwargs={
                "collectivite": world.slug,
                "item_id": AgendaItem.objects.get(seance=seance).pk,
            },
        )
    )
