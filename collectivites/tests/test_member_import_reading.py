"""Reading a member list: encodings, separators, headers, XLSX, not-a-table."""

import io
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from collectivites.member_import import (
    Existing,
    NotATable,
    Settings,
    build_preview,
    guess_columns,
    read_table,
)
from domain.roles import Role, Status

TODAY = date(2026, 12, 3)

FRENCH_LIST = (
    "Nom;Prénom;Courriel;Téléphone;Fonction\n"
    "MUNINGER;Anne-Marie;am.muninger@example.test;06 12 34 56 78;3e adjointe\n"
    "LÉCESTRE;Maryline;m.lecestre@example.test;03 84 56 78 90;Conseillère municipale\n"
)


def preview_of(data: bytes, kind: Status = Status.ELU) -> tuple:
    table = read_table(data)
    has_header, mapping = guess_columns(table)
    settings = Settings(
        kind=kind,
        default_role=Role.CONSEILLER if kind == Status.ELU else Role.AGENT,
        started_on=date(2020, 5, 25),
        has_header=has_header,
        mapping=mapping,
    )
    return table, build_preview(table, settings, Existing(), TODAY)


def xlsx(rows: list[list[object]], sheets: int = 1) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Élus"
    for row in rows:
        sheet.append(row)
    for index in range(1, sheets):
        book.create_sheet(f"Feuille {index + 1}").append(["autre chose"])
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_utf8_list_is_read_with_its_header_and_french_column_names() -> None:
    table, preview = preview_of(FRENCH_LIST.encode("utf-8"))

    assert (table.encoding, table.separator, table.file_format) == ("UTF-8", ";", "CSV")
    assert preview.settings.has_header
    assert preview.settings.mapping == (
        "last_name",
        "first_name",
        "email",
        "phone",
        "role",
    )
    first, second = preview.rows
    assert (first.line, first.member.full_name, first.member.role) == (
        2,
        "Anne-Marie MUNINGER",
        Role.ADJOINT,
    )
    assert (second.line, second.member.last_name, second.member.role) == (
        3,
        "LÉCESTRE",
        Role.CONSEILLER,
    )
    assert all(row.ready for row in preview.rows)


def test_utf8_bom_is_recognised_and_not_kept_in_the_first_column_name() -> None:
    table, preview = preview_of(b"\xef\xbb\xbf" + FRENCH_LIST.encode("utf-8"))

    assert table.encoding == "UTF-8 avec BOM"
    assert table.lines[0].cells[0] == "Nom"
    assert preview.settings.mapping[0] == "last_name"


def test_windows_1252_list_from_an_old_excel_keeps_its_accents() -> None:
    table, preview = preview_of(FRENCH_LIST.encode("cp1252"))

    assert table.encoding == "Windows-1252"
    assert preview.rows[1].member.last_name == "LÉCESTRE"
    assert preview.header[1] == "Prénom"


def test_excel_unicode_text_is_utf16_with_tabs() -> None:
    text = FRENCH_LIST.replace(";", "\t").replace("\n", "\r\n")
    table, preview = preview_of(text.encode("utf-16"))

    assert (table.encoding, table.separator) == ("UTF-16", "\t")
    assert len(preview.ready_rows) == 2


def test_comma_separated_list_with_quoted_commas_is_split_on_commas() -> None:
    data = (
        "Prénom,Nom,E-mail,Délégation,Rôle\n"
        'David,TRIPOGNEY,d.tripogney@example.test,"Administration, urbanisme",1er adjoint\n'
    ).encode()

    table, preview = preview_of(data)

    assert table.separator == ","
    assert preview.rows[0].member.delegation == "Administration, urbanisme"
    assert preview.rows[0].ready


def test_a_quoted_field_on_several_lines_keeps_the_line_numbers_of_the_file() -> None:
    data = (
        "prénom;nom;courriel;titre\n"
        'Max;Mustermann;max@example.test;"Demo\n\nsur trois lignes"\n'
        "Otto;Normalverbraucher;otto@example.test;\n"
    ).encode()

    _, preview = preview_of(data, kind=Status.AGENT)

    assert [row.line for row in preview.rows] == [2, 5]
    assert preview.rows[0].member.function == "Demo\n\nsur trois lignes"


def test_blank_lines_are_counted_not_taken_for_people() -> None:
    data = FRENCH_LIST.replace("\nLÉCESTRE", "\n\n;;;;\nLÉCESTRE").encode() + b"\n\n"

    table, preview = preview_of(data)

    assert table.blank_lines == (3, 4)
    assert [row.line for row in preview.rows] == [2, 5]


def test_a_line_without_header_words_or_with_an_address_is_data() -> None:
    data = b"Nelly;WIDMER;nelly@example.test\nJacques;DELUNSCH;jacques@example.test\n"

    table, preview = preview_of(data)

    assert not preview.settings.has_header
    assert preview.settings.mapping == ("", "", "email")
    assert [row.line for row in preview.rows] == [1, 2]


def test_an_unknown_title_above_a_column_of_addresses_is_a_header() -> None:
    data = "Identifiant;Messagerie\nA1;a1@example.test\nA2;a2@example.test\n"

    table, preview = preview_of(data.encode())

    assert preview.settings.has_header
    assert preview.settings.mapping == ("", "email")


def test_a_line_with_fewer_fields_than_the_others_is_refused_as_shifted() -> None:
    data = (
        b"courriel;prenom;nom\n"
        b"a@example.test;Ana;ROS\nb@example.test;Bea\nc@example.test;Cid;MAS\n"
    )

    _, preview = preview_of(data)

    assert [row.ready for row in preview.rows] == [True, False, True]
    assert preview.rows[1].errors == [
        "La ligne a 2 champs au lieu de 3 : les colonnes sont décalées "
        "(séparateur en trop ou manquant)."
    ]


def test_xlsx_made_by_a_spreadsheet_is_read_from_its_first_sheet() -> None:
    data = xlsx(
        [
            ["Prénom", "Nom", "Adresse électronique", "Portable", "Début"],
            [
                "Agnès",
                "MICHELOT",
                "agnes@example.test",
                612345678,
                datetime(2020, 5, 25),  # noqa: DTZ001 - a sheet's dates are naive
            ],
            [None, None, None, None, None],
            ["Marc", "SAUGET", "marc@example.test", "+41 44 668 18 00", "25/05/2020"],
        ],
        sheets=2,
    )

    table, preview = preview_of(data)

    assert (table.file_format, table.encoding, table.usual_width) == (
        "Excel (XLSX)",
        "",
        None,
    )
    assert table.notes == (
        "Le classeur a 2 feuilles : seule la première, « Élus », est lue.",
    )
    assert table.blank_lines == (3,)
    agnes, marc = preview.rows
    assert (agnes.line, marc.line) == (2, 4)
    # The leading zero a spreadsheet drops from a number typed as a number.
    assert agnes.member.phone == "06 12 34 56 78"
    assert marc.member.phone == "+41 44 668 18 00"
    assert agnes.member.started_on == marc.member.started_on == date(2020, 5, 25)
    assert agnes.ready
    assert marc.ready


def test_xlsx_recognised_by_its_content_whatever_its_name() -> None:
    data = xlsx([["courriel"], ["x@example.test"]])

    assert read_table(data).file_format == "Excel (XLSX)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"  \r\n\n", "Le fichier est vide."),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Ce fichier est une image, pas un tableau."),
        (b"<!DOCTYPE html><html><table>", "Ce fichier est une page web (HTML)"),
        (
            b"\x00\x01\x02binaire",
            "Ce fichier n'est pas un tableau que Quorum sait lire.",
        ),
        (b"PK\x03\x04pas vraiment un zip", "Ce fichier est endommagé."),
    ],
)
def test_what_is_no_table_gets_a_french_reason(content: bytes, message: str) -> None:
    with pytest.raises(NotATable) as refused:
        read_table(content)

    assert str(refused.value).startswith(message)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "idelibre-test-fixtures/toDecrypt2.pdf",
            "Ce fichier est un PDF : Quorum ne sait pas en extraire un tableau.",
        ),
        (
            "idelibre-test-fixtures/fichier.zip",
            "Ce fichier est une archive compressée (.zip), pas un tableau.",
        ),
        (
            "fr-couthenans-haute-saone/2021-05_communication mairieA5.docx",
            "Ce fichier est un document de traitement de texte, pas un tableau.",
        ),
        (
            "fr-flaux-gard/20201215-3 - note de synthèse.doc",
            "Ce fichier est dans un ancien format de Microsoft Office",
        ),
        (
            "fr-flaux-gard/2020.12.27 PROJET - TABLEAU DES MESURES EUS couvre-feu "
            "actualisé au 4 janvier 2021.odt",
            "Ce fichier est un document de traitement de texte, pas un tableau.",
        ),
    ],
)
def test_real_documents_that_are_no_table_say_how_to_save_one(
    corpus_dir: Path, path: str, message: str
) -> None:
    with pytest.raises(NotATable) as refused:
        read_table((corpus_dir / path).read_bytes())

    assert str(refused.value).startswith(message)
    assert "au format Excel (.xlsx) ou CSV (.csv)" in str(refused.value)


def test_a_row_of_one_field_is_said_in_good_french():
    from collectivites.member_import import _fields

    assert _fields(1) == "1 champ"
    assert _fields(2) == "2 champs"
