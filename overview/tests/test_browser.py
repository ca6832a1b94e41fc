"""The board on the demo, in a real browser: the secrétaire and the maire
move cards with the keyboard alone, and a card dropped where the review
does not go stays where it was, with the reason.

Every step leaves a screenshot in ``test-artifacts/``.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect
from pytest_django import Settings

from accounts.models import TotpDevice, User
from demo import data
from quorum.testing import enrol_second_factor, second_factor_code
from seances.models import AgendaItem
from web.tests.browsing import DESKTOP, PHONE, Visit

pytestmark = pytest.mark.browser

SLUG = "saint-exemple"


@pytest.fixture
def demo(settings: Settings, tmp_path: Path) -> None:
    settings.QUORUM_CORPUS_DIR = tmp_path / "absent"
    call_command("seed_demo", stdout=io.StringIO())


def log_in(visit: Visit, email: str) -> None:
    """The demo's account, with the second step that its role asks for."""
    page = visit.page
    user = User.objects.get(email=email)
    if not TotpDevice.objects.filter(user=user).exists():
        enrol_second_factor(user)
    visit.goto(reverse("accounts:login"))
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(data.PASSWORD)
    page.keyboard.press("Enter")
    page.locator("input[name=code]").fill(second_factor_code(user))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()


def point(title: str) -> AgendaItem:
    return AgendaItem.objects.get(seance__collectivite__slug=SLUG, title=title)


def card(page: Page, item: AgendaItem) -> Locator:
    return page.locator(f"#carte-{item.pk}")


def column(page: Page, state: str) -> Locator:
    return page.locator(f"[data-board-column={state}]")


def test_the_board_is_worked_with_the_keyboard_alone(visit: Visit, demo: None) -> None:
    page = visit.page
    page.set_viewport_size(DESKTOP)
    subventions = point("Subventions aux associations pour 2027")
    convention = point("Convention d'entretien de la voirie avec le SIVOM")

    # The secrétaire reaches the board from the main menu.
    log_in(visit, "secretaire@example.org")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Où en sont les points"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Où en sont les points")
    expect(column(page, "brouillon")).to_contain_text(subventions.title)
    expect(column(page, "relecture")).to_contain_text("Tarifs de la cantine scolaire")
    expect(column(page, "valide")).to_contain_text("Approbation du procès-verbal")
    expect(card(page, subventions)).to_contain_text("depuis le")
    visit.check_layout()
    visit.shot("tableau")

    # She asks for the review of the subsidies with the keyboard: the card
    # goes under review and keeps the focus.
    card(page, subventions).get_by_role("button", name="Passer en relecture").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text(
        "La relecture est demandée au rapporteur."
    )
    expect(
        column(page, "relecture").locator(f"#carte-{subventions.pk}")
    ).to_be_visible()
    expect(card(page, subventions)).to_be_focused()
    subventions.refresh_from_db()
    assert subventions.state == AgendaItem.State.RELECTURE
    visit.check_layout()
    visit.shot("relecture-au-clavier")

    # The maire validates the convention its rapporteur approved, with the
    # space bar, and the focus follows the card.
    page.context.clear_cookies()
    log_in(visit, "maire@example.org")
    visit.goto(reverse("overview:board", kwargs={"collectivite": SLUG}))
    card(page, convention).get_by_role("button", name="Valider").focus()
    page.keyboard.press("Space")
    expect(column(page, "valide").locator(f"#carte-{convention.pk}")).to_be_visible()
    expect(card(page, convention)).to_be_focused()
    # Tab goes on from the card to its own link.
    page.keyboard.press("Tab")
    expect(
        card(page, convention).get_by_role("link", name=convention.title)
    ).to_be_focused()
    convention.refresh_from_db()
    assert convention.state == AgendaItem.State.VALIDE
    visit.check_layout()
    visit.shot("validation-au-clavier")

    page.set_viewport_size(PHONE)
    visit.goto(reverse("overview:board", kwargs={"collectivite": SLUG}))
    visit.check_layout()
    visit.shot("tableau-telephone")


def test_a_card_dropped_where_the_review_does_not_go_says_why(
    visit: Visit, demo: None
) -> None:
    page = visit.page
    # Tall enough for both columns to show at once: the pointer never
    # leaves the screen.
    page.set_viewport_size({"width": 1280, "height": 1800})
    subventions = point("Subventions aux associations pour 2027")
    log_in(visit, "secretaire@example.org")
    visit.goto(reverse("overview:board", kwargs={"collectivite": SLUG}))

    handle = card(page, subventions).locator(".q-board__handle")
    handle.hover()
    page.mouse.down()
    box = column(page, "valide").bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + 40, box["y"] + 20, steps=15)
    for nudge in (1, 2, 3):
        page.wait_for_timeout(200)
        page.mouse.move(box["x"] + 40 + nudge, box["y"] + 20 + nudge)
    page.mouse.up()

    expect(page.get_by_role("alert").filter(has_text="passe d'abord")).to_contain_text(
        "Un brouillon passe d'abord en relecture"
    )
    expect(
        column(page, "brouillon").locator(f"#carte-{subventions.pk}")
    ).to_be_visible()
    subventions.refresh_from_db()
    assert subventions.state == AgendaItem.State.BROUILLON
    visit.check_layout()
    visit.shot("depot-refuse")


def test_the_calendar_reads_on_a_phone(visit: Visit, demo: None) -> None:
    page = visit.page
    page.set_viewport_size(PHONE)
    log_in(visit, "secretaire@example.org")

    visit.goto(reverse("overview:calendar", kwargs={"collectivite": SLUG}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendrier")
    visit.check_layout()
    visit.shot("calendrier-mois-telephone")
    page.get_by_role("link", name="Liste", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text(
        "Réunion de la Commission des finances"
    )
    expect(page.get_by_role("main")).to_contain_text("Dernier jour pour convoquer")
    visit.check_layout()
    visit.shot("calendrier-liste-telephone")
    assert User.objects.filter(email="secretaire@example.org").exists()
