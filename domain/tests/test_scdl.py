"""The SCDL « Délibérations » file (RULES §9): what Quorum writes passes the
schema's Table Schema with frictionless, and what it reads reports every bad
line with its number."""

import codecs
import csv
import sys
from datetime import date

import frictionless
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import actes, scdl


def _row(**changes: object) -> scdl.Row:
    values: dict[str, object] = {
        "coll_nom": "Commune de Saint-Exemple-sur-Isère",
        "coll_siret": "21380000100017",
        "delib_id": "2026_012",
        "delib_date": date(2026, 1, 15),
        "delib_matiere_code": "7.5",
        "delib_matiere_nom": scdl.matiere_nom("7.5"),
        "delib_objet": "Subvention à l'association « Les Amis, de l'école »",
        "vote_effectif": 15,
        "vote_reel": 14,
        "vote_pour": 12,
        "vote_contre": 1,
        "vote_abstention": 1,
        "pref_date": date(2026, 1, 20),
        "delib_url": "https://quorum.example.org/saint-exemple/public/2026_012/",
    }
    values.update(changes)
    return scdl.Row(**values)  # type: ignore[arg-type]


def _validate(text: str, tmp_path) -> frictionless.Report:
    name = scdl.file_name(date(2026, 2, 1), "213800001")
    (tmp_path / name).write_bytes(text.encode("utf-8"))
    resource = frictionless.Resource(
        path=name,
        basepath=str(tmp_path),
        schema=frictionless.Schema.from_descriptor(scdl.table_schema()),
        dialect=frictionless.Dialect(
            controls=[frictionless.formats.CsvControl(delimiter=",")]
        ),
    )
    return resource.validate()


def test_the_columns_are_the_seventeen_of_the_schema_in_order():
    assert scdl.HEADER[:7] == (
        "COLL_NOM",
        "COLL_SIRET",
        "DELIB_ID",
        "DELIB_DATE",
        "DELIB_MATIERE_CODE",
        "DELIB_MATIERE_NOM",
        "DELIB_OBJET",
    )
    assert scdl.HEADER[-1] == "DELIB_URL"
    assert len(scdl.HEADER) == 17


def test_a_written_file_passes_the_table_schema(tmp_path):
    text = scdl.write([_row(), _row(delib_id="2026_013", budget_annee="2026")])
    report = _validate(text, tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    assert text.splitlines()[0] == ",".join(scdl.HEADER)


def test_the_schema_refuses_a_bad_siret(tmp_path):
    report = _validate(scdl.write([_row(coll_siret="2138")]), tmp_path)
    assert not report.valid
    assert report.flatten(["fieldName"]) == [["COLL_SIRET"]]


def test_an_empty_optional_value_is_the_empty_string():
    text = scdl.write([_row(pref_date=None, vote_pour=None, delib_url="")])
    line = text.splitlines()[1]
    assert ",,," in line


def test_the_file_name_follows_the_rule():
    assert scdl.file_name(date(2026, 3, 4), "213800001") == (
        "20260304_213800001_deliberations.csv"
    )


@pytest.mark.parametrize("code", [code for code, _ in actes.MATIERES])
def test_every_matiere_name_has_no_comma_nor_parenthesis(code):
    nom = scdl.matiere_nom(code)
    level_1, _, level_2 = nom.partition("/")
    assert level_1
    assert level_2
    assert not set(nom) & set(",()")
    assert nom == nom.lower()
    assert not level_1.endswith(" ")
    assert not level_2.startswith(" ")


def test_matiere_name_of_an_example_of_the_schema():
    assert scdl.matiere_nom("8.4") == (
        "domaines de compétences par thèmes/aménagement du territoire"
    )


_printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(lambda s: s.strip() == s and s)


@settings(max_examples=60, deadline=None)
@given(objet=_printable, nom=_printable, budget=_printable)
def test_what_is_written_reads_back_the_same(objet, nom, budget):
    row = _row(delib_objet=objet, coll_nom=nom, budget_nom=budget)
    reading = scdl.read(scdl.write([row]).encode("utf-8"))
    assert reading.problems == []
    assert [r for _, r in reading.rows] == [row]


def _file(*lines: str, separator: str = ",") -> bytes:
    header = separator.join(scdl.HEADER)
    return ("\r\n".join([header, *lines]) + "\r\n").encode("utf-8")


GOOD = (
    "Commune de Saint-Exemple,21380000100017,DEL2019_004,2019-03-12,7.1,"
    "finances locales/décisions budgétaires,Budget primitif 2019,2019,Budget principal,"
    "PREF038,2019-03-14,15,13,13,0,0,"
)


def test_a_file_with_semicolons_and_latin_1_reads():
    text = GOOD.replace(",", ";")
    data = (";".join(scdl.HEADER) + "\n" + text + "\n").encode("cp1252")
    reading = scdl.read(data)
    assert reading.problems == []
    ((_, row),) = reading.rows
    assert row.delib_matiere_nom == "finances locales/décisions budgétaires"
    assert row.delib_date == date(2019, 3, 12)


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8", b"")],
)
def test_a_file_reads_in_every_usual_encoding(encoding, bom):
    data = bom + (",".join(scdl.HEADER) + "\n" + GOOD + "\n").encode(encoding)
    reading = scdl.read(data)
    assert reading.ok
    assert reading.rows[0][1].delib_objet == "Budget primitif 2019"


def test_a_french_date_is_read_as_a_date():
    reading = scdl.read(_file(GOOD.replace("2019-03-12", "12/03/2019")))
    assert reading.rows[0][1].delib_date == date(2019, 3, 12)


BAD_LINES = {
    "empty objet": (
        GOOD.replace("Budget primitif 2019", ""),
        "DELIB_OBJET est obligatoire",
    ),
    "30 février": (
        GOOD.replace("2019-03-12", "2019-02-30"),
        "n'est pas une date qui existe",
    ),
    "not a date": (GOOD.replace("2019-03-12", "mars 2019"), "n'est pas une date"),
    "short siret": (GOOD.replace("21380000100017", "2138"), "COLL_SIRET a une forme"),
    "unknown matière": (GOOD.replace(",7.1,", ",7.99,"), "n'est pas une matière ACTES"),
    "matière of another family": (
        GOOD.replace("finances locales/", "urbanisme/"),
        "relève de « finances locales »",
    ),
    "space around slash": (
        GOOD.replace("finances locales/", "finances locales /"),
        "pas avoir d'espace autour",
    ),
    "negative count": (
        GOOD.replace(",15,13,13,", ",15,-13,13,"),
        "nombre entier positif",
    ),
    "more votes than voters": (
        GOOD.replace(",15,13,13,0,0,", ",15,13,13,5,0,"),
        "dépassent",
    ),
    "more voters than members": (
        GOOD.replace(",15,13,13,", ",12,13,13,"),
        "dépasse VOTE_EFFECTIF",
    ),
    "acknowledged before": (GOOD.replace("2019-03-14", "2019-03-01"), "antérieure"),
    "bad url": (GOOD + "pas une adresse", "DELIB_URL n'est pas une adresse"),
    "bad pref": (GOOD.replace("PREF038", "Isère"), "PREF_ID a une forme"),
    "bad budget year": (GOOD.replace(",2019,Budget", ",19,Budget"), "BUDGET_ANNEE"),
    "too many fields": (GOOD + ",en trop", "18 champs au lieu de 17"),
}


@pytest.mark.parametrize("case", BAD_LINES, ids=list(BAD_LINES))
def test_a_bad_line_is_reported_with_its_number_and_the_others_kept(case):
    bad, message = BAD_LINES[case]
    second = GOOD.replace("DEL2019_004", "DEL2019_005")
    reading = scdl.read(_file(GOOD, bad.replace("DEL2019_004", "DEL2019_009"), second))
    assert [line for line, _ in reading.rows] == [2, 4]
    (problem,) = reading.problems
    assert problem.line == 3
    assert message in problem.message


def test_a_repeated_identifier_names_its_first_line():
    reading = scdl.read(_file(GOOD, GOOD))
    assert str(reading.problems[0]) == (
        "ligne 3 : DELIB_ID « DEL2019_004 » figure déjà ligne 2"
    )


def test_a_field_over_two_lines_keeps_the_numbering():
    quoted = GOOD.replace("Budget primitif 2019", '"Budget primitif\n2019"')
    bad = GOOD.replace("DEL2019_004", "DEL2019_006").replace("2019-03-12", "hier")
    reading = scdl.read(_file(quoted, bad))
    assert reading.rows[0][1].delib_objet == "Budget primitif\n2019"
    assert reading.problems[0].line == 4


def test_a_file_that_is_not_scdl_says_so():
    reading = scdl.read(b"nom;prenom;email\nDupont;Jean;j@example.org\n")
    assert not reading.rows
    assert "il manque les colonnes obligatoires COLL_NOM" in reading.problems[0].message


def test_an_empty_file_says_so():
    assert str(scdl.read(b"").problems[0]) == "Le fichier est vide."


@pytest.fixture(params=["limite-par-defaut", "limite-levee"])
def any_csv_limit(request):
    """Libraries such as frictionless raise csv.field_size_limit for the whole
    process: the reading must not depend on it."""
    before = csv.field_size_limit()
    if request.param == "limite-levee":
        csv.field_size_limit(sys.maxsize)
    yield
    csv.field_size_limit(before)


@pytest.mark.usefixtures("any_csv_limit")
def test_an_immense_cell_is_reported_in_french_and_the_others_kept():
    immense = GOOD.replace("DEL2019_004", "DEL2019_009").replace(
        "Budget primitif 2019", "x" * 200_000
    )
    second = GOOD.replace("DEL2019_004", "DEL2019_005")
    reading = scdl.read(_file(GOOD, immense, second))
    assert [line for line, _ in reading.rows] == [2, 4]
    (problem,) = reading.problems
    assert problem.line == 3
    assert (
        "une cellule de plus de 10\N{NO-BREAK SPACE}000 caractères" in problem.message
    )


@pytest.mark.usefixtures("any_csv_limit")
def test_a_header_of_one_immense_cell_is_refused_in_french():
    (problem,) = scdl.read(b"x" * 300_000).problems
    assert problem.line == 1
    assert problem.message.startswith("l'en-tête ne se lit pas : une cellule")
