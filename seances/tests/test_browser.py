"""Preparing a council in a real browser: the agenda built and reordered by
drag and drop and with the buttons, a draft reviewed and validated by the
people whose turn it is, and two people saving the same draft at once.

Each person has a browser context of their own; every step leaves a
screenshot in ``test-artifacts/``.
"""

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect
from pytest_django.live_server_helper import LiveServer

from journal.models import JournalEntry
from quorum.testing import World
from seances.models import AgendaItem, Seance
from seances.services import add_item
from seances.tests.access_rows import make_draft_point, make_seance
from web.tests.browsing import DESKTOP, PHONE, Visit

pytestmark = pytest.mark.browser

OpenVisit = Callable[[str], Visit]


@pytest.fixture
def open_visit(
    browser: Browser,
    live_server: LiveServer,
    artifacts_dir: Path,
    request: pytest.FixtureRequest,
) -> Iterator[OpenVisit]:
    """Another person's visit, in a browser context of their own (their own
    cookies, their own session), closed at the end of the test."""
    contexts: list[BrowserContext] = []

    def open_(who: str) -> Visit:
        context = browser.new_context(viewport=DESKTOP)
        contexts.append(context)
        return Visit(
            context.new_page(),
            live_server.url,
            artifacts_dir,
            f"{request.node.name} {who}",
        )

    yield open_
    for context in contexts:
        context.close()


def _agenda(page: Page) -> list[str]:
    """The numbers and titles of the agenda, as shown: ["1. Budget", …]."""
    points = page.locator("[data-agenda-list] > li")
    return [
        " ".join(text.split())
        for text in points.evaluate_all(
            "points => points.map(point => point.querySelector('p').innerText)"
        )
    ]


def _handle(page: Page, item: AgendaItem) -> Locator:
    return page.locator(f"#point-{item.pk} .q-agenda__handle")


def _drag(page: Page, item: AgendaItem, onto: AgendaItem, *, above: bool) -> None:
    """Hold ``item`` by its handle and drop it over the top or the bottom
    edge of ``onto``, moving as a hand does: in small steps, then resting
    over the place while the points slide aside (SortableJS ignores the
    pointer during its 150 ms animation)."""
    _handle(page, item).hover()
    page.mouse.down()
    box = page.locator(f"#point-{onto.pk}").bounding_box()
    assert box is not None
    y = box["y"] + (4 if above else box["height"] - 4)
    page.mouse.move(box["x"] + 40, y, steps=12)
    # Where ``onto`` was: once the point lands there, the pointer rests
    # over the point itself and nothing moves any more.
    for nudge in (1, 2, 3):
        page.wait_for_timeout(250)
        page.mouse.move(box["x"] + 40 + nudge, y + (-nudge if above else nudge))
    page.mouse.up()


def _drag_and_save(
    page: Page, item: AgendaItem, onto: AgendaItem, *, above: bool
) -> None:
    """Drag, then wait for the agenda the server sends back in its place."""
    page.locator("#ordre-du-jour").evaluate("agenda => agenda.dataset.stale = '1'")
    _drag(page, item, onto, above=above)
    expect(page.locator("#ordre-du-jour:not([data-stale]) [role=status]")).to_have_text(
        "L'ordre du jour est enregistré."
    )


def _articles(page: Page) -> Locator:
    """The articles' editor (seances/static/seances/richtext.js)."""
    return page.get_by_role("textbox", name="Articles du dispositif", exact=True)


def _create_seance(visit: Visit, world: World) -> Seance:
    page = visit.page
    visit.goto(reverse("seances:list", kwargs={"collectivite": world.slug}))
    visit.main_link("Créer une séance")
    day = timezone.localdate() + timedelta(days=30)
    page.locator("[name=day]").fill(day.isoformat())
    page.locator("[name=hour]").fill("20:00")
    page.locator("[name=place]").fill("Salle du conseil")
    page.locator("[name=kind]").select_option("ordinaire")
    visit.check_layout()
    visit.shot("nouvelle-seance")
    page.get_by_role("button", name="Créer la séance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Conseil municipal")
    return Seance.objects.get()


def _add_point(
    visit: Visit, world: World, seance: Seance, title: str, kind: str
) -> AgendaItem:
    page = visit.page
    visit.goto(seance.get_absolute_url())
    visit.main_link("Ajouter un point")
    page.locator("[name=title]").fill(title)
    page.locator("[name=kind]").select_option(kind)
    if kind == AgendaItem.Kind.DELIBERATION:
        page.locator("[name=rapporteur]").select_option(
            str(world.memberships["adjointe"].pk)
        )
    page.get_by_role("button", name="Ajouter le point").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    return AgendaItem.objects.get(seance=seance, title=title)


def test_a_council_is_prepared_from_the_agenda_to_the_validation(
    visit: Visit, world: World, open_visit: OpenVisit
) -> None:
    page = visit.page
    page.set_viewport_size(DESKTOP)
    visit.log_in(world.personas.secretaire)

    # The secrétaire plans the séance and puts three points on its agenda.
    seance = _create_seance(visit, world)
    budget = _add_point(
        visit, world, seance, "Décision modificative n° 1", "deliberation"
    )
    _add_point(visit, world, seance, "Tarifs de la cantine", "deliberation")
    communication = _add_point(
        visit, world, seance, "Rentrée scolaire", "communication"
    )
    visit.goto(seance.get_absolute_url())
    assert _agenda(page) == [
        "1. Décision modificative n° 1",
        "2. Tarifs de la cantine",
        "3. Rentrée scolaire",
    ]
    visit.check_layout()
    visit.shot("trois-points")

    # The communication, dragged by its handle, opens the agenda.
    _drag_and_save(page, communication, onto=budget, above=True)
    assert _agenda(page) == [
        "1. Rentrée scolaire",
        "2. Décision modificative n° 1",
        "3. Tarifs de la cantine",
    ]
    visit.check_layout()
    visit.shot("glisser-deposer")

    # The budget goes one step down with its button, as with the keyboard.
    page.get_by_role("button", name="Descendre le point 2").click()
    expect(page.locator("[data-agenda-list] > li").nth(1)).to_contain_text(
        "Tarifs de la cantine"
    )
    chosen = [
        "1. Rentrée scolaire",
        "2. Tarifs de la cantine",
        "3. Décision modificative n° 1",
    ]
    assert _agenda(page) == chosen
    visit.check_layout()
    visit.shot("bouton-descendre")

    # She writes the draft of the budget's délibération and asks its
    # rapporteur, the adjointe, for a review.
    visit.main_link("Décision modificative n° 1")
    visit.main_link("Rédiger le projet")
    page.get_by_role("textbox", name="Visas", exact=True).fill(
        "Vu le code général des collectivités territoriales,"
    )
    _articles(page).fill("Le budget est modifié comme suit.")
    page.locator("[name=nature]").select_option("5")
    visit.check_layout()
    visit.shot("projet")
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(page.get_by_role("main")).to_contain_text("Le projet est enregistré.")
    page.get_by_role("button", name="Demander la relecture au rapporteur").click()
    expect(page.get_by_role("main")).to_contain_text(
        "La relecture est demandée au rapporteur."
    )
    visit.check_layout()
    visit.shot("relecture-demandee")

    # The adjointe opens the point and approves it.
    adjointe = open_visit("adjointe")
    adjointe.log_in(world.personas.adjointe)
    adjointe.goto(budget.get_absolute_url())
    expect(adjointe.page.get_by_role("main")).to_contain_text(
        "Le budget est modifié comme suit."
    )
    adjointe.check_layout()
    adjointe.shot("a-relire")
    adjointe.page.get_by_role("button", name="J'approuve le projet").click()
    expect(adjointe.page.get_by_role("main")).to_contain_text(
        "Vous avez approuvé le projet"
    )
    adjointe.check_layout()
    adjointe.shot("approuve")

    # The maire validates it, and reads the agenda in the order chosen.
    maire = open_visit("maire")
    maire.log_in(world.personas.maire)
    maire.goto(budget.get_absolute_url())
    maire.page.get_by_role("button", name="Valider le point").click()
    expect(maire.page.get_by_role("main")).to_contain_text("Le point est validé")
    maire.check_layout()
    maire.shot("valide")
    maire.goto(seance.get_absolute_url())
    assert _agenda(maire.page) == chosen
    maire.check_layout()
    maire.shot("ordre-du-jour")
    budget.refresh_from_db()
    assert budget.state == AgendaItem.State.VALIDE


def test_sub_points_stay_under_their_point_while_points_are_dragged(
    visit: Visit, world: World
) -> None:
    seance = make_seance(world)
    points: dict[str, AgendaItem] = {}
    for title, parent in [("A", ""), ("B", ""), ("B1", "B"), ("B2", "B"), ("C", "")]:
        points[title] = add_item(
            seance,
            by=world.personas.secretaire,
            title=f"Point {title}",
            kind=AgendaItem.Kind.INFORMATION,
            parent=points[parent] if parent else None,
        )
    page = visit.page
    page.set_viewport_size(DESKTOP)
    visit.log_in(world.personas.secretaire)
    visit.goto(seance.get_absolute_url())
    expect(_handle(page, points["B"])).to_be_visible()
    visit.check_layout()
    visit.shot("avant")

    # B below C: its sub-points follow it.
    _drag_and_save(page, points["B"], onto=points["C"], above=False)
    assert _agenda(page) == [
        "1. Point A",
        "2. Point C",
        "3. Point B",
        "3.1. Point B1",
        "3.2. Point B2",
    ]
    visit.shot("point-et-sous-points")

    # B2 above B1, under the same point.
    _drag_and_save(page, points["B2"], onto=points["B1"], above=True)
    assert _agenda(page)[3:] == ["3.1. Point B2", "3.2. Point B1"]
    visit.shot("sous-points")

    # B2, now first under B, held over the points above: a sub-point does
    # not leave its point, so it stays where it is and nothing is sent.
    moves = JournalEntry.objects.filter(action="agenda.reordered").count()
    _drag(page, points["B2"], onto=points["A"], above=True)
    expect(page.locator("#ordre-du-jour")).not_to_have_attribute("aria-busy", "true")
    assert _agenda(page)[3:] == ["3.1. Point B2", "3.2. Point B1"]
    assert JournalEntry.objects.filter(action="agenda.reordered").count() == moves
    visit.check_layout()
    visit.shot("sous-point-retenu")
    page.set_viewport_size(PHONE)
    visit.check_layout()
    visit.shot("telephone")


def _two_points_open(
    visit: Visit, world: World
) -> tuple[Seance, AgendaItem, AgendaItem]:
    """A séance of two points, its page open for the secrétaire."""
    seance = make_seance(world)
    first, second = (
        add_item(
            seance,
            by=world.personas.secretaire,
            title=title,
            kind=AgendaItem.Kind.INFORMATION,
        )
        for title in ("Premier point", "Second point")
    )
    visit.page.set_viewport_size(DESKTOP)
    visit.log_in(world.personas.secretaire)
    visit.goto(seance.get_absolute_url())
    return seance, first, second


def test_a_move_on_an_agenda_changed_meanwhile_is_refused_and_shown_again(
    visit: Visit, world: World
) -> None:
    seance, first, second = _two_points_open(visit, world)
    page = visit.page
    # The maire adds a point while the secrétaire has the page open.
    add_item(
        seance,
        by=world.personas.maire,
        title="Point du maire",
        kind=AgendaItem.Kind.INFORMATION,
    )

    page.locator("#ordre-du-jour").evaluate("agenda => agenda.dataset.stale = '1'")
    _drag(page, second, onto=first, above=True)

    refusal = page.locator("#ordre-du-jour:not([data-stale]) [role=alert]").first
    expect(refusal).to_contain_text("L'ordre du jour a changé entre-temps")
    assert _agenda(page) == ["1. Premier point", "2. Second point", "3. Point du maire"]
    visit.check_layout()
    visit.shot("refus")

    # The agenda shown again can be dragged at once.
    _drag_and_save(page, second, onto=first, above=True)
    assert _agenda(page)[0] == "1. Second point"


def test_a_move_that_gets_no_answer_puts_the_points_back(
    visit: Visit, world: World
) -> None:
    seance, first, second = _two_points_open(visit, world)
    page = visit.page
    page.route("**/ordre-du-jour/", lambda route: route.abort())

    _drag(page, second, onto=first, above=True)

    expect(page.locator("[data-agenda-failure]")).to_be_visible()
    assert _agenda(page) == ["1. Premier point", "2. Second point"]
    assert list(seance.items.order_by("position").values_list("title", flat=True)) == [
        "Premier point",
        "Second point",
    ]
    visit.shot("sans-reponse")


def test_without_javascript_the_buttons_still_move_the_points(
    browser: Browser,
    live_server: LiveServer,
    world: World,
    artifacts_dir: Path,
    request: pytest.FixtureRequest,
) -> None:
    seance = make_seance(world)
    first, second = (
        add_item(
            seance,
            by=world.personas.secretaire,
            title=title,
            kind=AgendaItem.Kind.INFORMATION,
        )
        for title in ("Premier point", "Second point")
    )
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    try:
        visit = Visit(
            context.new_page(),
            live_server.url,
            artifacts_dir,
            f"{request.node.name} sans-js",
        )
        visit.log_in(world.personas.secretaire)
        visit.goto(seance.get_absolute_url())
        expect(_handle(visit.page, first)).to_be_hidden()

        visit.page.get_by_role("button", name="Monter le point 2").click()

        expect(visit.page.get_by_role("main")).to_contain_text("1. Second point")
        visit.shot("bouton-monter")
    finally:
        context.close()
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.position < first.position


def test_two_people_save_the_same_draft_and_the_second_sees_both_texts(
    visit: Visit, world: World, open_visit: OpenVisit
) -> None:
    item = make_draft_point(world)
    editor = reverse(
        "seances:draft_edit", kwargs={"collectivite": world.slug, "item_id": item.pk}
    )
    secretaire = visit
    secretaire.page.set_viewport_size(DESKTOP)
    secretaire.log_in(world.personas.secretaire)
    adjointe = open_visit("adjointe")
    adjointe.log_in(world.personas.adjointe)

    # Both open the editor on version 1.
    secretaire.goto(editor)
    adjointe.goto(editor)
    _articles(secretaire.page).fill("Texte de la secrétaire.")
    _articles(adjointe.page).fill("Texte de l'adjointe.")
    secretaire.shot("editeur")
    adjointe.shot("editeur")

    # The secrétaire saves first: version 2.
    secretaire.page.get_by_role(
        "button", name="Enregistrer une nouvelle version"
    ).click()
    expect(secretaire.page.get_by_role("main")).to_contain_text(
        "Le projet est enregistré."
    )
    secretaire.check_layout()
    secretaire.shot("enregistre")

    # The adjointe saves later, on version 1: refused, both texts shown.
    with adjointe.page.expect_response(
        lambda response: response.request.method == "POST"
    ) as answer:
        adjointe.page.get_by_role(
            "button", name="Enregistrer une nouvelle version"
        ).click()
    assert answer.value.status == 409
    page = adjointe.page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Quelqu'un a enregistré le projet pendant que vous écriviez"
    )
    expect(page.locator("section", has_text="Version 2, enregistrée")).to_contain_text(
        "Texte de la secrétaire."
    )
    expect(
        page.locator("section", has_text="Votre texte, non enregistré")
    ).to_contain_text("Texte de l'adjointe.")
    expect(_articles(page)).to_have_text("Texte de l'adjointe.")
    adjointe.check_layout()
    adjointe.shot("conflit")
    assert item.revisions.count() == 2
    assert item.revisions.latest("number").articles == "<p>Texte de la secrétaire.</p>"

    # Saving her text now is a choice made knowingly: version 3, nothing lost.
    page.get_by_role("button", name="Enregistrer ce texte").click()
    expect(page.get_by_role("main")).to_contain_text("Le projet est enregistré.")
    adjointe.shot("enregistre-en-connaissance")
    texts = list(item.revisions.order_by("number").values_list("articles", flat=True))
    assert texts[1:] == [
        "<p>Texte de la secrétaire.</p>",
        "<p>Texte de l'adjointe.</p>",
    ]
