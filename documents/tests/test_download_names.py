"""A file comes back under the name it was sent with, and with its bytes.

The rule: the name a browser saves is the name sent, in NFC (a Mac sends
"é" as "e" and a combining accent; it is stored composed, so that it reads
and sorts like any other), and cut to 200 characters keeping its extension.
"""

import re
import unicodedata
from urllib.parse import unquote

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from documents.models import Document
from quorum.testing import World, uploaded_file
from web.tests.browsing import DESKTOP, Visit

LONG = "Compte rendu détaillé de la commission des finances " * 4
NAMES = {
    "nfc": ("Procès-verbal du conseil.txt", "Procès-verbal du conseil.txt"),
    "nfd": (
        unicodedata.normalize("NFD", "Délibération n°12 — école.txt"),
        unicodedata.normalize("NFC", "Délibération n°12 — école.txt"),
    ),
    "spaces": ("Budget primitif 2027 version finale.txt",) * 2,
    "hash": ("Séance #3 ordre du jour.txt",) * 2,
    "parentheses": ("Budget (copie) (2).txt",) * 2,
    # Chromium percent-decodes a plain filename="…": only filename* keeps it.
    "percent": ("Hausse de 3%25 des tarifs.txt",) * 2,
    "quote": ("L'avis « favorable ».txt",) * 2,
    "200 characters": (LONG[:196] + ".txt", LONG[:196] + ".txt"),
    "longer": (LONG + ".txt", LONG[:196] + ".txt"),
}


def name_a_browser_saves(header: str) -> str:
    """The name RFC 6266 has a browser save an attachment under: the
    ``filename*`` parameter (RFC 8187, a charset and percent-encoded bytes)
    wins over the plain, quoted ``filename``."""
    assert header.startswith("attachment;"), header
    if extended := re.search(r"filename\*=([^;]*)", header):
        charset, _, encoded = extended.group(1).strip().partition("''")
        assert charset.lower() == "utf-8", header
        return unquote(encoded, encoding="utf-8", errors="strict")
    return re.sub(r"\\(.)", r"\1", fallback_name(header))


def fallback_name(header: str) -> str:
    """The plain ``filename``, for a client that ignores ``filename*``."""
    plain = re.search(r'filename="((?:[^"\\]|\\.)*)"', header)
    assert plain, header
    return plain.group(1)


def send(client: Client, world: World, name: str, content: bytes) -> Document:
    response = client.post(
        reverse(
            "documents:upload",
            kwargs={"collectivite": world.slug, "workspace_id": world.finances.id},
        ),
        {"file": uploaded_file(name, content), "title": "", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()
    return Document.objects.get(pk=response.url.rstrip("/").rsplit("/", 1)[-1])


def download(client: Client, document: Document) -> tuple[str, bytes]:
    response = client.get(document.current_version.get_download_url())
    content = b"".join(response.streaming_content)
    assert response.status_code == 200
    return response["Content-Disposition"], content


@pytest.mark.parametrize(("sent", "saved"), NAMES.values(), ids=NAMES.keys())
def test_a_download_is_saved_under_the_readable_name_sent_with_the_same_bytes(
    client: Client, world: World, sent: str, saved: str
) -> None:
    content = f"Texte de « {sent} »\r\nLigne 2 : 1 240 €\n".encode()
    client.force_login(world.personas.secretaire)
    document = send(client, world, sent, content)

    header, downloaded = download(client, document)

    assert name_a_browser_saves(header) == saved
    assert len(saved) <= 200
    assert unicodedata.is_normalized("NFC", name_a_browser_saves(header))
    assert downloaded == content
    # Chromium percent-decodes a plain filename="…" ("3%25" saved as "3%"):
    # the name itself always travels in filename*, the plain one is ASCII.
    assert "filename*=utf-8''" in header
    assert re.fullmatch(r"[\x20-\x7e]*", fallback_name(header))
    assert "%" not in fallback_name(header)


@pytest.mark.browser
def test_chromium_saves_a_download_under_the_name_it_was_sent_with(
    visit: Visit, world: World
) -> None:
    client = Client()
    client.force_login(world.personas.secretaire)
    sent = {
        name: send(client, world, name, f"{name}\n".encode())
        for name, _ in (NAMES["nfd"], NAMES["hash"], NAMES["percent"])
    }
    page = visit.page
    page.set_viewport_size(DESKTOP)
    visit.log_in(world.personas.secretaire)

    for name, document in sent.items():
        visit.goto(document.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        with page.expect_download() as started:
            page.get_by_role("link", name="Télécharger la version 1").click()

        assert started.value.suggested_filename == unicodedata.normalize("NFC", name)
    visit.shot("document")
