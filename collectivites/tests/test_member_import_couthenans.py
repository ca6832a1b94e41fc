"""A real council with resignations mid-mandate: Couthenans (Haute-Saône).

The commune's page is prose in Markdown, not a table, and gives no e-mail
address: no secrétaire would import it as it is. What she does is type the
council into a sheet, one line a mandate, with each person's address; the
test builds that sheet from the page, then imports it through the same
service as any file, and checks who is in office when.
"""

import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from collectivites.member_import import (
    Existing,
    Settings,
    build_preview,
    guess_columns,
    import_members,
    read_table,
)
from collectivites.models import Membership
from domain.roles import Role, Status
from journal.models import JournalEntry
from quorum.testing import CollectiviteFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PAGE = "fr-couthenans-haute-saone/site-page_elus.md"
# The page does not say when the council was installed; councils elected in
# the first round of March 2020 were installed between 23 and 28 May 2020.
INSTALLED = date(2020, 5, 25)
MONTHS = [
    *("janvier", "février", "mars", "avril", "mai", "juin", "juillet"),
    *("août", "septembre", "octobre", "novembre", "décembre"),
]


def day_of(text: str) -> date:
    """The page gives months, not days: "fin juin 2021" is taken as the last
    day of June, "début juillet 2022" and "novembre 2021" as the first."""
    found = re.search(rf"(début|fin)? ?({'|'.join(MONTHS)}) (\d{{4}})", text)
    assert found, text
    edge, month, year = found.groups()
    number = MONTHS.index(month) + 1
    if edge == "fin":
        following = date(int(year) + number // 12, number % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(int(year), number, 1)


def address(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return ".".join(plain.lower().split()) + "@couthenans.test"


def section(page: str, start: str, end: str) -> list[str]:
    block = page.split(start, 1)[1].split(end, 1)[0]
    return [line.strip() for line in block.splitlines() if line.strip()]


def council_sheet(page: str) -> str:
    """The sheet a secrétaire types from the page: one line a mandate."""
    lines = ["Prénom et nom;Courriel;Fonction;Délégation;Début;Fin;Motif"]

    def add(name: str, role: str, *rest: str) -> None:
        cells = [name, address(name), role, *rest]
        lines.append(";".join(cells + [""] * (7 - len(cells))))

    maire = re.search(r"\*\*Le maire\s*:\*\*\s*([^,]+),", page)
    assert maire
    add(maire.group(1), "Le maire")
    for rank, name, delegation in re.findall(
        r"^\*\*(\d+\S* adjoint)\s*:\*\*\s*(.+?) – (.+?)\.?\s*$", page, re.MULTILINE
    ):
        add(name, rank, delegation)
    resignations = section(page, "### Démissionnaire", "## Commissions")
    left_post = {
        line.split(",")[0]: day_of(line)
        for line in resignations
        if "poste d'adjointe" in line
    }
    for line in section(page, "## Les conseillers", "### Démissionnaire"):
        name = line.split(",")[0]
        since = left_post.get(name)
        add(name, "Conseiller municipal", "", f"{since:%d/%m/%Y}" if since else "")
    for line in resignations:
        name, day = line.split(",")[0], f"{day_of(line):%d/%m/%Y}"
        if name in left_post:
            add(name, "Adjointe", "", "", day, "Démission du poste d'adjointe")
        else:
            add(name, "Conseiller municipal", "", "", day, "Démission")
    return "\n".join(lines) + "\n"


@pytest.fixture
def sheet(corpus_dir: Path) -> bytes:
    return council_sheet((corpus_dir / PAGE).read_text()).encode()


def settings_for(data: bytes) -> Settings:
    has_header, mapping = guess_columns(read_table(data))
    return Settings(
        kind=Status.ELU,
        default_role=Role.CONSEILLER,
        started_on=INSTALLED,
        has_header=has_header,
        mapping=mapping,
    )


def test_sheet_from_the_page_has_sixteen_mandates_all_ready(sheet: bytes) -> None:
    settings = settings_for(sheet)

    preview = build_preview(read_table(sheet), settings, Existing(), date(2026, 12, 3))

    assert settings.mapping == (
        "full_name",
        "email",
        "role",
        "delegation",
        "started_on",
        "ended_on",
        "end_reason",
    )
    assert len(preview.rows) == 16
    assert [row.errors for row in preview.rows] == [[]] * 16
    ended = {row.line: row.warnings for row in preview.rows if row.member.ended_on}
    assert ended == {
        15: ["Fin le 30/06/2021 : ajouté(e) aux anciens membres."],
        16: ["Fin le 01/11/2021 : ajouté(e) aux anciens membres."],
        17: ["Fin le 01/07/2022 : ajouté(e) aux anciens membres."],
    }


def test_council_of_fifteen_keeps_its_resignations_as_ended_mandates(
    sheet: bytes,
) -> None:
    couthenans = CollectiviteFactory(name="Couthenans", slug="couthenans")
    secretaire = MembershipFactory(collectivite=couthenans, role=Role.SECRETAIRE).user

    outcome = import_members(
        collectivite=couthenans,
        by=secretaire,
        data=sheet,
        settings=settings_for(sheet),
    )

    assert len(outcome.added) == 16
    elus = Membership.objects.filter(collectivite=couthenans).elus()
    assert elus.values("user").distinct().count() == 15

    def in_office(day: date) -> list[tuple[str, str]]:
        return sorted(
            (m.role, m.user.full_name) for m in elus.current(day).select_related("user")
        )

    today = in_office(date(2026, 12, 3))
    assert len(today) == 13
    assert [name for role, name in today if role == Role.MAIRE] == [
        "Jean-Pierre JEANROY"
    ]
    assert [name for role, name in today if role == Role.ADJOINT] == [
        "Anne-Marie MUNINGER",
        "David TRIPOGNEY",
        "Yves LISCHKA",
    ]
    assert ("conseiller", "Marielle SAUGET") in today
    # The comptes rendus agree: 15 in office on 29 January 2021 (10 present,
    # 4 proxies, 1 absent), 13 on 28 October 2022 (7 present out of 13).
    assert len(in_office(date(2021, 1, 29))) == 15
    assert len(in_office(date(2022, 10, 28))) == 13
    ended = sorted(
        (m.user.full_name, m.role, m.ended_on, m.end_reason)
        for m in elus.filter(ended_on__isnull=False).select_related("user")
    )
    assert ended == [
        ("Hélène LERMY", "conseiller", date(2021, 6, 30), "Démission"),
        (
            "Marielle SAUGET",
            "adjoint",
            date(2021, 11, 1),
            "Démission du poste d'adjointe",
        ),
        ("Mario VOLANTI", "conseiller", date(2022, 7, 1), "Démission"),
    ]
    david = elus.get(user__last_name="TRIPOGNEY")
    assert david.delegation == (
        "Administration et personnel, urbanisme, CCPH (suppléant), SIED 70"
    )
    assert not david.user.has_usable_password()
    actions = list(
        JournalEntry.objects.filter(collectivite=couthenans).values_list(
            "action", flat=True
        )
    )
    assert actions.count("membership.added") == 16
    assert actions.count("membership.imported") == 1


def test_importing_the_same_sheet_again_adds_nobody(sheet: bytes) -> None:
    couthenans = CollectiviteFactory(name="Couthenans", slug="couthenans")
    secretaire = MembershipFactory(collectivite=couthenans, role=Role.SECRETAIRE).user
    settings = settings_for(sheet)
    import_members(
        collectivite=couthenans, by=secretaire, data=sheet, settings=settings
    )

    again = import_members(
        collectivite=couthenans, by=secretaire, data=sheet, settings=settings
    )

    assert again.added == []
    assert len(again.preview.faulty_rows) == 16
    assert again.preview.rows[0].errors == [
        "Déjà membre sur cette période (maire depuis le 25/05/2020) : "
        "personne n'est ajouté deux fois.",
    ]
