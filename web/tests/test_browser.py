"""Journeys in a real browser, where layout and the DSFR's JavaScript matter.

Chromium opens the live server at a desktop and a phone width; each step
leaves a screenshot in ``test-artifacts/`` for a person to look at.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from quorum.testing import FINANCES_MARKER, World
from web.tests.browsing import PHONE, SIZES, Visit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("size", SIZES)
def test_secretaire_opens_the_budget_and_downloads_it(
    visit: Visit, world: World, size: dict[str, int], artifacts_dir: Path
) -> None:
    page = visit.page
    page.set_viewport_size(size)

    visit.log_in(world.personas.secretaire)
    expect(page.get_by_role("main")).to_contain_text(FINANCES_MARKER)
    visit.check_layout()
    visit.shot("tableau-de-bord")

    visit.main_link("Commission des finances")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commission des finances")
    visit.check_layout()
    visit.shot("espace")

    visit.main_link(re.compile(FINANCES_MARKER))
    expect(page.get_by_role("heading", level=1)).to_contain_text(FINANCES_MARKER)
    visit.check_layout()
    visit.shot("document")

    with page.expect_download() as started:
        page.get_by_role("link", name="Télécharger la version 2").click()
    download = started.value
    saved = artifacts_dir / f"{visit.name}-{download.suggested_filename}"
    download.save_as(saved)
    assert download.suggested_filename == world.finances_v2.filename
    assert saved.read_text() == f"Budget primitif 2027, version 2 {FINANCES_MARKER}\n"


@pytest.mark.parametrize("size", SIZES)
def test_conseiller_finds_no_trace_of_the_budget(
    visit: Visit, world: World, size: dict[str, int]
) -> None:
    page = visit.page
    page.set_viewport_size(size)

    visit.log_in(world.personas.conseiller)
    expect(page.get_by_role("main")).not_to_contain_text(FINANCES_MARKER)
    visit.check_layout()
    visit.shot("tableau-de-bord")

    # On a phone the menu hides behind its button, opened by the DSFR's script.
    if size == PHONE:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Espaces de travail"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Espaces de travail")
    expect(page.get_by_role("main")).not_to_contain_text("Commission des finances")
    visit.check_layout()
    visit.shot("espaces")

    # The address the secrétaire used, typed by hand.
    response = visit.goto(world.finances_doc.get_absolute_url())
    assert response is not None
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(FINANCES_MARKER)
    visit.shot("adresse-tapee")
