"""The shared space at work, in a real browser: the secrétaire sends a
document to the Commission des finances, then a new version with a note,
compares the two, and asks the adjointe's opinion by mentioning her; the
adjointe, logging in, is told by the bell, follows it to the document and
finds the passage she remembers with the search box.

A screenshot of each step is kept in ``test-artifacts/``.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from discussions.models import Mention
from documents.models import Document
from quorum.testing import World
from web.tests.browsing import DESKTOP, Visit

pytestmark = pytest.mark.browser

TITLE = "Budget de la médiathèque 2027"
FIRST = (
    "Budget de la médiathèque 2027\n"
    "Section de fonctionnement : 12 000 €.\n"
    "Reliure des périodiques : 800 €.\n"
    "Achat de livres pour la jeunesse : 3 000 €.\n"
)
SECOND = (
    "Budget de la médiathèque 2027\n"
    "Section de fonctionnement : 12 000 €.\n"
    "Achat de livres pour la jeunesse : 3 000 €.\n"
    "Abonnement à la bibliothèque numérique départementale : 1 500 €.\n"
)
ADDED = "Abonnement à la bibliothèque numérique départementale : 1 500 €."
REMOVED = "Reliure des périodiques : 800 €."
QUESTION = "Pouvez-vous confirmer l'abonnement numérique avant la commission ?"


def send_file(page: Page, name: str, text: str) -> None:
    page.locator("input[type=file]").set_input_files(
        {"name": name, "mimeType": "text/plain", "buffer": text.encode()}
    )


def test_a_document_goes_from_upload_to_comparison_mention_and_search(
    visit: Visit, world: World
) -> None:
    p = world.personas
    page = visit.page
    page.set_viewport_size(DESKTOP)
    main = page.get_by_role("main")

    # The secrétaire sends the first version into the Commission des finances.
    visit.log_in(p.secretaire)
    visit.main_link("Commission des finances")
    visit.main_link("Ajouter un document")
    send_file(page, "budget-mediatheque.txt", FIRST)
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Note sur cette version").fill("proposition de la secrétaire")
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    visit.check_layout()
    visit.shot("version-1")

    # A new version, with a note saying what changed.
    visit.main_link("Déposer une nouvelle version")
    send_file(page, "budget-mediatheque.txt", SECOND)
    page.get_by_label("Ce qui a changé").fill("abonnement numérique ajouté")
    page.get_by_role("button", name="Enregistrer la version").click()
    expect(main).to_contain_text("La version 2 est enregistrée.")
    history = page.get_by_role("table", name="Versions du document")
    expect(history).to_contain_text("abonnement numérique ajouté")
    expect(history).to_contain_text("proposition de la secrétaire")
    visit.check_layout()
    visit.shot("version-2")

    # The comparison shows what was added and what was removed.
    visit.main_link("Comparer deux versions")
    expect(page.get_by_role("heading", level=2)).to_have_text("Version 1 → version 2")
    expect(main.locator("ins")).to_have_text(ADDED)
    expect(main.locator("del")).to_have_text(REMOVED)
    expect(main).to_contain_text("1 paragraphe ajouté, 1 supprimé,")
    visit.check_layout()
    visit.shot("comparaison")

    # A question to the adjointe, chosen in the completion list.
    visit.main_link(TITLE)
    page.get_by_label("Votre message").fill(QUESTION)
    page.get_by_label("Chercher une personne à mentionner").fill(p.adjointe.last_name)
    adjointe = page.get_by_role("checkbox", name=p.adjointe.full_name)
    expect(adjointe).to_be_visible()
    visit.shot("completion")
    # The DSFR draws the box over its label: a person clicks the label.
    main.locator("label", has_text=p.adjointe.full_name).click()
    expect(adjointe).to_be_checked()
    page.get_by_role("button", name="Publier").click()
    comment = main.locator(".q-comment", has_text=QUESTION)
    expect(comment).to_contain_text(f"Mentionne : {p.adjointe.full_name}")
    visit.check_layout()
    visit.shot("commentaire")
    document = Document.objects.get(title=TITLE)
    assert list(
        Mention.objects.filter(comment__thread__document=document).values_list(
            "user", flat=True
        )
    ) == [p.adjointe.pk]

    # The adjointe logs in: the bell tells her, and takes her to the comment.
    page.get_by_role("button", name="Se déconnecter").click()
    visit.log_in(p.adjointe)
    bell = page.get_by_role("banner").get_by_role(
        "link", name=re.compile(r"^Notifications")
    )
    expect(bell).to_have_text(re.compile(r"Notifications\s+1\s+non lue$"))
    visit.check_layout()
    visit.shot("cloche")
    bell.click()
    message = f"{p.secretaire.full_name} vous a mentionné(e) à propos de « {TITLE} »"
    page.get_by_role("button", name=message).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert re.search(r"#commentaire-[0-9a-f-]+$", page.url), page.url
    expect(main.locator(".q-comment", has_text=QUESTION)).to_be_in_viewport()
    expect(bell).to_have_text("Notifications")
    visit.check_layout()
    visit.shot("document-de-la-notification")

    # The search box finds the passage, accents or not.
    search = page.get_by_role("search").get_by_label(
        f"Rechercher dans {world.commune.name}"
    )
    search.fill("bibliotheque numerique")
    search.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Rechercher")
    hit = main.locator("ol li", has=page.get_by_role("link", name=TITLE))
    expect(hit).to_contain_text("Abonnement à la bibliothèque numérique départementale")
    expect(hit.locator("mark").first).to_have_text(re.compile("biblioth", re.I))
    visit.check_layout()
    visit.shot("recherche")
    hit.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert page.url.startswith(visit.base_url + document.get_absolute_url())
