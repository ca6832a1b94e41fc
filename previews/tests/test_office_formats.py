"""Spreadsheets and slides, the formats the corpus lacks, made here for
real (openpyxl, odfpy, and LibreOffice itself for PowerPoint) and converted
by the real LibreOffice: each gets a PDF that holds its text, and search
finds it."""

import io
import os
import subprocess  # noqa: S404 - LibreOffice makes the PowerPoint file
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from odf.draw import Frame, Page, TextBox
from odf.opendocument import (
    OpenDocumentPresentation,
    OpenDocumentSpreadsheet,
)
from odf.style import (
    MasterPage,
    PageLayout,
    PageLayoutProperties,
    Style,
    TableColumnProperties,
)
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from documents.filetypes import TYPES
from documents.models import Document
from documents.storage import open_blob
from previews.models import Rendition
from previews.tests.conftest import Upload
from quorum.testing import Personas

# One word that nothing else in the test world holds, for the search.
BUDGET_ROWS = [
    ["Ligne", "Montant"],
    ["Subvention kermesse Grenouillère", "1 250"],
    ["Entretien du lavoir communal", "430"],
]
SLIDES = [
    "Projet de cantine scolaire : calendrier",
    "Chantier du préau, livraison en septembre",
]


def xlsx_bytes(rows: list[list[str]], width: float | None = 45) -> bytes:
    """A workbook of one sheet; its first column ``width`` characters wide
    (``None``: the default width, which cuts long text in print)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Budget"
    for row in rows:
        sheet.append(row)
    if width is not None:
        sheet.column_dimensions["A"].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def ods_bytes(rows: list[list[str]], width: str | None = "9cm") -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name="Budget")
    if width is not None:
        wide = Style(name="large", family="table-column")
        wide.addElement(TableColumnProperties(columnwidth=width))
        document.automaticstyles.addElement(wide)
        table.addElement(TableColumn(stylename=wide))
        table.addElement(TableColumn())
    for row in rows:
        line = TableRow()
        for value in row:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            line.addElement(cell)
        table.addElement(line)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def odp_bytes(slides: list[str]) -> bytes:
    document = OpenDocumentPresentation()
    layout = PageLayout(name="Diapositive")
    layout.addElement(
        PageLayoutProperties(
            margin="0cm",
            pagewidth="28cm",
            pageheight="21cm",
            printorientation="landscape",
        )
    )
    document.automaticstyles.addElement(layout)
    master = MasterPage(name="Principal", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    for text in slides:
        page = Page(masterpagename=master)
        frame = Frame(width="24cm", height="4cm", x="2cm", y="3cm")
        box = TextBox()
        box.addElement(P(text=text))
        frame.addElement(box)
        page.addElement(frame)
        document.presentation.addElement(page)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def pptx_bytes(slides: list[str], folder: Path) -> bytes:
    """A PowerPoint file as LibreOffice writes it, from the same slides."""
    source = folder / "diaporama.odp"
    source.write_bytes(odp_bytes(slides))
    profile = folder / "profil-libreoffice"
    subprocess.run(  # noqa: S603 - a fixed program, our own arguments
        [
            "/usr/bin/soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pptx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(folder)},
    )
    return (folder / "diaporama.pptx").read_bytes()


def pdf_text_of(rendition: Rendition) -> str:
    assert rendition.output is not None
    with open_blob(rendition.output) as stream:
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def found(client: Client, personas: Personas, words: str) -> str:
    client.force_login(personas.secretaire)
    response = client.get(reverse("search:results", args=["saint-test"]), {"q": words})
    assert response.status_code == 200
    return response.content.decode()


# How to make each file, its type, the texts its PDF shows, a word to search
# and where Quorum reads its text from: the cells themselves for a
# spreadsheet, the PDF for slides.
DOCUMENT, CONVERSION = Rendition.TextSource.DOCUMENT, Rendition.TextSource.CONVERSION
CELLS = ["Subvention kermesse Grenouillère", "1 250", "Entretien du lavoir communal"]
MAKERS: dict[str, tuple[Callable[[Path], bytes], str, list[str], str, str]] = {
    "budget.xlsx": (
        lambda _: xlsx_bytes(BUDGET_ROWS),
        "xlsx",
        CELLS,
        "kermesse",
        DOCUMENT,
    ),
    "budget.ods": (
        lambda _: ods_bytes(BUDGET_ROWS),
        "ods",
        CELLS,
        "grenouillere",
        DOCUMENT,
    ),
    "diaporama.pptx": (
        lambda folder: pptx_bytes(SLIDES, folder),
        "pptx",
        SLIDES,
        "cantine",
        CONVERSION,
    ),
    "diaporama.odp": (lambda _: odp_bytes(SLIDES), "odp", SLIDES, "préau", CONVERSION),
}


@pytest.mark.parametrize("name", sorted(MAKERS))
def test_a_real_spreadsheet_or_presentation_gets_a_pdf_with_its_text_and_is_found(
    client: Client, personas: Personas, upload: Upload, tmp_path: Path, name: str
) -> None:
    make, code, texts, word, source = MAKERS[name]

    document = upload(name, make(tmp_path))

    version = document.current_version
    assert version is not None
    assert version.content_type == TYPES[code].mime
    rendition = Rendition.objects.select_related("output").get(source=version.blob)
    assert rendition.state == Rendition.State.READY, rendition.reason
    pdf_text = pdf_text_of(rendition)
    for text in texts:
        assert text in pdf_text
        assert text in rendition.text
    assert rendition.text_source == source
    page = found(client, personas, word)
    assert document.title in page
    assert "1 résultat" in page


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("budget.xlsx", xlsx_bytes(BUDGET_ROWS, width=None)),
        ("budget.ods", ods_bytes(BUDGET_ROWS, width=None)),
    ],
)
def test_a_cell_cut_short_in_the_pdf_is_still_found_whole(
    client: Client, personas: Personas, upload: Upload, name: str, content: bytes
) -> None:
    """A column too narrow for its text: the PDF, like the printed page,
    shows the beginning of the cell; its text is read from the cells."""
    document = upload(name, content)

    rendition = Rendition.objects.get(source=document.current_version.blob)
    assert rendition.state == Rendition.State.READY, rendition.reason
    assert "Grenouillère" not in pdf_text_of(rendition)
    assert "Subvention kermesse Grenouillère | 1 250" in rendition.text
    assert document.title in found(client, personas, "grenouillere")


def test_the_document_page_of_a_spreadsheet_shows_its_preview(
    client: Client, personas: Personas, upload: Upload
) -> None:
    document: Document = upload("budget.xlsx", xlsx_bytes(BUDGET_ROWS))
    client.force_login(personas.secretaire)

    page = client.get(document.get_absolute_url()).content.decode()

    assert "Aperçu prêt" in page
    shown = reverse(
        "previews:show",
        kwargs={
            "collectivite": "saint-test",
            "document_id": document.id,
            "version_id": document.current_version_id,
        },
    )
    assert f'data="{shown}"' in page
