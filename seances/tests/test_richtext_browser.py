"""The draft's editor in a real browser: the toolbar writes bold, lists and
tables, with the mouse, the keyboard and on a phone; without JavaScript the
textareas still post plain paragraphs."""

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from quorum.testing import World
from seances.models import AgendaItem
from seances.tests.access_rows import make_draft_point
from web.tests.browsing import DESKTOP, PHONE, SIZES, Visit

pytestmark = pytest.mark.browser


def _editor_url(world: World, item: AgendaItem) -> str:
    return reverse(
        "seances:draft_edit", kwargs={"collectivite": world.slug, "item_id": item.pk}
    )


def _save(page: Page) -> None:
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(page.get_by_role("main")).to_contain_text("Le projet est enregistré.")


@pytest.mark.parametrize("size", SIZES)
def test_a_draft_typed_with_bold_and_a_list_shows_them_on_the_point_page(
    visit: Visit, world: World, size: dict[str, int]
) -> None:
    page = visit.page
    page.set_viewport_size(size)
    item = make_draft_point(world)
    visit.log_in(world.personas.secretaire)
    visit.goto(_editor_url(world, item))

    articles = page.get_by_role("textbox", name="Articles du dispositif")
    articles.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.type("Les tarifs sont ")
    toolbar = page.get_by_role("toolbar", name="Mise en forme : Articles du dispositif")
    bold = toolbar.get_by_role("button", name="Gras")
    bold.click()
    expect(bold).to_have_attribute("aria-pressed", "true")
    page.keyboard.type("modifiés")
    bold.click()
    page.keyboard.type(" :")
    page.keyboard.press("Enter")
    toolbar.get_by_role("button", name="Liste à puces").click()
    page.keyboard.type("la cantine ;")
    page.keyboard.press("Enter")
    page.keyboard.type("la garderie.")
    visit.check_layout()
    visit.shot("editeur")
    _save(page)

    main = page.get_by_role("main")
    expect(main.locator("strong", has_text="modifiés")).to_be_visible()
    expect(main.locator("li", has_text="la cantine ;")).to_be_visible()
    expect(main.locator("li", has_text="la garderie.")).to_be_visible()
    visit.check_layout()
    visit.shot("point")
    # The browser keeps a space typed before a format as a no-break space.
    stored = item.revisions.latest("number").articles.replace("\xa0", " ")
    assert stored == (
        "<p>Les tarifs sont <strong>modifiés</strong> :</p>"
        "<ul><li>la cantine ;</li><li>la garderie.</li></ul>"
    )


def test_a_table_is_built_with_the_keyboard_alone(visit: Visit, world: World) -> None:
    page = visit.page
    page.set_viewport_size(DESKTOP)
    item = make_draft_point(world)
    visit.log_in(world.personas.secretaire)
    visit.goto(_editor_url(world, item))

    # From the exposé, Shift+Tab reaches its toolbar; the arrows move along.
    page.get_by_role("textbox", name="Exposé du rapporteur").focus()
    page.keyboard.type("Les nouveaux tarifs :")
    page.keyboard.press("Shift+Tab")
    toolbar = page.get_by_role("toolbar", name="Mise en forme : Exposé du rapporteur")
    expect(toolbar.get_by_role("button", name="Gras")).to_be_focused()
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    expect(toolbar.get_by_role("button", name="Liste numérotée")).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Tableau")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.type("Service")
    page.keyboard.press("ArrowRight")
    page.keyboard.type("Tarif")
    expect(toolbar.get_by_role("button", name="Ajouter une ligne")).to_be_visible()
    expect(toolbar.get_by_role("button", name="Tableau")).to_be_hidden()
    toolbar.get_by_role("button", name="Ajouter une ligne").click()
    page.keyboard.type("Cantine")
    visit.check_layout()
    visit.shot("tableau")
    _save(page)

    main = page.get_by_role("main")
    expect(main.locator("th", has_text="Tarif")).to_be_visible()
    expect(main.locator("td", has_text="Cantine")).to_be_visible()
    visit.check_layout()
    visit.shot("point")


def test_without_javascript_the_draft_is_written_in_plain_paragraphs(
    browser: Browser,
    live_server: LiveServer,
    artifacts_dir: Path,
    world: World,
    request: pytest.FixtureRequest,
) -> None:
    item = make_draft_point(world)
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        visit = Visit(
            context.new_page(),
            live_server.url,
            artifacts_dir,
            f"{request.node.name} sans-js",
        )
        visit.log_in(world.personas.secretaire)
        visit.goto(_editor_url(world, item))
        articles = visit.page.get_by_label("Articles du dispositif")
        expect(articles).to_have_value("Le budget est modifié.")
        articles.fill("Le budget est modifié.\nLes <crédits> sont ouverts.")
        visit.shot("sans-js")
        _save(visit.page)
        expect(visit.page.get_by_role("main")).to_contain_text(
            "Article 2 — Les <crédits> sont ouverts."
        )
    finally:
        context.close()
    assert item.revisions.latest("number").articles == (
        "<p>Le budget est modifié.</p><p>Les &lt;crédits&gt; sont ouverts.</p>"
    )


def test_what_is_pasted_keeps_only_what_the_server_keeps(
    visit: Visit, world: World
) -> None:
    page = visit.page
    page.set_viewport_size(DESKTOP)
    item = make_draft_point(world)
    visit.log_in(world.personas.secretaire)
    visit.goto(_editor_url(world, item))
    editor = page.get_by_role("textbox", name="Considérants")
    editor.click()

    page.evaluate(
        """() => {
          const data = new DataTransfer();
          data.setData("text/html", '<p style="color: red" onclick="go()">'
            + 'Considérant <span class="x">que</span> <b>le tarif</b> '
            + '<a href="javascript:go()">change</a>'
            + '<img src="x" onerror="window.pasted = true"></p>');
          document.activeElement.dispatchEvent(new ClipboardEvent("paste", {
            clipboardData: data, bubbles: true, cancelable: true
          }));
        }"""
    )

    expect(editor).to_contain_text("Considérant que le tarif change")
    html = editor.inner_html()
    for trace in ("style", "onclick", "span", "href", "<a", "<img"):
        assert trace not in html, trace
    assert "<b>le tarif</b>" in html
    assert page.evaluate("window.pasted") is None
    visit.check_layout()
