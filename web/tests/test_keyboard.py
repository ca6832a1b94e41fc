"""The main journeys with the keyboard alone, in Chromium: a conseiller
reads the dossier of the séance, confirms receiving the convocation and
answers it; the secrétaire records a vote during the séance.

Nothing here clicks: the person moves with Tab, chooses with the arrows,
and acts with Enter or Space, as someone who cannot hold a mouse does. Each
step leaves a screenshot in ``test-artifacts/``.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import TotpDevice, User
from convocations.models import Delivery, Reply
from convocations.services import record_reply, send_convocation
from convocations.tests.conftest import ready_seance
from dossiers.models import DossierBuild
from dossiers.services import request_build
from proceedings.models import Vote
from proceedings.services import open_seance, record_roll_call
from quorum.testing import PASSWORD, World, convened_for_today, second_factor_code
from seances.models import Seance
from web.tests.browsing import Visit

pytestmark = pytest.mark.browser

# The name of the focused element as a person hears it: its label for a
# field, its text otherwise (hidden words for screen readers included).
FOCUSED_NAME = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return "";
  const labels = element.labels ? [...element.labels].map((l) => l.innerText) : [];
  const text = [element.getAttribute("aria-label"), ...labels, element.innerText,
                element.value].filter(Boolean).join(" ");
  return text.replace(/\\s+/g, " ").trim();
}"""


def tab_to(page: Page, name: str | re.Pattern[str], *, limit: int = 120) -> None:
    """Press Tab until the focused element's name contains ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED_NAME)
        if name.search(focused) if isinstance(name, re.Pattern) else name in focused:
            return
    pytest.fail(f"« {name} » never got the focus with Tab on {page.url}")


def press_to_load(page: Page, key: str) -> None:
    """Press ``key`` on a link or a button that loads another page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def log_in_by_keyboard(visit: Visit, user: User) -> None:
    page = visit.page
    visit.goto(reverse("accounts:login"))
    tab_to(page, "Adresse e-mail")
    page.keyboard.type(user.email)
    tab_to(page, "Mot de passe")
    page.keyboard.type(PASSWORD)
    press_to_load(page, "Enter")
    if TotpDevice.objects.filter(user=user).exists():
        tab_to(page, "Code à 6 chiffres")
        page.keyboard.type(second_factor_code(user))
        press_to_load(page, "Enter")
    expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()


def _convened(world: World) -> Seance:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    build = request_build(
        seance, variant=DossierBuild.Variant.CONSEILLERS, by=world.personas.secretaire
    )
    build.refresh_from_db()
    assert build.status == DossierBuild.Status.READY, build.error
    return seance


def test_a_conseiller_reads_the_dossier_with_the_keyboard(
    visit: Visit, world: World
) -> None:
    seance = _convened(world)
    page = visit.page

    log_in_by_keyboard(visit, world.personas.conseiller)
    tab_to(page, "Mes séances")
    press_to_load(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mes séances")
    tab_to(page, "Conseil municipal du")
    press_to_load(page, "Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Conseil municipal")
    visit.shot("dossier")

    # The table of contents leads to the point, whose draft is read there.
    tab_to(page, "1. Tarifs de la cantine scolaire")
    page.keyboard.press("Enter")
    item = seance.items.get()
    assert page.url.endswith(f"#point-{item.pk}")
    expect(page.locator(f"#point-{item.pk}")).to_contain_text("Tarifs.")

    # The whole dossier, downloaded with Enter.
    visit.goto(
        reverse(
            "convocations:my_dossier",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        )
    )
    tab_to(page, "Télécharger le dossier complet")
    with page.expect_download() as started:
        page.keyboard.press("Enter")
    assert started.value.suggested_filename.endswith(".pdf")
    visit.shot("telechargement")


def test_a_conseiller_confirms_and_answers_the_convocation_with_the_keyboard(
    visit: Visit, world: World
) -> None:
    seance = _convened(world)
    page = visit.page
    log_in_by_keyboard(visit, world.personas.conseiller)
    visit.goto(seance.get_absolute_url())

    tab_to(page, "J'ai bien reçu ma convocation")
    press_to_load(page, "Space")
    expect(page.get_by_role("main")).to_contain_text(
        "Vous avez confirmé avoir reçu votre convocation"
    )
    visit.shot("recu")

    # The answer: the radio buttons move with the arrows.
    tab_to(page, re.compile(r"^Présent\(e\)"))
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Absent(e)", exact=True)).to_be_checked()
    tab_to(page, "Envoyer ma réponse")
    press_to_load(page, "Enter")
    expect(page.get_by_role("main")).to_contain_text("absent")
    visit.shot("reponse")

    delivery = Delivery.objects.get(
        convocation__seance=seance, recipient=world.memberships["conseiller"]
    )
    assert delivery.acknowledged_at is not None
    assert Reply.objects.get(delivery=delivery).answer == Reply.Answer.ABSENT


def test_the_secretaire_records_a_vote_with_the_keyboard(
    visit: Visit, world: World
) -> None:
    seance = _convened(world)
    secretaire = world.personas.secretaire
    elus = [world.memberships[key] for key in ("maire", "adjointe", "conseiller")]
    for member in elus:
        record_reply(
            Delivery.objects.get(convocation__seance=seance, recipient=member),
            by=secretaire,
            answer=Reply.Answer.PRESENT,
            channel="courriel",
        )
    sitting = open_seance(convened_for_today(seance), by=secretaire)
    record_roll_call(
        sitting, by=secretaire, entries={}, president=elus[0], secretaire=elus[2]
    )
    page = visit.page

    log_in_by_keyboard(visit, secretaire)
    visit.goto(
        reverse(
            "proceedings:run",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        )
    )
    tab_to(page, "Tarifs de la cantine scolaire")
    press_to_load(page, "Enter")
    tab_to(page, "Ouvrir le point")
    press_to_load(page, "Enter")
    expect(page.get_by_role("main")).to_contain_text("le quorum est atteint")

    # The conseiller votes against: from "Pour", the arrow moves to "Contre".
    conseiller = world.personas.conseiller.full_name
    group = page.get_by_role("group", name=re.compile(f"^{conseiller}"))
    tab_to(page, "Pour")
    while not group.locator(":focus").count():
        tab_to(page, "Pour")
    page.keyboard.press("ArrowRight")
    expect(group.get_by_label("Contre")).to_be_checked()
    tab_to(page, "Vérifier le vote")
    page.keyboard.press("Enter")
    expect(page.locator("#confirmation")).to_contain_text("1 voix contre")
    expect(page.get_by_role("button", name="Confirmer le vote")).to_be_focused()
    visit.shot("verification")
    page.keyboard.press("Enter")

    expect(page.get_by_role("main")).to_contain_text("Vote enregistré")
    vote = Vote.objects.get(item=seance.items.get())
    assert vote.contre == 1
    visit.shot("vote")
