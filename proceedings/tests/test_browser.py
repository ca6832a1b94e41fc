"""Holding the demo's convened séance on a tablet, as the secrétaire does
on the evening of the council, with the screen of the room open beside it.

Chromium opens the live server; each step leaves a screenshot in
``test-artifacts/``.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.models import User
from demo import data
from demo.builder import seed_demo
from demo.seances import HUIS_CLOS_MARKER
from proceedings.tests.helpers import held, make_council, opened
from proceedings.voting import record_open_vote
from quorum.testing import convened_for_today, second_factor_code
from seances.models import Seance
from web.tests.browsing import TABLET, Visit
from web.tests.journeys import Journey

pytestmark = pytest.mark.browser

WATER = "Rapport sur le prix et la qualité du service de l'eau"
MANDATAIRE = "Julien Morel"  # the conseiller of the demo accounts


def _convened() -> Seance:
    seed_demo(corpus_dir=None)
    # The demo's séance is convened for a later day; it opens on its day
    # only (L2121-10), so it is moved onto today, convened as long ago.
    return convened_for_today(
        Seance.objects.select_related("collectivite").get(
            collectivite__slug=data.CORPUS_TOWN,
            status=Seance.Status.CONVOQUEE,
            workspace__isnull=True,
        )
    )


def _display_path(seance: Seance) -> str:
    return reverse(
        "proceedings:display",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )


def _log_in_secretaire(visit: Visit) -> None:
    """With the demo's published password, and its second step."""
    user = User.objects.get(email="secretaire@example.org")
    page = visit.page
    visit.goto(reverse("accounts:login"))
    page.locator("input[name=username]").fill(user.email)
    page.locator("input[name=password]").fill(data.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.locator("input[name=code]").fill(second_factor_code(user))
    page.get_by_role("button", name="Valider le code").click()
    expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()


def _tab_to(page: Page, name: str, limit: int = 80) -> None:
    """Press Tab until the element named ``name`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "(document.activeElement.innerText || document.activeElement.value "
            "|| '').trim()"
        )
        if focused == name:
            return
    pytest.fail(f"« {name} » never got the focus with Tab")


def _check_screen(screen: Page) -> None:
    overflow = screen.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{overflow} px of horizontal scroll on the screen"


def test_a_whole_seance_of_the_demo_on_a_tablet(
    visit: Visit, request: pytest.FixtureRequest
) -> None:
    seance = _convened()
    page = visit.page
    page.set_viewport_size(TABLET)
    _log_in_secretaire(visit)

    # The screen of the room, public: another tab, nobody logged in there.
    screen = page.context.browser.new_page()  # type: ignore[union-attr]
    # Closed even when the test fails: left open, it would go on polling.
    request.addfinalizer(screen.context.close)
    screen.set_viewport_size({"width": 1280, "height": 720})
    screen.goto(visit.base_url + _display_path(seance))
    expect(screen.locator("#ecran")).to_contain_text("pas encore ouverte")

    # Opening: the séance page leads to the holding of the séance.
    visit.goto(seance.get_absolute_url())
    visit.main_link("Tenir la séance")
    page.get_by_role("button", name="Ouvrir la séance").click()
    expect(page.get_by_role("main")).to_contain_text("La séance est ouverte")
    visit.check_layout()
    visit.shot("appel")

    # The roll call, prefilled from the answers; the secrétaire de séance.
    page.get_by_label("Secrétaire de séance (un membre présent)").select_option(
        label="Nadia Belkacem"
    )
    # He holds Émilie Garnier's procuration without having answered: he is
    # called present, or the procuration could not be exercised (L2121-20).
    page.get_by_label(MANDATAIRE, exact=True).select_option(label="Présent(e)")
    page.get_by_role("button", name="Confirmer l'appel").click()
    expect(page.get_by_role("main")).to_contain_text("L'appel est enregistré")
    expect(screen.locator("#ecran")).to_contain_text("membres en exercice")
    expect(screen.locator("#ecran")).to_contain_text("Quorum atteint")

    # Point 1, a vote with named exceptions.
    visit.main_link(WATER)
    page.get_by_role("button", name="Ouvrir le point").click()
    expect(page.get_by_role("main")).to_contain_text("le quorum est atteint")
    expect(screen.locator("#ecran")).to_contain_text(WATER)
    page.get_by_role("group", name=re.compile("^Isabelle Fournier")).get_by_label(
        "Contre"
    ).check()
    page.get_by_role("group", name=re.compile("^Lucie Perrin")).get_by_label(
        "Abstention"
    ).check()
    page.get_by_role("button", name="Vérifier le vote").click()
    expect(page.locator("#confirmation")).to_contain_text("1 voix contre")
    visit.shot("vote-sauf")
    page.get_by_role("button", name="Confirmer le vote").click()
    expect(page.get_by_role("main")).to_contain_text("Vote enregistré")
    results = screen.get_by_role("table")
    expect(results).to_contain_text(WATER)
    expect(results).to_contain_text("Adoptée")
    # Point 1 of the agenda approves the procès-verbal of the séance before.
    expect(screen.locator("#annonce")).to_contain_text("Point 2")
    visit.check_layout()
    _check_screen(screen)
    screen.screenshot(path=visit.folder / f"{visit.name}-ecran-point-1.png")

    # Point 2, à huis clos, by keyboard only: a unanimous vote.
    page.get_by_role("link", name="Tenue").click()
    huis_clos = page.get_by_role("main").get_by_role(
        "link", name=re.compile(HUIS_CLOS_MARKER)
    )
    huis_clos.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text(HUIS_CLOS_MARKER)
    _tab_to(page, "Ouvrir le point")
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_contain_text("le quorum est atteint")
    expect(screen.locator("#ecran")).to_contain_text("Point à huis clos")
    _tab_to(page, "Unanimité")
    page.keyboard.press("Enter")
    confirm = page.get_by_role("button", name="Confirmer le vote")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_contain_text("Vote enregistré")
    expect(screen.locator("#annonce")).to_contain_text("Point 3 : point à huis clos")
    expect(screen.locator("body")).not_to_contain_text(HUIS_CLOS_MARKER)
    visit.shot("huis-clos")

    # Closing.
    page.get_by_role("link", name="Tenue").click()
    page.get_by_role("button", name="Clore la séance", exact=True).click()
    # Closing cannot be undone: a page says so before anything changes.
    expect(page.get_by_role("main")).to_contain_text("ne peut pas être rouverte")
    expect(screen.locator("#ecran")).not_to_contain_text("Séance close")
    visit.check_layout()
    page.get_by_role("button", name="Clore la séance", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("La séance est close.")
    expect(screen.locator("#ecran")).to_contain_text("Séance close")
    expect(screen.get_by_role("table")).to_contain_text("Adoptée")
    expect(screen.locator("body")).not_to_contain_text(HUIS_CLOS_MARKER)
    visit.check_layout()
    visit.shot("close")
    screen.screenshot(path=visit.folder / f"{visit.name}-ecran-close.png")


def test_a_unanimous_vote_takes_at_most_three_actions(visit: Visit) -> None:
    seance = _convened()
    page = visit.page
    page.set_viewport_size(TABLET)
    _log_in_secretaire(visit)
    visit.goto(seance.get_absolute_url())
    visit.main_link("Tenir la séance")
    page.get_by_role("button", name="Ouvrir la séance").click()
    page.get_by_label("Secrétaire de séance (un membre présent)").select_option(
        label="Nadia Belkacem"
    )
    # He holds Émilie Garnier's procuration without having answered: he is
    # called present, or the procuration could not be exercised (L2121-20).
    page.get_by_label(MANDATAIRE, exact=True).select_option(label="Présent(e)")
    page.get_by_role("button", name="Confirmer l'appel").click()
    visit.main_link(WATER)

    # From the point's page, as the rapporteur takes the floor.
    voting = Journey(visit, "secrétaire : enregistrer un vote à l'unanimité", 3)
    voting.click(page.get_by_role("button", name="Ouvrir le point", exact=True))
    voting.click(page.get_by_role("link", name="Unanimité", exact=True))
    voting.click(page.get_by_role("button", name="Confirmer le vote", exact=True))
    expect(page.get_by_role("main")).to_contain_text("Vote enregistré")
    expect(page.get_by_role("main")).to_contain_text("unanimité")
    voting.done()


@pytest.mark.parametrize(
    ("screen_kind", "size", "smallest_figure"),
    [
        ("projecteur", {"width": 1920, "height": 1080}, 90),
        ("telephone", {"width": 375, "height": 812}, 44),
    ],
)
def test_the_room_reads_the_vote_in_progress_from_the_back_and_on_a_phone(
    visit: Visit, screen_kind: str, size: dict[str, int], smallest_figure: int
) -> None:
    council = make_council(9)
    m = council.members
    held(council, present=m[:8])
    item = opened(council, council.items[0])
    record_open_vote(
        item,
        by=council.secretaire,
        exceptions={m[3].pk: "contre", m[4].pk: "abstention"},
    )
    page = visit.page
    page.set_viewport_size(size)

    visit.goto(_display_path(council.seance))

    figures = page.locator(".q-ecran__nombre")
    expect(figures).to_have_text(["6", "1", "1", "0"])
    expect(page.locator(".q-ecran__resultat")).to_have_text("Adoptée")
    for figure in figures.all():
        expect(figure).to_be_in_viewport()
        font = figure.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert font >= smallest_figure, (screen_kind, font)
    # The table of the results announced is read from afar too.
    cell = page.locator(".q-ecran__table td").first
    expect(cell).to_have_text("6")
    font = cell.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert font >= smallest_figure / 3, (screen_kind, font)
    _check_screen(page)
    assert not visit.refusals, visit.refusals
    page.screenshot(path=visit.folder / f"{visit.name}.png", full_page=True)
