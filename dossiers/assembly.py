"""Putting a dossier de séance together: cover, contents, drafts, annexes.

The pieces come from ``dossiers.parts`` (reused between builds); only the
cover with its table of contents and the page footers are drawn each time,
since their page numbers depend on everything else.
"""

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from django.template.loader import render_to_string

from documents.storage import open_blob
from dossiers.content import SeanceContent
from dossiers.parts import Piece, annex_piece, drawn, rendered

logger = logging.getLogger(__name__)

# Shorter than a tall page's bottom margin, above most annexes' own footers.
FOOTER_HEIGHT = 14
FOOTER_BOTTOM = 16


@dataclass
class Entry:
    """One line of the table of contents and one bookmark."""

    number: str
    title: str
    piece: Piece
    is_annex: bool = False
    is_sub_point: bool = False
    page: int = 0
    annexes: list["Entry"] = field(default_factory=list)

    @property
    def reason(self) -> str:
        return self.piece.reason


def collect(
    content: SeanceContent, progress: Callable[[int], None] | None = None
) -> list[Entry]:
    """Every point's draft then its annexes, in agenda order; ``progress``
    hears the number of pieces done after each one."""
    entries: list[Entry] = []
    done = 0
    for point in content.points:
        draft = rendered(
            "dossiers/pdf/point.html", {"content": content, "point": point}
        )
        entry = Entry(
            point.number, point.item.title, draft, is_sub_point=point.is_sub_point
        )
        done += 1
        if progress:
            progress(done)
        for annex in point.annexes:
            entry.annexes.append(
                Entry(
                    point.number,
                    annex.document.title,
                    annex_piece(annex, point.number, content),
                    is_annex=True,
                )
            )
            done += 1
            if progress:
                progress(done)
        entries.append(entry)
    return entries


def pieces_count(content: SeanceContent) -> int:
    return sum(1 + len(point.annexes) for point in content.points)


def assemble(
    content: SeanceContent, entries: list[Entry], target: Path, *, public: bool
) -> int:
    """Write the merged, bookmarked, numbered dossier to ``target``; returns
    its number of pages."""
    front = _front(content, entries, public=public)
    with pikepdf.Pdf.new() as merged:
        sources: list[pikepdf.Pdf] = []
        try:
            _append(merged, sources, front)
            for entry in entries:
                _append(merged, sources, entry.piece)
                for annex in entry.annexes:
                    _append(merged, sources, annex.piece)
            _outline(merged, entries)
            _stamp(merged)
            merged.docinfo["/Title"] = (
                f"Dossier de séance — {content.seance.title} du {content.when}"
            )
            merged.docinfo["/Creator"] = "Quorum"
            merged.save(target)
            return len(merged.pages)
        finally:
            for source in sources:
                source.close()


def _front(content: SeanceContent, entries: list[Entry], *, public: bool) -> Piece:
    """The cover and the table of contents, whose own length shifts every
    page number after it: drawn again until it stops changing."""
    front_pages = 2
    for _ in range(4):
        page = front_pages + 1
        for entry in entries:
            entry.page = page
            page += entry.piece.pages
            for annex in entry.annexes:
                annex.page = page
                page += annex.piece.pages
        piece = rendered(
            "dossiers/pdf/sommaire.html",
            {
                "content": content,
                "entries": _lines(entries),
                "public": public,
                "variant_label": (
                    "dossier public" if public else "dossier des conseillers"
                ),
            },
        )
        if piece.pages == front_pages:
            return piece
        front_pages = piece.pages
    raise RuntimeError("Le sommaire ne trouve pas sa longueur.")


def _lines(entries: list[Entry]) -> list[Entry]:
    return [line for entry in entries for line in (entry, *entry.annexes)]


def _append(merged: pikepdf.Pdf, sources: list[pikepdf.Pdf], piece: Piece) -> None:
    with open_blob(piece.blob) as stream:
        data = stream.read()
    source = pikepdf.open(io.BytesIO(data))
    sources.append(source)
    merged.pages.extend(source.pages)


def _outline(merged: pikepdf.Pdf, entries: list[Entry]) -> None:
    """A bookmark per point, its annexes under it, and each sub-point (1.1)
    under its point, after that point's own annexes."""
    with merged.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Sommaire", 1))
        parent: pikepdf.OutlineItem | None = None
        for entry in entries:
            item = pikepdf.OutlineItem(f"{entry.number}. {entry.title}", entry.page - 1)
            for annex in entry.annexes:
                label = f"Annexe : {annex.title}"
                if annex.reason:
                    label += f" (non reproduite : {annex.reason})"
                item.children.append(pikepdf.OutlineItem(label, annex.page - 1))
            if entry.is_sub_point and parent is not None:
                parent.children.append(item)
            else:
                outline.root.append(item)
                parent = item


def _stamp(merged: pikepdf.Pdf) -> None:
    """« page X / N » on every page, annexes included: one overlay PDF drawn
    by WeasyPrint with a page of each page's size, laid over as a form."""
    sizes = [_size(page) for page in merged.pages]
    names = {size: f"s{size[0]}x{size[1]}" for size in set(sizes)}
    css = [
        "@page { margin: 0; }",
        ".pied { break-after: page; }",
        ".pied:last-child { break-after: auto; }",
        ".numero-page { margin: 0; text-align: center; font-family: Quorum, "
        f"'DejaVu Sans', sans-serif; font-size: 8.5pt; height: {FOOTER_HEIGHT}pt; "
        f"line-height: {FOOTER_HEIGHT}pt; }}",
    ]
    for (width, height), name in names.items():
        css.append(f"@page {name} {{ size: {width}pt {height}pt; margin: 0; }}")
        css.append(f".pied.{name} {{ page: {name}; height: {height - 2}pt; }}")
        css.append(
            f".vide.{name} {{ height: {height - FOOTER_HEIGHT - FOOTER_BOTTOM}pt; }}"
        )
    html = render_to_string(
        "dossiers/pdf/pieds.html", {"pages": [{"size": names[s]} for s in sizes]}
    )
    # Kept like any part: the same number and sizes of pages reuse it.
    # TODO(dossier-stamp-speed): WeasyPrint lays out about 50 footer pages a
    # second; when the page count changes, a 400-page dossier waits ~8 s here.
    # Writing the footers straight into content streams would take
    # milliseconds, at the cost of a standard PDF font instead of Marianne.
    footers = drawn(html, css="\n".join(css))
    with open_blob(footers.blob) as stream:
        overlay_bytes = stream.read()
    with pikepdf.open(io.BytesIO(overlay_bytes)) as overlay:
        if len(overlay.pages) != len(merged.pages):
            raise RuntimeError(
                f"{len(overlay.pages)} pieds de page pour {len(merged.pages)} pages"
            )
        for page, footer in zip(merged.pages, overlay.pages, strict=True):
            # TODO(dossier-rotation): a page turned by /Rotate gets its footer
            # along its unrotated bottom edge.
            page.add_overlay(footer, pikepdf.Rectangle(page.trimbox))


def _size(page: pikepdf.Page) -> tuple[int, int]:
    box = page.trimbox
    return (round(float(box[2] - box[0])), round(float(box[3] - box[1])))
