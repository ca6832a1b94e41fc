"""Turning a stored file into a PDF to look at and its text.

Plain work on files in a scratch folder, with no database: LibreOffice
converts office files (a warm one, see ``previews.unoserver``), pikepdf opens
PDFs (also those encrypted with an empty password), OCRmyPDF recognises the
text of scans into a derived copy, Pillow draws images again. The caller
stores what comes out; the source file is never changed.
"""

import logging
import os
import shutil
import signal
import subprocess  # noqa: S404 - LibreOffice and OCRmyPDF are programs we run
import tempfile
import threading
import warnings
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pypdf

from documents.filetypes import FileType
from previews import images, unoserver

logger = logging.getLogger(__name__)

# Seconds; a warm LibreOffice takes under one, a cold one 1 to 5, a long
# document more.
CONVERSION_TIMEOUT = 180
OCR_TIMEOUT = 30 * 60
# A page with fewer letters and digits than this, and an image, is a scan.
SCANNED_PAGE_CHARS = 200

# One cold LibreOffice at a time per process: it refuses to share its profile.
_office_lock = threading.Lock()
# Why conversions went cold in this process, each said once in the log.
_cold_reasons: set[str] = set()


class ConversionFailed(Exception):
    """The conversion did not finish; ``str(error)`` is said to people."""


@dataclass
class Result:
    """What a file gave. ``pdf`` is a derived PDF to keep (``None`` when the
    source itself is the preview PDF, or when there is no preview);
    ``image`` the preview of an image, a PNG or JPEG drawn again."""

    available: bool
    reason: str = ""
    locked: bool = False
    pdf: Path | None = None
    image: Path | None = None
    source_is_pdf: bool = False
    text: str = ""
    text_source: str = ""


NOT_CONVERTED = (
    "LibreOffice n'a pas réussi à convertir ce fichier en PDF : il est "
    "peut-être abîmé. Il reste téléchargeable tel quel."
)
CRASHED = (
    "LibreOffice s'est arrêté en convertissant ce fichier en PDF : il est "
    "peut-être abîmé. Il reste téléchargeable tel quel."
)
LOCKED = (
    "Ce PDF est verrouillé par un mot de passe : Quorum ne peut pas en montrer "
    "l'aperçu ni en lire le texte. Il reste téléchargeable tel quel."
)
UNREADABLE = (
    "Ce PDF est abîmé ou illisible : Quorum ne peut pas en montrer l'aperçu. "
    "Il reste téléchargeable tel quel."
)
NO_PREVIEW = {
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
    if filetype.family == "image":
        try:
            return Result(
                available=True, image=images.draw(source, filetype.code, workdir)
            )
        except images.NotDrawn as why:
            return Result(available=False, reason=str(why))
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
    # Read from the file itself where Python can: the PDF loses what does
    # not fit on the page, such as a spreadsheet's cell wider than its column.
    readers = {
        "docx": docx_text,
        "odt": odt_text,
        "xlsx": xlsx_text,
        "ods": ods_text,
    }
    try:
        if filetype.code in readers:
            text, text_source = readers[filetype.code](source), "document"
    except Exception:  # noqa: BLE001 - the converted PDF still has the text
        logger.warning("office text unreadable code=%s", filetype.code)
    if not text.strip():
        text, text_source = pdf_text(converted), "conversion"
    return Result(available=True, pdf=converted, text=text, text_source=text_source)


def convert_to_pdf(source: Path, filetype: FileType, workdir: Path) -> Path:
    """A PDF of an office file, by this process's warm LibreOffice, or by a
    cold one when there is none (its environment was not made)."""
    named = _named_copy(source, filetype, workdir)
    outdir = workdir / "pdf"
    outdir.mkdir(exist_ok=True)
    output = outdir / "source.pdf"
    try:
        unoserver.convert(named, output, CONVERSION_TIMEOUT)
    except unoserver.Unavailable as why:
        _say_cold_once(str(why))
        _convert_cold(named, outdir)
    except unoserver.TimedOut as error:
        raise ConversionFailed(
            f"La conversion en PDF a pris {_more_than(CONVERSION_TIMEOUT)} "
            "et a été arrêtée. Le fichier reste téléchargeable tel quel."
        ) from error
    except unoserver.Crashed as error:
        raise ConversionFailed(CRASHED) from error
    except unoserver.Refused as error:
        raise ConversionFailed(NOT_CONVERTED) from error
    if not output.is_file() or output.stat().st_size == 0:
        raise ConversionFailed(NOT_CONVERTED)
    return output


def _named_copy(source: Path, filetype: FileType, workdir: Path) -> Path:
    # LibreOffice picks its import filter by the extension: give the real one.
    extension = sorted(filetype.extensions)[0]
    if filetype.code == "rtf":
        extension = ".rtf"
    named = workdir / f"source{extension}"
    shutil.copyfile(source, named)
    return named


def _say_cold_once(why: str) -> None:
    if why not in _cold_reasons:
        _cold_reasons.add(why)
        logger.warning("office conversion without unoserver, cold reason=%s", why)


def _convert_cold(named: Path, outdir: Path) -> None:
    """A cold, headless LibreOffice for one file."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionFailed(
            "Le convertisseur LibreOffice n'est pas installé sur le serveur."
        )
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


def _run(command: list[str], timeout: float, what: str) -> None:
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
            f"{what.capitalize()} a pris {_more_than(timeout)} et a été arrêtée."
        ) from error
    if process.returncode != 0:
        logger.warning(
            "tool failed program=%s code=%s stderr=%s",
            Path(command[0]).name,
            process.returncode,
            stderr[-500:].decode("utf-8", "replace"),
        )
        raise ConversionFailed(f"{what.capitalize()} a échoué.")


def _more_than(seconds: float) -> str:
    """A time limit in words: "plus de 3 minutes"."""
    if seconds >= 120:
        return f"plus de {seconds // 60:.0f} minutes"
    if seconds >= 2:
        return f"plus de {seconds:.0f} secondes"
    return "plus d'une seconde"


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


def xlsx_text(path: Path) -> str:
    """The cells of every sheet of an XLSX, row by row; a formula gives
    the value Excel saved with it."""
    import openpyxl  # noqa: PLC0415

    lines: list[str] = []
    # openpyxl goes by the name's extension, which the stored file has not.
    with path.open("rb") as stream, warnings.catch_warnings():
        # What openpyxl does not support (data validation, extensions) is
        # told as a warning, and does not matter to the text.
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        try:
            for sheet in workbook.worksheets:
                lines.append(sheet.title)
                for row in sheet.iter_rows(values_only=True):
                    cells = [str(value).strip() for value in row if value is not None]
                    if any(cells):
                        lines.append(" | ".join(cell for cell in cells if cell))
        finally:
            workbook.close()
    return _clean("\n".join(lines))


def ods_text(path: Path) -> str:
    """The cells of every sheet of an ODS, row by row."""
    from odf import teletype  # noqa: PLC0415
    from odf.opendocument import load  # noqa: PLC0415
    from odf.table import Table, TableCell, TableRow  # noqa: PLC0415

    lines: list[str] = []
    for table in load(str(path)).spreadsheet.getElementsByType(Table):
        lines.append(str(table.getAttribute("name") or ""))
        for row in table.getElementsByType(TableRow):
            cells = [
                teletype.extractText(cell).strip()
                for cell in row.getElementsByType(TableCell)
            ]
            if any(cells):
                lines.append(" | ".join(cell for cell in cells if cell))
    return _clean("\n".join(lines))
