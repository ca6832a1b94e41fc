"""The document page shows the preview; the PDF, retry and compare pages."""

import html
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from documents.models import Document
from previews.models import Rendition
from previews.tests.conftest import Upload, docx_bytes, pdf_bytes
from quorum.testing import PASSWORD, Personas


@pytest.fixture
def secretaire(client: Client, personas: Personas) -> Client:
    client.login(email=personas.secretaire.email, password=PASSWORD)
    return client


def version_url(name: str, document: Document) -> str:
    return reverse(
        f"previews:{name}",
        kwargs={
            "collectivite": "saint-test",
            "document_id": document.id,
            "version_id": document.current_version_id,
        },
    )


def test_the_document_page_shows_and_links_to_the_rendered_pdf(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("vide.pdf", pdf_bytes())

    page = secretaire.get(document.get_absolute_url()).content.decode()

    assert "Aperçu prêt" in page
    assert f'data="{version_url("show", document)}"' in page
    assert "Télécharger l'aperçu PDF" in page
    assert version_url("pdf", document) in page


def test_the_rendered_pdf_is_served_as_a_pdf_under_a_sandbox(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("vide.pdf", pdf_bytes())

    response = secretaire.get(version_url("pdf", document))
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]
    assert body.startswith(b"%PDF-")


def test_a_version_without_a_pdf_has_no_pdf_to_see(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("note.txt", b"Bonjour\n")

    assert secretaire.get(version_url("pdf", document)).status_code == 404


def test_a_locked_pdf_is_said_locked_on_the_document_page(
    secretaire: Client, upload: Upload, corpus_dir: Path
) -> None:
    content = (
        corpus_dir / "idelibre-test-fixtures" / "PasswordProtectedPdf.pdf"
    ).read_bytes()
    document = upload("verrouille.pdf", content)

    page = secretaire.get(document.get_absolute_url()).content.decode()

    assert "Verrouillé" in page
    assert "verrouillé par un mot de passe" in page
    assert "Réessayer" not in page


def test_a_failed_preview_offers_to_try_again_and_trying_again_redoes_it(
    secretaire: Client, upload: Upload, django_capture_on_commit_callbacks: object
) -> None:
    document = upload("vide.pdf", pdf_bytes())
    Rendition.objects.update(
        state=Rendition.State.FAILED, reason="LibreOffice a échoué."
    )

    page = secretaire.get(document.get_absolute_url()).content.decode()
    assert "Réessayer" in page
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = secretaire.post(version_url("retry", document))

    assert response.status_code == 302
    rendition = Rendition.objects.get()
    assert rendition.state == Rendition.State.READY
    assert rendition.attempts == 2


def test_a_preview_being_made_is_polled_and_htmx_gets_the_state_alone(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("vide.pdf", pdf_bytes())
    Rendition.objects.update(state=Rendition.State.RUNNING)

    page = secretaire.get(document.get_absolute_url()).content.decode()
    partial = secretaire.get(
        version_url("version", document), headers={"HX-Request": "true"}
    )

    assert 'hx-trigger="every 3s"' in page
    assert "<html" not in partial.content.decode()
    assert "Préparation de l'aperçu : conversion en PDF et lecture du texte" in (
        html.unescape(partial.content.decode())
    )


def test_a_document_stored_before_previews_offers_to_prepare_one(
    secretaire: Client, personas: Personas
) -> None:
    import io  # noqa: PLC0415

    from documents.services import create_document  # noqa: PLC0415

    # No commit runs in this test: the preview is never asked for.
    document = create_document(
        workspace=personas.finances,
        author=personas.secretaire,
        stream=io.BytesIO(b"texte\n"),
        filename="note.txt",
        size=6,
    )

    page = secretaire.get(document.get_absolute_url()).content.decode()

    assert "Préparer l'aperçu" in page


def test_the_version_page_shows_the_extracted_text(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("note.docx", docx_bytes("Ordre du jour : budget primitif"))

    page = secretaire.get(version_url("version", document)).content.decode()

    assert "Ordre du jour : budget primitif" in page
    assert "contenu du document" in page


def test_the_compare_page_shows_an_added_and_a_removed_paragraph(
    secretaire: Client, upload: Upload
) -> None:
    document = upload(
        "deliberation.docx",
        docx_bytes(
            "Préambule : vu le code général.",
            "Article 1 : le budget est adopté.",
            "Article 2 : le tarif est de 3 euros.",
        ),
    )
    upload(
        "deliberation.docx",
        docx_bytes(
            "Article 1 : le budget est adopté.",
            "Article 2 : le tarif est de 3 euros.",
            "Article 3 : la cantine devient gratuite.",
        ),
        document=document,
    )

    page = secretaire.get(
        reverse(
            "previews:compare",
            kwargs={"collectivite": "saint-test", "document_id": document.id},
        )
    ).content.decode()

    assert "ajouté</span> <ins>Article 3 : la cantine devient gratuite.</ins>" in page
    assert "supprimé</span> <del>Préambule : vu le code général.</del>" in page
    assert "Article 1 : le budget est adopté." in page


def test_the_compare_page_says_when_a_text_is_not_ready(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("a.txt", b"Premier paragraphe\n")
    upload("b.txt", b"Premier paragraphe\nSecond paragraphe\n", document=document)
    Rendition.objects.filter(source=document.current_version.blob).update(
        state=Rendition.State.RUNNING, text=""
    )

    page = secretaire.get(
        reverse(
            "previews:compare",
            kwargs={"collectivite": "saint-test", "document_id": document.id},
        )
    ).content.decode()

    assert "la comparaison n'est pas possible pour l'instant" in page
