"""Every real file of the corpus uploads and gets a preview or a reason;
its text is read where it has some. LibreOffice and Tesseract run for real."""

from pathlib import Path

import pytest

from documents.storage import open_blob
from previews import rendering
from previews.models import Rendition
from previews.tests.conftest import Upload


def corpus_files(corpus_dir: Path) -> list[Path]:
    return sorted(path for path in corpus_dir.rglob("*") if path.is_file())


def rendition_after_upload(upload: Upload, path: Path) -> Rendition:
    document = upload(path.name, path.read_bytes())
    return Rendition.objects.select_related("output").get(
        source=document.current_version.blob
    )


def one(corpus_dir: Path, folder: str, pattern: str) -> Path:
    (found,) = (corpus_dir / folder).glob(pattern)
    return found


def test_every_corpus_file_uploads_and_gets_a_preview_or_a_clear_reason(
    upload: Upload, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # OCR is slow: the scans are recognised in a test of their own.
    monkeypatch.setattr(rendering, "SCANNED_PAGE_CHARS", 0)

    for path in corpus_files(corpus_dir):
        rendition = rendition_after_upload(upload, path)

        assert rendition.state in {
            Rendition.State.READY,
            Rendition.State.UNAVAILABLE,
        }, (path.name, rendition.state, rendition.reason)
        if rendition.state == Rendition.State.UNAVAILABLE:
            assert rendition.reason, path.name
        if path.suffix in {".pdf", ".doc", ".docx", ".odt"} and rendition.output:
            with open_blob(rendition.output) as pdf:
                assert pdf.read(5) == b"%PDF-", path.name


def test_the_word_97_comptes_rendus_of_flaux_are_read_through_libreoffice(
    upload: Upload, corpus_dir: Path
) -> None:
    path = one(corpus_dir, "fr-flaux-gard", "20200608-5*.doc")

    rendition = rendition_after_upload(upload, path)

    assert rendition.state == Rendition.State.READY
    assert rendition.text_source == Rendition.TextSource.CONVERSION
    assert "Séance du 8 juin 2020" in rendition.text
    assert rendition.output is not None


def test_the_couthenans_comptes_rendus_are_read_from_their_text_layer(
    upload: Upload, corpus_dir: Path
) -> None:
    path = corpus_dir / "fr-couthenans-haute-saone" / "CR_reunion_20210129.pdf"

    rendition = rendition_after_upload(upload, path)

    assert rendition.text_source == Rendition.TextSource.TEXT_LAYER
    assert "Conseil municipal" in rendition.text
    # The file is its own preview: no copy is made.
    assert rendition.output == rendition.source


def test_a_docx_and_an_odt_are_read_from_their_own_content(
    upload: Upload, corpus_dir: Path
) -> None:
    docx = rendition_after_upload(
        upload, one(corpus_dir, "fr-couthenans-haute-saone", "*.docx")
    )
    odt = rendition_after_upload(upload, one(corpus_dir, "fr-flaux-gard", "*.odt"))

    assert docx.text_source == odt.text_source == Rendition.TextSource.DOCUMENT
    assert "Cimetière" in docx.text
    # Words split across styled spans in the file come out whole.
    assert "Décret n°2020-1310" in odt.text
    assert docx.output is not None
    assert odt.output is not None


def test_a_scanned_proces_verbal_is_recognised_by_ocr_into_a_copy(
    upload: Upload, corpus_dir: Path
) -> None:
    path = one(corpus_dir, "fr-flaux-gard", "PV du 16 d*.pdf")

    rendition = rendition_after_upload(upload, path)

    assert rendition.state == Rendition.State.READY
    assert rendition.text_source == Rendition.TextSource.OCR
    assert "conseil" in rendition.text.lower()
    assert rendition.output is not None
    assert rendition.output != rendition.source
    with open_blob(rendition.source) as original:
        assert original.read() == path.read_bytes()


def test_a_pdf_locked_by_a_password_is_kept_and_said_to_be_locked(
    upload: Upload, corpus_dir: Path
) -> None:
    path = corpus_dir / "idelibre-test-fixtures" / "PasswordProtectedPdf.pdf"

    rendition = rendition_after_upload(upload, path)

    assert rendition.state == Rendition.State.UNAVAILABLE
    assert rendition.locked
    assert "verrouillé par un mot de passe" in rendition.reason
    assert not rendition.can_retry


def test_a_pdf_encrypted_with_an_empty_password_still_previews_from_an_open_copy(
    upload: Upload, corpus_dir: Path
) -> None:
    path = corpus_dir / "idelibre-test-fixtures" / "pdfEncrypted.pdf"

    rendition = rendition_after_upload(upload, path)

    assert rendition.state == Rendition.State.READY
    assert "PDF encrypted" in rendition.text
    assert rendition.output is not None
    assert rendition.output != rendition.source
    import pikepdf  # noqa: PLC0415

    with open_blob(rendition.output) as copy, pikepdf.open(copy) as pdf:
        assert not pdf.is_encrypted


def test_the_same_bytes_are_converted_once(upload: Upload, corpus_dir: Path) -> None:
    path = corpus_dir / "fr-couthenans-haute-saone" / "CR_reunion_20210129.pdf"

    upload("premier.pdf", path.read_bytes())
    upload("second.pdf", path.read_bytes())

    assert Rendition.objects.count() == 1
    assert Rendition.objects.get().attempts == 1
