"""What a file really is, read from its bytes, and whether Quorum takes it.

A file's name says what its sender believes; its first bytes say what it
is. Quorum trusts the bytes: an extension that disagrees with them is
refused, as is anything a browser would run (web pages, SVG images,
scripts), so that a shared file can never act on behalf of its reader.
Office formats built on ZIP are told apart by their inner structure, and
refused when they would unpack to far more than they weigh (a "zip bomb"):
the sizes their headers declare are checked, then their entries are really
unpacked, in a stream that stops at the first limit passed, since headers
can lie.
"""

import bz2
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Protocol

from django.core.exceptions import ValidationError

HEAD = 64 * 1024
CHUNK = 1024 * 1024

# A ZIP whose contents would unpack past either limit is refused: office
# files of a commune unpack to a few megabytes at 5 to 30 times their size.
MAX_UNPACKED = 300 * 1024 * 1024
MAX_RATIO = 150
MAX_MEMBERS = 10_000
# Read and unpacked a piece at a time: memory stays bounded whatever the file.
ZIP_READ = 64 * 1024
ZIP_READ_PAST = 4 * 1024
ZIP_UNPACK = 1024 * 1024

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class FileType:
    code: str
    label: str
    mime: str
    extensions: frozenset[str]
    # "pdf", "office", "image", "text" or "archive": what a preview can do.
    family: str

    @property
    def with_article(self) -> str:
        """The label as a sentence says it: « un PDF », « une image PNG »,
        « du texte »."""
        return with_article(self.label)


FEMININE = ("présentation", "image", "archive")


def with_article(label: str) -> str:
    if label == "texte":
        return "du texte"
    if label.startswith(FEMININE):
        return f"une {label}"
    return f"un {label}"


def _type(code: str, label: str, mime: str, exts: str, family: str) -> FileType:
    return FileType(code, label, mime, frozenset(exts.split()), family)


TYPES: dict[str, FileType] = {
    t.code: t
    for t in [
        _type("pdf", "PDF", "application/pdf", ".pdf", "pdf"),
        _type(
            "docx",
            "document Word (.docx)",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx .dotx",
            "office",
        ),
        _type(
            "xlsx",
            "tableur Excel (.xlsx)",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx .xltx",
            "office",
        ),
        _type(
            "pptx",
            "présentation PowerPoint (.pptx)",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx .ppsx",
            "office",
        ),
        _type(
            "odt",
            "document OpenDocument (.odt)",
            "application/vnd.oasis.opendocument.text",
            ".odt .ott",
            "office",
        ),
        _type(
            "ods",
            "tableur OpenDocument (.ods)",
            "application/vnd.oasis.opendocument.spreadsheet",
            ".ods .ots",
            "office",
        ),
        _type(
            "odp",
            "présentation OpenDocument (.odp)",
            "application/vnd.oasis.opendocument.presentation",
            ".odp",
            "office",
        ),
        _type(
            "doc",
            "document Word 97-2003 (.doc)",
            "application/msword",
            ".doc .dot",
            "office",
        ),
        _type(
            "xls",
            "tableur Excel 97-2003 (.xls)",
            "application/vnd.ms-excel",
            ".xls",
            "office",
        ),
        _type(
            "ppt",
            "présentation PowerPoint 97-2003 (.ppt)",
            "application/vnd.ms-powerpoint",
            ".ppt .pps",
            "office",
        ),
        # Word saves RTF under a .doc name too.
        _type("rtf", "document RTF", "application/rtf", ".rtf .doc", "office"),
        _type("png", "image PNG", "image/png", ".png", "image"),
        _type("jpeg", "image JPEG", "image/jpeg", ".jpg .jpeg .jpe", "image"),
        _type("gif", "image GIF", "image/gif", ".gif", "image"),
        _type("webp", "image WebP", "image/webp", ".webp", "image"),
        _type("tiff", "image TIFF", "image/tiff", ".tif .tiff", "image"),
        _type("zip", "archive ZIP", "application/zip", ".zip", "archive"),
        # An OOXML file locked by a password is an OLE2 container: kept and
        # downloadable, never previewed.
        _type(
            "locked-office",
            "document Office protégé par un mot de passe",
            "application/octet-stream",
            ".docx .xlsx .pptx .doc .xls .ppt",
            "locked",
        ),
        _type("csv", "tableau CSV", "text/csv", ".csv .tsv", "text"),
        # Plain text under any of the names people give it; never HTML.
        _type(
            "text",
            "texte",
            "text/plain",
            ".txt .text .md .csv .tsv .json .xml .ics .log",
            "text",
        ),
    ]
}

# Names that a browser would run or render as a page: refused whatever
# their content, since a mistaken "open with" would run them.
DANGEROUS_EXTENSIONS = frozenset(
    [
        ".html",
        ".htm",
        ".xhtml",
        ".shtml",
        ".svg",
        ".svgz",
        ".js",
        ".mjs",
        ".hta",
        ".xht",
        ".php",
        ".exe",
        ".msi",
        ".bat",
        ".cmd",
        ".com",
        ".scr",
        ".ps1",
        ".vbs",
        ".jar",
        ".sh",
        ".docm",
        ".dotm",
        ".xlsm",
        ".xltm",
        ".pptm",
        ".ppsm",
    ]
)
# Markers of markup that a browser would treat as a page or run.
ACTIVE_MARKERS = (
    b"<script",
    b"<html",
    b"<!doctype html",
    b"<svg",
    b"<iframe",
    b"javascript:",
)


class Refused(ValidationError):
    """The file is not taken; ``message`` says why, in plain French."""


def extension_of(filename: str) -> str:
    name = filename.lower().strip()
    return "." + name.rsplit(".", 1)[1] if "." in name else ""


def identify(stream: IO[bytes], filename: str) -> FileType:
    """The type of the file read from its bytes, checked against its name.

    Raises ``Refused`` with a message for the person who sent the file
    when Quorum does not take it. Leaves the stream at its start.
    """
    extension = extension_of(filename)
    if extension in DANGEROUS_EXTENSIONS:
        raise Refused(
            f"Les fichiers « {extension} » ne sont pas acceptés : ils peuvent "
            "contenir des programmes. Envoyez plutôt un PDF ou un document bureautique."
        )
    stream.seek(0)
    head = stream.read(HEAD)
    stream.seek(0)
    found = _sniff(stream, head)
    stream.seek(0)
    if found is None:
        raise Refused(
            "Ce type de fichier n'est pas accepté. Quorum accepte les PDF, les "
            "documents Word, Excel, PowerPoint et OpenDocument, les images, le "
            "texte, les tableaux CSV et les archives ZIP."
        )
    if found.code == "text" and extension in TYPES["csv"].extensions:
        found = TYPES["csv"]
    if extension and extension not in found.extensions:
        raise Refused(
            f"Le nom du fichier se termine par « {extension} » mais son contenu "
            f"est {found.with_article}. Renommez-le avec la bonne extension ou "
            "envoyez le bon fichier."
        )
    return found


def _sniff(stream: IO[bytes], head: bytes) -> FileType | None:
    if b"%PDF-" in head[:1024]:
        return TYPES["pdf"]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _sniff_zip(stream)
    if head.startswith(OLE2):
        return _sniff_ole2(stream)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return TYPES["png"]
    if head.startswith(b"\xff\xd8\xff"):
        return TYPES["jpeg"]
    if head.startswith((b"GIF87a", b"GIF89a")):
        return TYPES["gif"]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return TYPES["webp"]
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return TYPES["tiff"]
    if head.startswith(b"{\\rtf"):
        return TYPES["rtf"]
    if _is_text(head):
        _refuse_active(stream)
        return TYPES["text"]
    return None


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut by the end of the sample is still text.
        if error.start < len(head) - 4:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                return False
    controls = sum(1 for byte in head if byte < 32 and byte not in b"\t\n\r\f")
    return controls <= len(head) // 100


def _refuse_active(stream: IO[bytes]) -> None:
    """Text that a browser would run as a page is refused, wherever the
    marker sits in the file."""
    tail = b""
    while chunk := stream.read(CHUNK):
        window = (tail + chunk).lower()
        if any(marker in window for marker in ACTIVE_MARKERS):
            raise Refused(
                "Ce fichier contient une page web, une image SVG ou un script : "
                "pour la sécurité de tous, il n'est pas accepté. Envoyez-le en PDF."
            )
        tail = window[-32:]


def _sniff_zip(stream: IO[bytes]) -> FileType:
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Refused(DAMAGED_ZIP) from error
    _refuse_bomb(members)
    _refuse_real_bomb(stream, members)
    names = {member.filename for member in members}
    if "mimetype" in names:
        mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
        for code in ("odt", "ods", "odp"):
            if mimetype == TYPES[code].mime:
                return TYPES[code]
    if "[Content_Types].xml" in names:
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise Refused(
                "Ce document contient des macros (des programmes) : il n'est pas "
                "accepté. Enregistrez-le sans macros (.docx, .xlsx…) puis renvoyez-le."
            )
        for code, part in (
            ("docx", "word/document.xml"),
            ("xlsx", "xl/workbook.xml"),
            ("pptx", "ppt/presentation.xml"),
        ):
            if part in names:
                return TYPES[code]
    return TYPES["zip"]


DAMAGED_ZIP = (
    "Ce fichier compressé est abîmé et ne peut pas être ouvert : "
    "enregistrez-le de nouveau puis renvoyez-le."
)
ZIP_BOMB = (
    "Ce fichier compressé se décompresse en un volume anormalement grand : "
    "par sécurité, il n'est pas accepté."
)
UNKNOWN_COMPRESSION = (
    "Ce fichier compressé utilise une méthode de compression que Quorum ne sait "
    "pas vérifier : recompressez-le au format ZIP ordinaire puis renvoyez-le."
)


def _refuse_bomb(members: list[zipfile.ZipInfo]) -> None:
    """By the sizes the headers declare: cheap, and enough for an honest file."""
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if (
        len(members) > MAX_MEMBERS
        or unpacked > MAX_UNPACKED
        or unpacked / packed > MAX_RATIO
    ):
        raise Refused(ZIP_BOMB)


def _refuse_real_bomb(stream: IO[bytes], members: list[zipfile.ZipInfo]) -> None:
    """By what the entries really unpack to, whatever their headers say.

    Every entry is unpacked from where its data starts until its compressed
    stream ends, the output counted and thrown away, and the whole stops as
    soon as it passes a limit: at most ``MAX_UNPACKED`` bytes are made, and
    the file is read about once. Entries that share their bytes (one stream
    listed many times over) read more than the file holds: refused too.
    """
    stream.seek(0, 2)
    size = stream.tell()
    budget = _Budget(unpacked=min(MAX_UNPACKED, MAX_RATIO * size), packed=size)
    for member in members:
        if member.flag_bits & 0x1:
            # Encrypted: nothing in Quorum can unpack it without its password.
            continue
        start = _data_start(stream, member)
        if member.compress_type == zipfile.ZIP_STORED:
            budget.spend(packed=member.compress_size, unpacked=member.compress_size)
            continue
        if member.compress_type == zipfile.ZIP_DEFLATED:
            decompressor: _Decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
        elif member.compress_type == zipfile.ZIP_BZIP2:
            decompressor = bz2.BZ2Decompressor()
        else:
            raise Refused(UNKNOWN_COMPRESSION)
        try:
            _unpack(stream, start, member.compress_size, decompressor, budget)
        except (zlib.error, OSError, EOFError) as error:
            raise Refused(DAMAGED_ZIP) from error
    if budget.unpacked_so_far > MAX_RATIO * max(budget.packed_so_far, 1):
        raise Refused(ZIP_BOMB)


class _Decompressor(Protocol):
    """What the decompressors of zlib and bz2 have in common."""

    @property
    def eof(self) -> bool: ...
    @property
    def unused_data(self) -> bytes: ...
    def decompress(self, data: bytes, max_length: int = ..., /) -> bytes: ...


class _Budget:
    """What the entries of one archive may still read and make."""

    def __init__(self, *, unpacked: int, packed: int) -> None:
        self.unpacked = unpacked
        self.packed = packed
        self.unpacked_so_far = 0
        self.packed_so_far = 0

    def spend(self, *, packed: int = 0, unpacked: int = 0) -> None:
        self.packed_so_far += packed
        self.unpacked_so_far += unpacked
        if self.unpacked_so_far > self.unpacked or self.packed_so_far > self.packed:
            raise Refused(ZIP_BOMB)


# Signature, 22 bytes of versions, dates, CRC and sizes (not trusted), then
# the lengths of the name and of the extra field that come before the data.
_LOCAL_HEADER = struct.Struct("<4s22xHH")


def _data_start(stream: IO[bytes], member: zipfile.ZipInfo) -> int:
    """Where an entry's compressed bytes begin, after its local header."""
    stream.seek(member.header_offset)
    header = stream.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise Refused(DAMAGED_ZIP)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04":
        raise Refused(DAMAGED_ZIP)
    return member.header_offset + _LOCAL_HEADER.size + name_length + extra_length


def _unpack(
    stream: IO[bytes],
    start: int,
    declared: int,
    decompressor: _Decompressor,
    budget: _Budget,
) -> None:
    """Unpack one compressed stream to its end (or to the end of the file,
    for a stream cut short), counting what it makes as it goes and, at the
    end, the compressed bytes it was made of.

    The ``declared`` compressed size only sizes the reads, so that an honest
    file is read once: past it, the stream goes on in small pieces."""
    stream.seek(start)
    read = 0
    pending = b""
    while not decompressor.eof:
        # zlib hands back the input it did not use yet; bz2 keeps it and
        # says when it needs more.
        if not pending and getattr(decompressor, "needs_input", True):
            wanted = declared - read if read < declared else ZIP_READ_PAST
            pending = stream.read(min(wanted, ZIP_READ))
            if not pending:
                break
            read += len(pending)
        made = decompressor.decompress(pending, ZIP_UNPACK)
        budget.spend(unpacked=len(made))
        pending = getattr(decompressor, "unconsumed_tail", b"")
    budget.spend(packed=read - len(pending) - len(decompressor.unused_data))


# Stream names of the OLE2 directory, in UTF-16: which program wrote the file.
_OLE2_STREAMS = (
    ("doc", "WordDocument".encode("utf-16-le")),
    ("xls", "Workbook".encode("utf-16-le")),
    ("ppt", "PowerPoint Document".encode("utf-16-le")),
    ("xls", b"B\x00o\x00o\x00k\x00\x00\x00"),
)
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _sniff_ole2(stream: IO[bytes]) -> FileType:
    """A Word, Excel or PowerPoint 97-2003 file, by the names in its
    directory; an OOXML file locked by a password is an OLE2 container too."""
    tail = b""
    while chunk := stream.read(CHUNK):
        window = tail + chunk
        if _ENCRYPTED_PACKAGE in window:
            return TYPES["locked-office"]
        for code, name in _OLE2_STREAMS:
            if name in window:
                return TYPES[code]
        tail = window[-64:]
    raise Refused(
        "Ce fichier Office ancien n'est ni un document Word, ni un tableur Excel, "
        "ni une présentation PowerPoint : il n'est pas accepté."
    )
