"""Sending a file in a real browser: the size checked before sending, the
progress shown, a double click that makes one document."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pytest_django import Settings

from documents.models import Document
from quorum.testing import World
from web.tests.browsing import DESKTOP, Visit

pytestmark = pytest.mark.browser

# Keeps every text of the progress label in sessionStorage, which outlives
# the navigation to the document's page that ends the sending.
RECORD_PROGRESS = """
document.addEventListener("DOMContentLoaded", () => {
  const label = document.querySelector("[data-upload-label]");
  if (!label) return;
  new MutationObserver(() => {
    const seen = JSON.parse(sessionStorage.getItem("progress") || "[]");
    seen.push(label.textContent);
    sessionStorage.setItem("progress", JSON.stringify(seen));
  }).observe(label, {childList: true, characterData: true, subtree: true});
});
"""


def test_secretaire_sends_a_document_and_sees_its_progress(
    visit: Visit, world: World, settings: Settings
) -> None:
    settings.QUORUM_MAX_UPLOAD_MB = 1
    page = visit.page
    page.set_viewport_size(DESKTOP)
    page.add_init_script(RECORD_PROGRESS)
    visit.log_in(world.personas.secretaire)
    visit.goto(
        reverse(
            "documents:upload",
            kwargs={"collectivite": world.slug, "workspace_id": world.finances.id},
        )
    )
    main = page.get_by_role("main")
    expect(main).to_contain_text("Un fichier peut peser jusqu'à 1 Mo.")
    file_input = page.locator("input[type=file]")

    # Too big: refused in the browser, before anything is sent.
    file_input.set_input_files(
        {"name": "plan.txt", "mimeType": "text/plain", "buffer": b"x" * 1_200_000}
    )
    page.get_by_role("button", name="Ajouter").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Le fichier dépasse la taille maximale de 1 Mo : choisissez un fichier "
        "plus léger. Rien n'a été envoyé."
    )
    visit.check_layout()
    visit.shot("trop-lourd")
    assert not Document.objects.filter(title="compte-rendu-commission").exists()

    # The right size, sent with a double click: one document, its page opened.
    file_input.set_input_files(
        {
            "name": "compte-rendu-commission.txt",
            "mimeType": "text/plain",
            "buffer": ("Compte rendu de la commission\n" * 30_000).encode(),
        }
    )
    page.get_by_label("Note sur cette version").fill("relu par la secrétaire")
    page.get_by_role("button", name="Ajouter").dblclick()

    expect(page.get_by_role("heading", level=1)).to_have_text("compte-rendu-commission")
    visit.check_layout()
    visit.shot("document")
    labels = page.evaluate("JSON.parse(sessionStorage.getItem('progress') || '[]')")
    assert labels, "the progress label never changed"
    assert all(re.fullmatch(r"Envoi : \d{1,3} %", label) for label in labels), labels
    assert labels[-1] == "Envoi : 100 %"
    made = Document.objects.filter(title="compte-rendu-commission")
    assert made.count() == 1
    assert made.get().versions.get().note == "relu par la secrétaire"
