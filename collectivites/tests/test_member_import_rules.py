"""What makes a line ready, what stops it, and what is only said."""

import csv
import sys
from datetime import date

import pytest

from collectivites.member_import import (
    Existing,
    NotATable,
    Row,
    Settings,
    build_preview,
    clean_phone,
    existing_for,
    guess_columns,
    read_table,
    split_full_name,
)
from domain.roles import Role, Status
from quorum.testing import Personas

TODAY = date(2026, 12, 3)
HEADER = "Prénom;Nom;Courriel;Rôle;Début;Fin;Délégation;Rang;Téléphone\n"


def rows(
    text: str, kind: Status = Status.ELU, existing: Existing | None = None
) -> list[Row]:
    table = read_table((HEADER + text).encode())
    has_header, mapping = guess_columns(table)
    settings = Settings(
        kind=kind,
        default_role=Role.CONSEILLER if kind == Status.ELU else Role.AGENT,
        started_on=date(2020, 5, 25),
        has_header=has_header,
        mapping=mapping,
    )
    return list(build_preview(table, settings, existing or Existing(), TODAY).rows)


def test_header_names_every_column() -> None:
    table = read_table(HEADER.encode() + b"a;b;c@example.test;;;;;;\n")

    assert guess_columns(table) == (
        True,
        (
            "first_name",
            "last_name",
            "email",
            "role",
            "started_on",
            "ended_on",
            "delegation",
            "rank",
            "phone",
        ),
    )


def test_successive_mandates_of_one_person_share_an_address() -> None:
    adjointe, conseillere = rows(
        "Marielle;SAUGET;ms@example.test;Adjointe;;01/11/2021;;;\n"
        "Marielle;SAUGET;ms@example.test;Conseillère;01/11/2021;;;;\n"
    )

    assert adjointe.errors == []
    assert conseillere.errors == []
    assert adjointe.warnings == ["Fin le 01/11/2021 : ajouté(e) aux anciens membres."]


def test_two_people_at_once_cannot_share_an_address() -> None:
    first, _, third = rows(
        "Ana;ROS;same@example.test;;;;;;\n"
        "Bea;MAS;other@example.test;;;;;;\n"
        "Cid;PAZ;SAME@example.test;;;;;;\n"
    )

    assert first.errors == [
        "Même adresse e-mail que la ligne 4 : chaque personne doit avoir sa propre adresse."
    ]
    assert third.errors == [
        "Même adresse e-mail que la ligne 2 : chaque personne doit avoir sa propre adresse."
    ]


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("", "Adresse e-mail manquante."),
        ("nelly.widmer", "Adresse e-mail invalide : « nelly.widmer »."),
        ("nelly@widmer", "Adresse e-mail invalide : « nelly@widmer »."),
        ("mailto:Nelly@Example.test", None),
    ],
)
def test_every_person_needs_an_address_of_their_own(
    address: str, error: str | None
) -> None:
    (row,) = rows(f"Nelly;WIDMER;{address};;;;;;\n")

    assert row.errors == ([error] if error else [])
    if error is None:
        assert row.member.email == "nelly@example.test"


@pytest.mark.parametrize(
    ("written", "kept", "error"),
    [
        ("06.87.89.67.54", "06 87 89 67 54", None),
        ("+33 6 12 34 56 78", "06 12 34 56 78", None),
        ("0033 384 56 78 90", "03 84 56 78 90", None),
        ("612345678", "06 12 34 56 78", None),
        ("+49 30 1234567", "+49 30 1234567", None),
        ("+262 262 12 34 56", "+262 262 12 34 56", None),
        (
            "06 87 89 67",
            "06 87 89 67",
            "« 06 87 89 67 » n'est pas un numéro de téléphone.",
        ),
        ("12", "12", "« 12 » n'est pas un numéro de téléphone."),
        (
            "voir mairie",
            "voir mairie",
            "« voir mairie » n'est pas un numéro de téléphone.",
        ),
        ("", "", None),
    ],
)
def test_a_phone_is_a_french_or_international_number(
    written: str, kept: str, error: str | None
) -> None:
    assert clean_phone(written) == (kept, error)


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("Jean-Pierre JEANROY", "Jean-Pierre", "JEANROY"),
        ("JEANROY Jean-Pierre", "Jean-Pierre", "JEANROY"),
        ("Koos VAN DER MERWE", "Koos", "VAN DER MERWE"),
        ("Fulano de Tal", "Fulano", "de Tal"),
        ("MICHELOT", "", "MICHELOT"),
    ],
)
def test_a_full_name_is_split_on_its_capitals(
    written: str, first: str, last: str
) -> None:
    assert split_full_name(written) == (first, last)


def test_a_line_without_any_name_is_refused_and_a_half_name_is_said() -> None:
    nobody, no_first = rows(
        ";;nobody@example.test;;;;;;\n;WIDMER;nelly@example.test;;;;;;\n"
    )

    assert nobody.errors == ["Nom et prénom manquants."]
    assert no_first.errors == []
    assert no_first.warnings == ["Prénom manquant."]


def test_an_agent_role_in_a_list_of_elus_stops_the_line() -> None:
    (row,) = rows("Anne;ROY;anne@example.test;Secrétaire de mairie;;;;;\n")

    assert row.errors == [
        "« Secrétaire de mairie » (secrétaire de mairie) ne correspond pas à la "
        "liste choisie : vous importez des élus."
    ]


def test_an_agent_duty_that_is_no_role_is_kept_as_the_function() -> None:
    (row,) = rows(
        "Luc;MAS;luc@example.test;Responsable des services techniques;;;;;\n",
        kind=Status.AGENT,
    )

    assert row.errors == []
    assert row.member.role == Role.AGENT
    assert row.member.function == "Responsable des services techniques"


def test_what_a_role_does_not_have_is_left_out_and_said() -> None:
    conseiller, adjoint = rows(
        "Nelly;WIDMER;nelly@example.test;Conseillère;;;Fêtes;7;\n"
        "Yves;LISCHKA;yves@example.test;2e adjoint;;;Finances;3;\n"
    )

    assert conseiller.errors == []
    assert conseiller.member.delegation == ""
    assert conseiller.warnings == [
        "Délégation « Fêtes » non importé(e) : Seuls les adjoints et les "
        "conseillers délégués reçoivent une délégation."
    ]
    assert conseiller.member.rank == 7
    assert (adjoint.member.delegation, adjoint.member.rank) == ("Finances", 3)
    assert adjoint.warnings == []


@pytest.mark.parametrize(
    ("started", "ended", "error"),
    [
        ("25/05/2020", "30/06/2021", None),
        ("2020-05-25", "", None),
        (
            "31/02/2021",
            "",
            "Début du mandat ou de la fonction illisible : « 31/02/2021 »",
        ),
        ("", "juin 2021", "Fin du mandat ou de la fonction illisible : « juin 2021 »"),
        (
            "01/07/2022",
            "30/06/2021",
            "La date de fin doit venir après la date de début",
        ),
    ],
)
def test_dates_are_read_the_french_way(
    started: str, ended: str, error: str | None
) -> None:
    (row,) = rows(f"Ana;ROS;ana@example.test;;{started};{ended};;;\n")

    if error is None:
        assert row.errors == []
    else:
        assert len(row.errors) == 1
        assert row.errors[0].startswith(error)


def test_a_value_too_long_for_its_field_stops_the_line() -> None:
    (row,) = rows(f"Ana;{'R' * 151};ana@example.test;;;;;;\n")

    assert row.errors == ["Nom trop long : 151 caractères, 150 au plus."]


def test_one_maire_at_a_time_in_the_file() -> None:
    first, second = rows(
        "Ana;ROS;ana@example.test;Maire;;;;;\nBea;MAS;bea@example.test;Le maire;;;;;\n"
    )

    assert first.errors == ["Un autre maire sur la même période figure à la ligne 3."]
    assert second.errors == ["Un autre maire sur la même période figure à la ligne 2."]


@pytest.mark.django_db
def test_lines_that_clash_with_the_members_already_there(personas: Personas) -> None:
    existing = existing_for(personas.commune)
    text = (
        f"Jean;MAIRE;{personas.maire.email};Maire;;;;;\n"
        "Ana;ROS;ana@example.test;Maire;;;;;\n"
        "Ana;ROS;ana.before@example.test;Maire;01/01/2014;01/01/2020;;;\n"
        f"Former;BACK;{personas.former.email};Conseiller;01/07/2021;;;;\n"
    )

    maire, new_maire, old_maire, back = rows(text, existing=existing)

    assert maire.errors == [
        "Déjà membre sur cette période (maire depuis le 25/05/2020) : "
        "personne n'est ajouté deux fois."
    ]
    assert new_maire.errors == ["La collectivité a déjà un maire sur cette période."]
    assert old_maire.errors == []
    # The councillor who resigned on 12 June 2021 may come back after it,
    # not before.
    assert back.errors == []
    (overlapping,) = rows(
        f"Former;AGAIN;{personas.former.email};Conseiller;01/01/2021;;;;\n",
        existing=existing,
    )
    assert overlapping.errors == [
        "Déjà membre sur cette période (conseiller(ère) municipal(e) depuis le "
        "25/05/2020) : personne n'est ajouté deux fois."
    ]


@pytest.mark.parametrize("csv_limit", [None, sys.maxsize], ids=["defaut", "levee"])
def test_an_immense_cell_is_refused_whatever_the_csv_limit(csv_limit) -> None:
    """frictionless, among others, raises csv.field_size_limit for the whole
    process; the list is refused all the same."""
    before = csv.field_size_limit()
    if csv_limit:
        csv.field_size_limit(csv_limit)
    try:
        for content in (b"x" * 300_000, (HEADER + "Jean;" + "D" * 5_000).encode()):
            with pytest.raises(NotATable, match="cellule"):
                read_table(content)
    finally:
        csv.field_size_limit(before)
