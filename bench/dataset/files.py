"""The dataset's files: small, each its own bytes, stored by content hash in
the default storage exactly where an upload would have put them."""

import hashlib
import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pikepdf
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

from bench.dataset.rows import new
from documents.models import Blob

# Replaced in a one-page PDF by a marker of the same length: each file has
# its own bytes and its cross-reference table stays right.
_PLACEHOLDER = "0" * 32


@dataclass(frozen=True)
class StoredFile:
    blob: Blob
    filename: str
    content_type: str


def _write(name: str, data: bytes) -> None:
    """Through the storage's own API, except on the file system, where
    writing the file directly is ten times faster for the same result."""
    if isinstance(default_storage._wrapped, FileSystemStorage):  # type: ignore[attr-defined]
        path = Path(default_storage.path(name))
        if not path.exists():
            _folder(path.parent)
            path.write_bytes(data)
    elif not default_storage.exists(name):
        default_storage.save(name, ContentFile(data))


@cache
def _folder(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)


@cache
def _pdf_template() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Subject"] = _PLACEHOLDER
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


def file_bytes(marker: str, *, pdf: bool) -> bytes:
    """A one-page PDF, or a short text, that holds ``marker``."""
    unique = hashlib.md5(marker.encode(), usedforsecurity=False).hexdigest()
    if pdf:
        return _pdf_template().replace(_PLACEHOLDER.encode(), unique.encode(), 1)
    return f"Document de test {marker}\nEmpreinte {unique}\n".encode()


def store_file(marker: str, title: str, *, pdf: bool) -> StoredFile:
    """Write the file unless the same bytes are stored already; the Blob row
    is the caller's to insert, in bulk."""
    data = file_bytes(marker, pdf=pdf)
    blob = new(Blob, sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    _write(blob.storage_name, data)
    extension, content_type = (
        ("pdf", "application/pdf") if pdf else ("txt", "text/plain")
    )
    return StoredFile(blob, f"{title[:80]}.{extension}", content_type)
