"""The preview in the document's page, in a real Chromium: the PDF drawn by
the browser's viewer inside the page with nothing refused by either CSP; on
a phone, a link instead of a frame that would not show; an image as an
image."""

import io
import re
from collections.abc import Callable

import pytest
from django.urls import reverse
from PIL import Image
from playwright.sync_api import ConsoleMessage, Frame, Page, expect

from documents.models import Document
from documents.services import create_document
from previews.models import Rendition
from previews.tests.conftest import docx_bytes
from quorum.testing import World
from web.tests.browsing import DESKTOP, PHONE, Visit

pytestmark = pytest.mark.browser

# Chromium's own PDF viewer, which draws the PDF inside the frame.
PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"


def send(world: World, name: str, content: bytes) -> Document:
    """A file sent to the Commission des finances, its preview made at once
    (the tasks run eagerly, the commit happens straight away)."""
    document = create_document(
        workspace=world.finances,
        author=world.personas.secretaire,
        stream=io.BytesIO(content),
        filename=name,
        size=len(content),
    )
    rendition = Rendition.objects.get(source=document.current_version.blob)
    assert rendition.state == Rendition.State.READY, rendition.reason
    return document


def shown_url(document: Document) -> str:
    return reverse(
        "previews:show",
        kwargs={
            "collectivite": "saint-test",
            "document_id": document.id,
            "version_id": document.current_version_id,
        },
    )


def csp_violations(page: Page) -> list[str]:
    """Every refusal by a CSP, also those that do not begin with "Refused
    to", such as a frame whose frame-ancestors keep it out."""
    seen: list[str] = []

    def listen(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            seen.append(message.text)

    page.on("console", listen)
    return seen


def frames_soon(
    page: Page, wanted: Callable[[Frame], bool], seconds: float = 10
) -> list[Frame]:
    """The page's frames that ``wanted`` accepts, as soon as there is one."""
    for _ in range(int(seconds * 5)):
        found = [frame for frame in page.frames if wanted(frame)]
        if found:
            return found
        page.wait_for_timeout(200)
    return []


def test_secretaire_sees_the_pdf_of_a_word_file_inside_its_page(
    visit: Visit, world: World
) -> None:
    document = send(world, "deliberation.docx", docx_bytes("Budget primitif 2027"))
    page = visit.page
    page.set_viewport_size(DESKTOP)
    violations = csp_violations(page)
    visit.log_in(world.personas.secretaire)

    visit.goto(document.get_absolute_url())

    preview = page.locator("object.q-apercu")
    expect(preview).to_be_visible()
    expect(preview).to_have_attribute("type", "application/pdf")
    url = visit.base_url + shown_url(document)
    page.wait_for_function(
        "url => [...document.querySelectorAll('object')].some(o => o.data === url)",
        arg=url,
    )
    frames = frames_soon(page, lambda frame: frame.url == url)
    assert frames, [frame.url for frame in page.frames]
    assert frames[0].evaluate("document.contentType") == "application/pdf"
    # The viewer came up in the frame: the PDF is drawn, not refused.
    assert frames_soon(page, lambda frame: frame.url.startswith(PDF_VIEWER))
    download = page.get_by_role("link", name=re.compile("Télécharger l'aperçu PDF"))
    expect(download).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Voir l'aperçu"))).to_be_hidden()
    visit.check_layout()
    visit.shot("apercu-pdf")
    assert not violations, violations


def test_on_a_phone_the_pdf_is_a_link_and_is_not_fetched(
    visit: Visit, world: World
) -> None:
    document = send(world, "deliberation.docx", docx_bytes("Budget primitif 2027"))
    page = visit.page
    page.set_viewport_size(PHONE)
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    visit.log_in(world.personas.secretaire)

    visit.goto(document.get_absolute_url())

    link = page.get_by_role("link", name=re.compile("^Voir l'aperçu"))
    expect(link).to_be_visible()
    expect(link).to_have_attribute("href", shown_url(document))
    expect(page.locator("object.q-apercu")).to_be_hidden()
    expect(
        page.get_by_role("link", name=re.compile("Télécharger l'aperçu PDF"))
    ).to_be_visible()
    visit.check_layout()
    visit.shot("apercu-telephone")
    assert not [url for url in fetched if shown_url(document) in url]


def test_a_photo_is_shown_as_an_image_in_its_page(visit: Visit, world: World) -> None:
    photo = io.BytesIO()
    Image.new("RGB", (1200, 900), (40, 120, 60)).save(photo, "JPEG")
    document = send(world, "chantier.jpg", photo.getvalue())
    page = visit.page
    page.set_viewport_size(PHONE)
    violations = csp_violations(page)
    visit.log_in(world.personas.secretaire)

    visit.goto(document.get_absolute_url())

    image = page.get_by_role("img", name="Aperçu de la version 1 : chantier.jpg")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 1200
    visit.check_layout()
    visit.shot("apercu-photo")
    assert not violations, violations
