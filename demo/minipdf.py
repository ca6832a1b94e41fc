"""A one-page PDF of plain text, written by hand: the demo needs a few PDFs
and must run with nothing installed, so no PDF library is involved."""

import textwrap
from collections.abc import Sequence

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 56
LINE_WIDTH = 90  # characters of 11 pt Helvetica that fit between the margins
MAX_LINES = 60


def simple_pdf(title: str, lines: Sequence[str]) -> bytes:
    """A valid PDF 1.4: the title in bold, then the lines, on one A4 page.

    Text uses the standard Helvetica fonts in WinAnsiEncoding, which covers
    French; a character outside it is printed as "?"."""
    wrapped = [
        part for line in lines for part in (textwrap.wrap(line, LINE_WIDTH) or [""])
    ][:MAX_LINES]
    commands = [
        "BT",
        f"/F2 15 Tf {MARGIN} {PAGE_HEIGHT - MARGIN - 15} Td 18 TL",
        f"({_escape(title)}) Tj",
        "/F1 11 Tf 14 TL T* T*",
        *(f"({_escape(line)}) Tj T*" for line in wrapped),
        "ET",
    ]
    stream = "\n".join(commands).encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
            "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>"
        ).encode(),
        _font("Helvetica"),
        _font("Helvetica-Bold"),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title " + _text_string(title) + b" /Producer (Quorum demo) >>",
    ]
    return _assemble(objects, root=1, info=7)


def _font(name: str) -> bytes:
    return (
        f"<< /Type /Font /Subtype /Type1 /BaseFont /{name} "
        "/Encoding /WinAnsiEncoding >>"
    ).encode()


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _text_string(text: str) -> bytes:
    """A PDF text string in UTF-16 with its byte order mark, as hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _assemble(objects: list[bytes], *, root: int, info: int) -> bytes:
    # The binary comment line tells transfer tools that the file is binary.
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\n" % (
        len(objects) + 1,
        root,
        info,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
