"""Broken, disguised and hostile files sent as documents, and member lists
in every shape a town hall's spreadsheet may give them. A file is either
refused with a French message and nothing kept, or kept whole."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from collectivites.models import Membership
from documents.models import Document
from documents.storage import open_blob
from quorum.testing import Personas
from robustness.tests.conftest import assert_french_refusal, changed, snapshot

pytestmark = pytest.mark.django_db

SLUG = "saint-test"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped(
    {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "word/document.xml": b"<w:document/>",
    }
)

# Files no document may be made of: each must be refused.
REFUSED_FILES = {
    "vide": ("note.pdf", b""),
    "docx-tronque": ("deliberation.docx", DOCX[: len(DOCX) // 2]),
    "zip-tronque": ("annexes.zip", zipped({"a.txt": b"a" * 1000})[:30]),
    "zip-sans-fin": ("annexes.zip", b"PK\x03\x04" + b"\x00" * 100),
    "executable-en-pdf": ("facture.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200),
    "elf-en-docx": ("note.docx", b"\x7fELF\x02\x01\x01" + b"\x00" * 200),
    "html-en-pdf": ("note.pdf", b"<html><script>alert(1)</script></html>"),
    "svg-actif": (
        "plan.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    ),
    "bombe-zip": ("rapport.docx", zipped({"word/document.xml": b"0" * 60_000_000})),
    "png-en-pdf": ("scan.pdf", PNG),
    "script-shell": ("installer.sh", b"#!/bin/sh\nrm -rf /\n"),
    "octets-nuls": ("note.txt", b"\x00" * 4096),
}


def test_a_truncated_pdf_is_kept_as_sent_and_its_preview_says_so(uploader, personas):
    """Quorum keeps what was sent (the sender may have nothing better); the
    preview, not the upload, tells it cannot be shown."""
    response = upload(uploader, personas, "budget.pdf", PDF[:20])
    assert response.status_code in (302, 303)
    version = Document.objects.get(workspace=personas.finances).current_version
    with open_blob(version.blob) as stored:
        assert stored.read() == PDF[:20]


# Odd names for a sound file: kept whole, under a cleaned name.
ODD_NAMES = {
    "nom-immense": "a" * 400 + ".pdf",
    "traversee": "../../../etc/passwd.pdf",
    "antislash": "..\\..\\windows\\system32.pdf",
    "nul": "note\x00.pdf",
    "controle": "note\x07\x1b.pdf",
    "bidi": "facture\u202efdp.pdf",
    "emoji": "compte-rendu 🎉.pdf",
    "arabe": "محضر.pdf",
    "seulement-extension": ".pdf",
    "espaces": "   .pdf",
    "reserve-windows": "CON.pdf",
    "points": "....pdf",
}


@pytest.fixture
def uploader(client: Client, personas: Personas) -> Client:
    client.force_login(personas.secretaire)
    return client


def upload(client: Client, personas: Personas, name: str, content: bytes):  # noqa: ANN201
    url = reverse(
        "documents:upload",
        kwargs={"collectivite": SLUG, "workspace_id": personas.finances.pk},
    )
    return client.post(url, {"file": SimpleUploadedFile(name, content), "title": ""})


@pytest.mark.parametrize(
    ("name", "content"), REFUSED_FILES.values(), ids=REFUSED_FILES.keys()
)
def test_a_file_that_is_no_document_is_refused_in_french(
    uploader, personas, name, content
):
    before = snapshot()
    response = upload(uploader, personas, name, content)
    assert_french_refusal(response)
    assert changed(before, snapshot()) == {}


@pytest.mark.parametrize("name", ODD_NAMES.values(), ids=ODD_NAMES.keys())
def test_a_sound_file_with_an_odd_name_is_kept_whole(uploader, personas, name):
    response = upload(uploader, personas, name, PDF)
    assert response.status_code in (302, 303), response.status_code
    document = Document.objects.get(workspace=personas.finances)
    version = document.current_version
    assert version is not None
    with open_blob(version.blob) as stored:
        assert stored.read() == PDF
    shown = version.filename
    for forbidden in ("/", "\\", "\x00", "\u202e", "\x07"):
        assert forbidden not in shown
    assert 0 < len(shown) <= 255
    page = uploader.get(document.get_absolute_url())
    assert page.status_code == 200


# --- Member lists -------------------------------------------------------------

UPLOAD = reverse("collectivites:member_import", args=[SLUG])
LIST = "Prénom;Nom;Courriel\nNelly;Widmer;nelly.widmer@example.test\n"


def import_file(client: Client, content: bytes, name: str = "elus.csv"):  # noqa: ANN201
    return client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(name, content),
            "text": "",
            "kind": "elu",
            "default_role": "",
            "started_on": "",
        },
    )


# Lists Quorum cannot read: refused at once, with what to do.
UNREADABLE_LISTS = {
    "vide": b"",
    "espaces": b"   \n\n  \n",
    "binaire": bytes(range(256)) * 8,
    "pdf": PDF,
    "png": PNG,
    "xlsx-tronque": zipped({"xl/workbook.xml": b"<workbook/>"})[:40],
    "zip-quelconque": zipped({"photo.jpg": b"\xff\xd8\xff" + b"0" * 100}),
    "nul": b"Pr\x00nom;Nom\x00;\x00\n" * 10,
    "une-seule-cellule-immense": b"x" * 300_000,
    "trop-de-colonnes": (";".join(f"c{n}" for n in range(80)) + "\n").encode() * 3,
    "trop-gros": b"a;b;c@example.test\n" * 150_000,
}


@pytest.mark.parametrize(
    "content", UNREADABLE_LISTS.values(), ids=UNREADABLE_LISTS.keys()
)
def test_an_unreadable_member_list_is_refused_in_french(manager, content):
    before = snapshot()
    assert_french_refusal(import_file(manager, content))
    assert changed(before, snapshot()) == {}


# Lists Quorum reads whatever their encoding or separator: the preview
# names the newcomer, and nothing is stored before the confirmation.
READABLE_LISTS = {
    "utf-8": LIST.encode("utf-8"),
    "utf-8-bom": LIST.encode("utf-8-sig"),
    "latin-1": LIST.encode("latin-1"),
    "cp1252": LIST.encode("cp1252"),
    "utf-16": LIST.encode("utf-16"),
    "utf-16-le-sans-bom": LIST.encode("utf-16-le"),
    "virgules": LIST.replace(";", ",").encode(),
    "tabulations": LIST.replace(";", "\t").encode(),
    "fins-de-ligne-windows": LIST.replace("\n", "\r\n").encode(),
    "fins-de-ligne-mac": LIST.replace("\n", "\r").encode(),
    "guillemets": '"Prénom";"Nom";"Courriel"\n"Nelly";"Widmer";"nelly.widmer@example.test"\n'.encode(),
    "sans-titres": b"Nelly;Widmer;nelly.widmer@example.test\n",
    "colonnes-en-trop": (LIST.rstrip("\n") + ";;;\n").encode(),
    "ligne-en-double": (LIST + "Nelly;Widmer;nelly.widmer@example.test\n").encode(),
    "lignes-vides": ("\n\n" + LIST + "\n\n;;\n").encode(),
    "colonne-manquante": b"Prenom;Nom\nNelly;Widmer\n",
    "cellule-non-fermee": b'Prenom;Nom;Courriel\n"Nelly;Widmer;nelly.widmer@example.test\n',
    "controle": "Prénom;Nom;Courriel\nNel\x07ly;Wid\u202emer;nelly.widmer@example.test\n".encode(),
}


@pytest.mark.parametrize("content", READABLE_LISTS.values(), ids=READABLE_LISTS.keys())
def test_a_member_list_in_any_shape_is_previewed_and_stores_nothing(manager, content):
    before = snapshot()
    response = import_file(manager, content)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        response = manager.get(response["Location"])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nelly" in page or "Nel" in page
    assert changed(before, snapshot()) == {}
    assert not Membership.objects.filter(
        user__email="nelly.widmer@example.test"
    ).exists()
