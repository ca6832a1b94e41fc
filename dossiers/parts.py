"""The pieces of a dossier as PDFs, each made once and then reused.

A draft (or the page that stands for an annex Quorum cannot reproduce) is
drawn by WeasyPrint and kept per hash of its HTML, so a draft whose text,
number and title did not change is never drawn again. An annex is the PDF
the previews app keeps per content hash: a PDF as it is, an office file as
LibreOffice converted it.
"""

import base64
import hashlib
import io
import logging
from dataclasses import dataclass
from typing import Any

import pikepdf

from documents.models import Blob
from documents.storage import open_blob, store
from dossiers import pdf
from dossiers.content import SeanceContent
from dossiers.models import RenderedPart
from previews.models import Rendition
from previews.services import request_rendition
from seances.models import Annex

logger = logging.getLogger(__name__)

LOCKED = "protégée par un mot de passe"
CONVERTING = "conversion en cours"
UNCONVERTIBLE = "impossible à convertir en PDF"
LOCKED_TEXT = (
    "Ce document est verrouillé par un mot de passe : Quorum ne peut ni "
    "l’ouvrir ni le reproduire."
)
HELD = "en cours de vérification antivirus"
HELD_TEXT = (
    "L'antivirus n'a pas encore déclaré ce fichier sain, ou l'a bloqué : il "
    "n'est pas reproduit. Compilez à nouveau le dossier une fois le fichier "
    "vérifié."
)
CONVERTING_TEXT = (
    "La conversion de ce document en PDF n’était pas terminée quand le dossier "
    "a été compilé. Compilez à nouveau le dossier dans quelques minutes."
)


# A text annex longer than this (about 100 pages) is named, not laid out.
MAX_TEXT_BYTES = 300_000
# The previews of images are PNG or JPEG (``previews.images``).
IMAGE_MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff"}


@dataclass(frozen=True)
class Piece:
    """A PDF ready to merge; ``reason`` says why an annex is replaced by a
    page that names it."""

    blob: Blob
    pages: int
    reason: str = ""


def rendered(template: str, context: dict[str, Any]) -> Piece:
    """The PDF of a print template, drawn only if this exact HTML never was."""
    return drawn(pdf.html_of(template, context | {"in_dossier": True}))


def drawn(html: str, css: str | None = None) -> Piece:
    """The PDF of ``html`` (with ``css`` instead of the documents' stylesheet),
    kept per hash of both."""
    source = f"{pdf.style_version()}\n{css or ''}\n{html}"
    key = hashlib.sha256(source.encode()).hexdigest()
    part = RenderedPart.objects.select_related("pdf").filter(key=key).first()
    if part is None:
        data = pdf.pdf_from_html(html, css=css)
        blob = store(io.BytesIO(data))
        with pikepdf.open(io.BytesIO(data)) as document:
            pages = len(document.pages)
        part, _ = RenderedPart.objects.get_or_create(
            key=key, defaults={"pdf": blob, "pages": pages}
        )
        logger.info("dossier part drawn key=%s pages=%s", key[:12], pages)
    return Piece(part.pdf, part.pages)


def annex_piece(annex: Annex, number: str, content: SeanceContent) -> Piece:
    """The annex's PDF, or a page saying why it is not reproduced: never
    silently left out."""
    if not annex.version.blob.is_clean:
        return _not_reproduced(annex, number, content, HELD, HELD_TEXT)
    rendition = _rendition(annex.version.blob_id)
    blob: Blob | None = None
    if rendition.state == Rendition.State.READY and rendition.output is not None:
        blob = rendition.output
    pages = _page_count(blob) if blob is not None else None
    if blob is not None and pages:
        return Piece(blob, pages)
    text = _plain_text(annex) if blob is None else None
    if text is not None:
        return rendered(
            "dossiers/pdf/annexe_texte.html",
            {
                "content": content,
                "number": number,
                "title": annex.document.title,
                "version": annex.version.number,
                "text": text,
            },
        )
    image = _image_of(blob) if blob is not None else None
    if image is not None:
        return rendered(
            "dossiers/pdf/annexe_image.html",
            {
                "content": content,
                "number": number,
                "title": annex.document.title,
                "version": annex.version.number,
                "source": image,
            },
        )

    short, text = _why(rendition)
    return _not_reproduced(annex, number, content, short, text)


def _not_reproduced(
    annex: Annex, number: str, content: SeanceContent, short: str, text: str
) -> Piece:
    piece = rendered(
        "dossiers/pdf/annexe_non_reproduite.html",
        {
            "content": content,
            "number": number,
            "title": annex.document.title,
            "version": annex.version.number,
            "reason_short": short,
            "reason": text,
        },
    )
    return Piece(piece.blob, piece.pages, reason=short)


def _rendition(sha256: str) -> Rendition:
    """The preview of these bytes; made here and now when the previews'
    worker has not come to it yet."""
    rendition = request_rendition(sha256)
    rendition.refresh_from_db()
    if rendition.state == Rendition.State.PENDING:
        from previews.tasks import render_preview  # noqa: PLC0415 - heavy

        render_preview.call(str(rendition.id))
        rendition.refresh_from_db()
    return rendition


def _why(rendition: Rendition) -> tuple[str, str]:
    if rendition.locked:
        return LOCKED, LOCKED_TEXT
    if rendition.is_busy:
        return CONVERTING, CONVERTING_TEXT
    return UNCONVERTIBLE, rendition.reason or (
        "Quorum ne sait pas reproduire ce type de document en PDF : il reste "
        "téléchargeable tel quel."
    )


def _plain_text(annex: Annex) -> str | None:
    """The text of a plain text annex, which has no preview PDF, to lay out
    as pages; ``None`` for anything else, or a text too long or not UTF-8."""
    version = annex.version
    if not version.content_type.startswith("text/plain") or (
        version.blob.size > MAX_TEXT_BYTES
    ):
        return None
    with open_blob(version.blob) as stream:
        data = stream.read()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _image_of(blob: Blob) -> str | None:
    """The preview of an image (``previews.images``: a PNG or a JPEG that
    Pillow drew again) as a ``data:`` URL for WeasyPrint; ``None`` when the
    bytes are no such image or do not decode whole. WeasyPrint lets Pillow
    fill in cut-off images for the whole process (LOAD_TRUNCATED_IMAGES),
    so the image is verified here before it is drawn."""
    from PIL import Image  # noqa: PLC0415 - needed by the worker only

    with open_blob(blob) as stream:
        data = stream.read()
    kind = next((k for k, magic in IMAGE_MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        return None
    try:
        with Image.open(io.BytesIO(data), formats=[kind.upper()]) as checked:
            checked.verify()
        with Image.open(io.BytesIO(data), formats=[kind.upper()]) as image:
            image.load()
    except (OSError, ValueError, SyntaxError):
        logger.warning("dossier image annex unreadable blob=%s", blob.sha256[:12])
        return None
    return f"data:image/{kind};base64,{base64.b64encode(data).decode()}"


def _page_count(blob: Blob) -> int | None:
    """Pages of a stored PDF; ``None`` when it cannot be opened."""
    try:
        with open_blob(blob) as stream:
            data = stream.read()
        with pikepdf.open(io.BytesIO(data)) as document:
            return len(document.pages)
    except pikepdf.PdfError:
        logger.warning("dossier annex unreadable blob=%s", blob.sha256[:12])
        return None
