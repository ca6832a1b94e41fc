"""Safe uploads: the type is read from the bytes, liars and bombs refused."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.filetypes import MAX_RATIO, TYPES, identify
from documents.models import Blob, Document
from documents.services import create_document
from previews.models import Rendition
from previews.tests.conftest import (
    Upload,
    docx_bytes,
    pdf_bytes,
    stored_blobs,
    zip_bytes,
)
from quorum.testing import PASSWORD, Personas

OLE2_WORD = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    + b"\x00" * 500
    + "WordDocument".encode("utf-16-le")
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("budget.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "pdf"),
        ("note.docx", docx_bytes("Bonjour"), "docx"),
        ("ancien.doc", OLE2_WORD, "doc"),
        ("photo.png", PNG, "png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "jpeg"),
        ("logo.gif", b"GIF89a" + b"\x00" * 64, "gif"),
        ("notes.txt", "Procès-verbal du conseil\n".encode(), "text"),
        ("liste.csv", b"nom;prenom\nDupont;Anne\n", "csv"),
        ("sans extension", b"%PDF-1.4\n", "pdf"),
        (
            "tableau.ods",
            zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "ods",
        ),
        (
            "classeur.xlsx",
            zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"}),
            "xlsx",
        ),
    ],
)
def test_the_type_of_a_file_is_read_from_its_bytes(
    name: str, content: bytes, code: str
) -> None:
    assert identify(io.BytesIO(content), name).code == code


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("pdf", "un PDF"),
        ("docx", "un document Word (.docx)"),
        ("pptx", "une présentation PowerPoint (.pptx)"),
        ("png", "une image PNG"),
        ("zip", "une archive ZIP"),
        ("csv", "un tableau CSV"),
        ("text", "du texte"),
    ],
)
def test_a_refusal_names_the_real_type_with_its_article(code: str, said: str) -> None:
    assert TYPES[code].with_article == said


def test_an_extension_that_lies_about_the_content_is_refused_and_nothing_is_stored(
    personas: Personas, upload: Upload
) -> None:
    with pytest.raises(ValidationError) as refusal:
        upload("deliberation.docx", pdf_bytes())

    assert "se termine par « .docx » mais son contenu est un PDF" in str(refusal.value)
    assert not Document.objects.exists()
    assert not Blob.objects.exists()
    assert not stored_blobs(Path(settings.MEDIA_ROOT))


def test_text_named_as_an_office_document_is_refused(upload: Upload) -> None:
    with pytest.raises(ValidationError, match="son contenu est du texte"):
        upload("budget.odt", b"budget v1")


def test_a_docx_that_unpacks_far_beyond_its_size_is_refused_as_a_zip_bomb(
    upload: Upload,
) -> None:
    bomb = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b" " * (MAX_RATIO * 100_000),
        }
    )

    with pytest.raises(ValidationError, match="anormalement grand"):
        upload("bombe.docx", bomb)

    assert not Blob.objects.exists()


def test_a_document_with_macros_is_refused(upload: Upload) -> None:
    macro = zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w/>",
            "word/vbaProject.bin": b"\x00macro",
        }
    )

    with pytest.raises(ValidationError, match="macros"):
        upload("rapport.docx", macro)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<p>Bonjour</p>"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("note.txt", b"Bonjour\n<script>alert(1)</script>\n"),
        ("compte-rendu.txt", b"<!DOCTYPE html><html><body>CR</body></html>"),
    ],
)
def test_web_pages_svg_and_scripts_are_refused_whatever_their_name(
    upload: Upload, name: str, content: bytes
) -> None:
    with pytest.raises(ValidationError):
        upload(name, content)

    assert not Blob.objects.exists()


def test_a_corrupt_pdf_is_kept_but_said_unreadable_for_preview(upload: Upload) -> None:
    document = upload("pv.pdf", b"%PDF-1.4 proces-verbal tronque")

    rendition = Rendition.objects.get(source=document.current_version.blob)
    assert document.current_version.content_type == "application/pdf"
    assert rendition.state == Rendition.State.UNAVAILABLE
    assert "abîmé ou illisible" in rendition.reason


def test_the_corpus_zip_annex_is_accepted_and_only_downloaded(
    upload: Upload, corpus_dir: Path
) -> None:
    content = (corpus_dir / "idelibre-test-fixtures" / "fichier.zip").read_bytes()

    document = upload("fichier.zip", content)

    rendition = Rendition.objects.get(source=document.current_version.blob)
    assert document.current_version.content_type == "application/zip"
    assert rendition.state == Rendition.State.UNAVAILABLE
    assert rendition.output is None


def test_a_name_with_a_folder_is_cleaned(upload: Upload) -> None:
    document = upload("..\\..\\windows\\system32\\pv.txt", b"PV\n")

    assert document.current_version.filename == "pv.txt"


def test_the_upload_page_says_why_a_file_is_refused(
    client: object, personas: Personas
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    client.login(email=personas.secretaire.email, password=PASSWORD)  # type: ignore[attr-defined]
    url = reverse(
        "documents:upload",
        kwargs={"collectivite": "saint-test", "workspace_id": personas.finances.id},
    )

    response = client.post(  # type: ignore[attr-defined]
        url,
        {
            "file": SimpleUploadedFile("budget.xlsx", pdf_bytes()),
            "title": "",
            "note": "",
        },
    )

    assert response.status_code == 200
    assert "mais son contenu est un PDF" in response.content.decode()
    assert not Document.objects.exists()


def test_a_download_stays_an_attachment_under_a_sandbox(
    client: object, personas: Personas
) -> None:
    document = create_document(
        workspace=personas.finances,
        author=personas.secretaire,
        stream=io.BytesIO(b"texte\n"),
        filename="note.txt",
        size=6,
    )
    client.login(email=personas.secretaire.email, password=PASSWORD)  # type: ignore[attr-defined]

    response = client.get(document.current_version.get_download_url())  # type: ignore[attr-defined]
    response.close()

    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
