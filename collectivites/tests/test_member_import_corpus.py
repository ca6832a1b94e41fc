"""The member lists of the corpus, line by line: what is ready, what is not, why."""

import time
from datetime import date
from pathlib import Path

import pytest

from collectivites.member_import import (
    Existing,
    Preview,
    Settings,
    build_preview,
    guess_columns,
    read_table,
    role_from_text,
)
from domain.roles import Role, Status

TODAY = date(2026, 12, 3)
IDELIBRE = "idelibre-test-fixtures"
OPENSLIDES = "openslides-csv-examples"

# iDelibre's élu files have no header: role id, login, first name, last name,
# e-mail, group id, phone, title, deputy login. The person importing says
# which column is which; Quorum has no suppléant (a municipal council has
# none), so the deputy column is not imported.
IDELIBRE_MAPPING = ("", "", "first_name", "last_name", "email", "", "phone", "role", "")


def preview(path: Path, mapping: tuple[str, ...] | None = None) -> Preview:
    table = read_table(path.read_bytes())
    has_header, guessed = guess_columns(table)
    settings = Settings(
        kind=Status.ELU,
        default_role=Role.CONSEILLER,
        started_on=date(2020, 5, 25),
        has_header=has_header,
        mapping=mapping or guessed,
    )
    return build_preview(table, settings, Existing(), TODAY)


def faults(result: Preview) -> dict[int, list[str]]:
    return {row.line: row.errors for row in result.rows}


SAME_AS_1 = (
    "Même adresse e-mail que la ligne 1 : chaque personne doit avoir sa propre adresse."
)
SAME_AS_2 = (
    "Même adresse e-mail que la ligne 2 : chaque personne doit avoir sa propre adresse."
)


def shifted(fields: int, usual: int) -> str:
    return (
        f"La ligne a {fields} champs au lieu de {usual} : les colonnes sont "
        "décalées (séparateur en trop ou manquant)."
    )


def test_idelibre_files_have_no_header_and_addresses_and_phones_are_found(
    corpus_dir: Path,
) -> None:
    result = preview(corpus_dir / IDELIBRE / "user_success_deputy.csv")

    assert not result.settings.has_header
    assert result.settings.mapping == ("", "", "", "", "email", "", "phone", "", "")


def test_idelibre_success_file_has_a_shared_address_and_a_short_line(
    corpus_dir: Path,
) -> None:
    result = preview(
        corpus_dir / IDELIBRE / "user_success_deputy.csv", IDELIBRE_MAPPING
    )

    # Pierre DUMONTET and Thierry AUCLAIR share one address: neither is
    # imported, since nobody can tell whose it is.
    assert faults(result) == {
        1: [SAME_AS_2],
        2: [SAME_AS_1],
        3: [],
        4: [shifted(6, 9)],
    }
    saul = result.rows[2].member
    assert (saul.first_name, saul.last_name, saul.email, saul.phone) == (
        "Saul",
        "Goodman",
        "s.goodman@gmail.com",
        "",
    )
    assert result.rows[0].member.phone == "06 87 89 67 54"
    # "Depute" and "senateur" are no role of a municipal council.
    assert result.rows[0].warnings == [
        "Rôle « Depute » inconnu : conseiller(ère) municipal(e) par défaut."
    ]
    assert result.rows[1].warnings == [
        "Rôle « senateur » inconnu : conseiller(ère) municipal(e) par défaut."
    ]


def test_idelibre_deputy_error_file_is_two_good_lines_for_quorum(
    corpus_dir: Path,
) -> None:
    """iDelibre refuses it for a wrong suppléant reference; Quorum imports
    no suppléant, so both people are ready."""
    result = preview(corpus_dir / IDELIBRE / "user_error_deputy.csv", IDELIBRE_MAPPING)

    assert faults(result) == {1: [], 2: []}
    assert [row.member.full_name for row in result.rows] == [
        "Pierre DUMONTET",
        "Saul Goodman",
    ]


def test_idelibre_phone_error_file_has_a_shifted_line_and_a_shared_address(
    corpus_dir: Path,
) -> None:
    result = preview(
        corpus_dir / IDELIBRE / "user_error_wrong_format_phone.csv", IDELIBRE_MAPPING
    )

    assert faults(result) == {
        1: [SAME_AS_2],
        2: [shifted(8, 9), SAME_AS_1],
        3: [],
        4: [],
    }
    # 05 87 89 67 54 is a valid landline number (south-west): iDelibre may
    # want a mobile for its text messages; Quorum takes any real number.
    assert result.rows[1].member.phone == "05 87 89 67 54"


def test_openslides_participants_have_no_address_and_every_line_says_so(
    corpus_dir: Path,
) -> None:
    result = preview(corpus_dir / OPENSLIDES / "participants-demo_de.csv")

    assert result.table.separator == ","
    assert result.settings.has_header
    assert result.settings.mapping == (
        "function",
        "first_name",
        "last_name",
        "",
        "",
        "",
        "",
    )
    assert not result.email_mapped
    assert len(result.rows) == 40
    assert result.ready_rows == []
    assert all(row.errors == ["Adresse e-mail manquante."] for row in result.rows)
    lines = [row.line for row in result.rows]
    # Max Mustermann's comment spans lines 5 to 8: Otto is on line 9.
    assert lines[:5] == [2, 3, 4, 5, 9]
    assert lines[-1] == 44
    assert result.rows[3].member.full_name == "Max Mustermann"
    assert result.rows[2].member.last_name == "Pérez"
    # "Dr." is an academic title: a function, which an élu does not have.
    assert result.rows[3].warnings == [
        "Fonction « Dr. » non importé(e) : La fonction concerne les agents ; "
        "pour un élu, indiquez sa délégation."
    ]


def test_large_openslides_file_lists_all_1110_lines_quickly(corpus_dir: Path) -> None:
    started = time.perf_counter()

    result = preview(corpus_dir / OPENSLIDES / "participants-demo_de_large.csv")

    assert time.perf_counter() - started < 3
    assert (result.table.separator, result.table.encoding) == (";", "UTF-8")
    assert result.header == (
        "Vorname",
        "Nachname",
        "Geschlecht",
        "Gliederungsebene",
        "Typ",
        "Amt",
        "Kommentar",
    )
    assert result.settings.mapping == (
        "first_name",
        "last_name",
        "",
        "",
        "",
        "function",
        "",
    )
    assert [row.line for row in result.rows] == list(range(2, 1112))
    assert len(result.faulty_rows) == 1110
    assert {tuple(row.errors) for row in result.rows} == {
        ("Adresse e-mail manquante.",)
    }
    assert result.rows[-1].member.full_name == "Test 1110"


def test_large_openslides_file_with_made_up_addresses_is_ready(
    corpus_dir: Path, tmp_path: Path
) -> None:
    """The same 1,110 lines, given an address each: every one is ready,
    which shows that the faults above are only the missing addresses."""
    lines = (corpus_dir / OPENSLIDES / "participants-demo_de_large.csv").read_text()
    rows = lines.splitlines()
    rows = [rows[0] + ';"E-Mail"'] + [
        f'{row};"test{number}@example.test"' for number, row in enumerate(rows[1:])
    ]
    path = tmp_path / "participants.csv"
    path.write_text("\n".join(rows) + "\n")

    result = preview(path)

    assert len(result.ready_rows) == 1110


# The Couthenans council page ------------------------------------------------

PAGE = "fr-couthenans-haute-saone/site-page_elus.md"


def test_council_page_pasted_as_is_lists_each_councillor_without_address(
    corpus_dir: Path,
) -> None:
    """Someone who pastes the page's list of councillors sees every one of
    them, none dropped, each waiting for an address."""
    page = (corpus_dir / PAGE).read_text()
    block = page.split("## Les conseillers\n\n", 1)[1].split("\n\n###", 1)[0]
    table = read_table(block.encode())
    has_header, _ = guess_columns(table)
    settings = Settings(
        kind=Status.ELU,
        default_role=Role.CONSEILLER,
        started_on=date(2020, 5, 25),
        has_header=has_header,
        mapping=("full_name", "", ""),
    )

    result = build_preview(table, settings, Existing(), TODAY)

    assert not has_header
    assert table.blank_lines == (6,)
    assert [
        (row.line, row.member.first_name, row.member.last_name) for row in result.rows
    ] == [
        (1, "Nelly", "WIDMER"),
        (2, "Jacques", "DELUNSCH"),
        (3, "Mathieu", "FIGINI"),
        (4, "Patrick", "KACZMAREK"),
        (5, "Maryline", "LECESTRE"),
        (7, "Agnès", "MICHELOT"),
        (8, "Adeline", "TEIXEIRA"),
        (9, "Marielle", "SAUGET"),
        (10, "Marc", "SAUGET"),
    ]
    assert all(row.errors == ["Adresse e-mail manquante."] for row in result.rows)


@pytest.mark.parametrize(
    ("words", "role"),
    [
        ("Le maire", Role.MAIRE),
        ("1er adjoint", Role.ADJOINT),
        ("2ème adjoint", Role.ADJOINT),
        ("3e adjointe", Role.ADJOINT),
        ("Maire-adjoint", Role.ADJOINT),
        ("Conseillère municipale déléguée", Role.CONSEILLER_DELEGUE),
        ("Conseiller(ère) municipal(e)", Role.CONSEILLER),
        ("Secrétaire de mairie", Role.SECRETAIRE),
        ("Directrice générale des services", Role.DGS),
        ("Adjoint administratif principal", Role.AGENT),
        ("Adjointe technique", Role.AGENT),
        ("Bürgermeister", Role.MAIRE),
        ("Councillor", Role.CONSEILLER),
        ("Depute", None),
        ("Dr.", None),
    ],
)
def test_role_words_of_real_lists_mean_quorum_roles(
    words: str, role: Role | None
) -> None:
    assert role_from_text(words) == role
