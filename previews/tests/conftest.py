import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest

from documents.models import Document
from documents.services import add_version, create_document
from quorum.testing import Personas

Upload = Callable[..., Document]


@pytest.fixture
def upload(
    personas: Personas, django_capture_on_commit_callbacks: Callable[..., object]
) -> Upload:
    """Upload bytes into the Commission des finances as the secrétaire, and
    run what waits for the commit (the preview, through the immediate
    task backend) as the real server would."""

    def _upload(
        name: str, content: bytes, document: Document | None = None
    ) -> Document:
        with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
            if document is not None:
                add_version(
                    document=document,
                    author=personas.secretaire,
                    stream=io.BytesIO(content),
                    filename=name,
                    size=len(content),
                )
                document.refresh_from_db()
                return document
            return create_document(
                workspace=personas.finances,
                author=personas.secretaire,
                stream=io.BytesIO(content),
                filename=name,
                size=len(content),
            )

    return _upload


def docx_bytes(*paragraphs: str) -> bytes:
    import docx  # noqa: PLC0415

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_bytes() -> bytes:
    """A valid one-page PDF with no text."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def stored_blobs(media: Path) -> list[Path]:
    return [path for path in (media / "blobs").rglob("*") if path.is_file()]
