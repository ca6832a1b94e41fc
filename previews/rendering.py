"""Turning a stored file into a PDF to look at and its text.

Plain work on files in a scratch folder, with no database: LibreOffice
converts office files, pikepdf opens PDFs (also those encrypted with an
empty password), OCRmyPDF recognises the text of scans into a derived copy.
The caller stores what comes out; the source file is never changed.
"""

import logging
import os
import shutil
import signal
import subprocess  # noqa: S404 - LibreOffice and OCRmyPDF are programs we run
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdf

from documents.filetypes import FileType

logger = logging.getLogger(__name__)

CONVERSION_TIMEOUT = 180  # seconds; a cold LibreOffice takes 2 to 5
OCR_TIMEOUT = 30 * 60
# A page with fewer letters and digits than this, and an image, is a scan.
SCANNED_PAGE_CHARS = 200

# One LibreOffice at a time per process: it refuses to share its profile.
_office_lock = threading.Lock()


class ConversionFailed(Exception):
    """The conversion did not finish; ``str(error)`` is said to people."""


@dataclass
class Result:
    """What a file gave. ``pdf`` is a derived PDF to keep (``None`` when the
    source itself is the preview PDF, or when there is no preview)."""

    available: bool
    reason: str = ""
    locked: bool = False
    pdf: Path | None = None
    source_is_pdf: bool = False
    text: str = ""
    text_source: str = ""


LOCKED = (
    "Ce PDF est verrouillé par un mot de passe : Quorum ne peut pas en montrer "
    "l'aperçu ni en lire le texte. Il reste téléchargeable tel quel."
)
UNREADABLE = (
    "Ce PDF est abîmé ou illisible : Quorum ne peut pas en montrer l'aperçu. "
    "Il reste téléchargeable tel quel."
)
NO_PREVIEW = {
    "image": "Les images n'ont pas d'aperçu PDF : téléchargez-la pour la voir.",
    "archive": "Une archive ZIP n'a pas d'aperçu : téléchargez-la pour l'ouvrir.",
    "locked": (
        "Ce document est protégé par un mot de passe : Quorum ne peut pas en "
        "montrer l'aperçu. Il reste téléchargeable tel quel."
    ),
}


def render(source: Path, filetype: FileType, workdir: Path) -> Result:
    """The preview and text of ``source``, whose type was read from its
    bytes. Raises ``ConversionFailed`` when a tool fails or times out."""
    if filetype.family == "pdf":
        return _render_pdf(source, workdir)
    if filetype.family == "office":
        return _render_office(source, filetype, workdir)
    if filetype.family == "text":
        return Result(available=True, text=_read_text(source), text_source="document")
    return Result(
        available=False,
        reason=NO_PREVIEW[filetype.family],
        locked=filetype.family == "locked",
    )


def _render_pdf(source: Path, workdir: Path) -> Result:
    preview: Path | None = None
    try:
        with pikepdf.open(source) as pdf:
            if pdf.is_encrypted:
                # An empty user password opens it: keep an unlocked copy,
                # which every viewer and later merge can read.
                preview = workdir / "dechiffre.pdf"
                pdf.save(preview)
            images = [_has_image(page.obj) for page in pdf.pages]
    except pikepdf.PasswordError:
        return Result(available=False, reason=LOCKED, locked=True)
    except pikepdf.PdfError:
        return Result(available=False, reason=UNREADABLE)

    readable = preview or source
    pages = pdf_pages(readable)
    if _looks_scanned(pages, images):
        recognised = workdir / "texte-reconnu.pdf"
        ocr(readable, recognised)
        return Result(
            available=True,
            pdf=recognised,
            text=pdf_text(recognised),
            text_source="ocr",
        )
    return Result(
        available=True,
        pdf=preview,
        source_is_pdf=preview is None,
        text=_clean("\n\n".join(pages)),
        text_source="couche_texte",
    )


def _looks_scanned(pages: list[str], images: list[bool]) -> bool:
    """Most pages are images with (almost) no text: a scan to recognise."""
    if not images:
        return False
    if len(pages) != len(images):  # pypdf could not read it: trust the images
        return sum(images) * 2 > len(images)
    scanned = sum(
        1
        for text, image in zip(pages, images, strict=True)
        if image and sum(ch.isalnum() for ch in text) < SCANNED_PAGE_CHARS
    )
    return scanned * 2 > len(images)


def _has_image(obj: pikepdf.Object, depth: int = 0) -> bool:
    if depth > 3:
        return False
    resources = obj.get("/Resources")
    xobjects = resources.get("/XObject") if resources is not None else None
    if xobjects is None:
        return False
    for _, xobject in xobjects.items():
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _has_image(xobject, depth + 1):
            return True
    return False


def pdf_text(path: Path) -> str:
    """The text layer of a PDF, page after page."""
    return _clean("\n\n".join(pdf_pages(path)))


def pdf_pages(path: Path) -> list[str]:
    """The text layer of each page; none when pypdf cannot read the file."""
    try:
        reader = pypdf.PdfReader(path)
        return [page.extract_text() or "" for page in reader.pages]
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on odd files
        logger.warning("pdf text unreadable file=%s", path.name)
        return []


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return _clean(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return _clean(data.decode("cp1252", errors="replace"))


def _clean(text: str) -> str:
    # PostgreSQL refuses NUL in text; nobody reads it anyway.
    return text.replace("\x00", "").strip()


# --- Office files -----------------------------------------------------------


def _render_office(source: Path, filetype: FileType, workdir: Path) -> Result:
    converted = convert_to_pdf(source, filetype, workdir)
    text, text_source = "", ""
    try:
        if filetype.code == "docx":
            text, text_source = docx_text(source), "document"
        elif filetype.code == "odt":
            text, text_source = odt_text(source), "document"
    except Exception:  # noqa: BLE001 - the converted PDF still has the text
        logger.warning("office text unreadable code=%s", filetype.code)
    if not text.strip():
        text, text_source = pdf_text(converted), "conversion"
    return Result(available=True, pdf=converted, text=text, text_source=text_source)


def convert_to_pdf(source: Path, filetype: FileType, workdir: Path) -> Path:
    """A PDF of an office file by a cold, headless LibreOffice.

    TODO(previews): talk to a warm unoserver (0.15 s instead of 2 to 5 s a
    document) when one runs; it needs its own venv under Debian's python3
    with --system-site-packages, which the demo does not set up yet.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionFailed(
            "Le convertisseur LibreOffice n'est pas installé sur le serveur."
        )
    # LibreOffice picks its import filter by the extension: give the real one.
    extension = sorted(filetype.extensions)[0]
    if filetype.code == "rtf":
        extension = ".rtf"
    named = workdir / f"source{extension}"
    shutil.copyfile(source, named)
    outdir = workdir / "pdf"
    command = [
        soffice,
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        f"-env:UserInstallation={_profile_dir().as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(named),
    ]
    with _office_lock:
        _run(command, CONVERSION_TIMEOUT, "la conversion en PDF")
    output = outdir / "source.pdf"
    if not output.is_file() or output.stat().st_size == 0:
        raise ConversionFailed(
            "LibreOffice n'a pas réussi à convertir ce fichier en PDF : il est "
            "peut-être abîmé. Il reste téléchargeable tel quel."
        )
    return output


def _profile_dir() -> Path:
    """A writable LibreOffice profile for this process, kept between
    conversions so that only the first one pays for creating it."""
    path = (
        Path(tempfile.gettempdir()) / f"quorum-libreoffice-{os.getuid()}-{os.getpid()}"
    )
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def ocr(source: Path, output: Path) -> None:
    """Recognise the French text of a scanned PDF into ``output``."""
    ocrmypdf = shutil.which("ocrmypdf")
    if ocrmypdf is None:
        raise ConversionFailed(
            "La reconnaissance de texte (OCRmyPDF) n'est pas installée sur le serveur."
        )
    command = [
        ocrmypdf,
        "--quiet",
        "--language",
        "fra",
        "--output-type",
        "pdf",
        "--force-ocr",
        "--optimize",
        "0",
        str(source),
        str(output),
    ]
    _run(command, OCR_TIMEOUT, "la reconnaissance du texte")
    if not output.is_file():
        raise ConversionFailed("La reconnaissance du texte n'a rien produit.")


def _run(command: list[str], timeout: int, what: str) -> None:
    """Run a tool in its own process group, so that a timeout also ends
    the processes it started (soffice.bin under its launcher)."""
    process = subprocess.Popen(  # noqa: S603 - fixed programs, our own arguments
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "HOME": str(_profile_dir())},
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionFailed(
            f"{what.capitalize()} a pris plus de {timeout // 60} minutes et a été arrêtée."
        ) from error
    if process.returncode != 0:
        logger.warning(
            "tool failed program=%s code=%s stderr=%s",
            Path(command[0]).name,
            process.returncode,
            stderr[-500:].decode("utf-8", "replace"),
        )
        raise ConversionFailed(f"{what.capitalize()} a échoué.")


# --- Text of office documents -------------------------------------------------


def docx_text(path: Path) -> str:
    """Paragraphs and table rows of a DOCX, in the order of the document."""
    import docx  # noqa: PLC0415 - heavy, needed by the worker only
    from docx.table import Table  # noqa: PLC0415

    document = docx.Document(str(path))
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells = [cell.text.strip() for cell in row.cells]
                lines.append(" | ".join(cell for cell in cells if cell))
        else:
            lines.append(block.text)
    return _clean("\n".join(lines))


def odt_text(path: Path) -> str:
    """Headings and paragraphs of an ODT, in the order of the document;
    the spans that split words ("D écret") are joined back."""
    from odf import teletype  # noqa: PLC0415
    from odf.namespaces import TEXTNS  # noqa: PLC0415
    from odf.opendocument import load  # noqa: PLC0415

    wanted = {(TEXTNS, "h"), (TEXTNS, "p")}
    lines: list[str] = []

    def walk(node: object) -> None:
        for child in getattr(node, "childNodes", []):
            if getattr(child, "qname", None) in wanted:
                lines.append(teletype.extractText(child))
            else:
                walk(child)

    walk(load(str(path)).text)
    return _clean("\n".join(lines))
