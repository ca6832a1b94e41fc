"""The délibérations built when a séance closes, and their mandatory
mentions (CGCT L2121-23, R2121-9, RULES §7 ★)."""

import io
import re
import subprocess

import pytest
from pypdf import PdfReader

from actes.models import Deliberation, NumberSequence
from actes.tests.helpers import closed_council
from documents.storage import open_blob
from domain.actes import ACTES_NUMBER
from journal.models import JournalEntry

pytestmark = pytest.mark.django_db


def pdf_text(deliberation: Deliberation) -> str:
    assert deliberation.pdf is not None
    with open_blob(deliberation.pdf) as stream:
        data = stream.read()
    text = "\n".join(
        page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages
    )
    return re.sub(r"\s+", " ", text)


def pdftotext(deliberation: Deliberation) -> str:
    with open_blob(deliberation.pdf) as stream:
        data = stream.read()
    out = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", "-", "-"],  # noqa: S603
        input=data,
        capture_output=True,
        check=True,
    )
    return re.sub(r"\s+", " ", out.stdout.decode())


def test_closing_builds_one_deliberation_per_point_voted_numbered_in_order() -> None:
    council, made = closed_council(titles=("Tarifs", "Subvention", "Voirie"))

    assert [one.order for one in made] == [1, 2, 3]
    assert [one.sequence for one in made] == [1, 2, 3]
    year = council.seance.local_start.year
    assert [one.display_number for one in made] == [
        f"{year}-001",
        f"{year}-002",
        f"{year}-003",
    ]
    assert made[0].actes_number == f"{year}_001"
    assert all(ACTES_NUMBER.fullmatch(one.actes_number) for one in made)
    assert NumberSequence.objects.get(collectivite=council.collectivite).last == 3
    assert JournalEntry.objects.filter(action="actes.deliberations_created").exists()


def test_a_second_seance_of_the_year_continues_the_numbers_r2121_9() -> None:
    first, made = closed_council(titles=("Tarifs",), pdfs=False)
    _, more = closed_council(titles=("Subvention", "Voirie"), after=first, pdfs=False)
    assert [one.sequence for one in made + more] == [1, 2, 3]
    assert [one.order for one in more] == [1, 2]


def test_counts_and_result_come_from_the_seance_record() -> None:
    council, made = closed_council(size=7)
    tarifs, subvention = made
    assert tarifs.en_exercice == 7
    assert tarifs.presents == 6
    assert tarifs.representes == 1
    assert tarifs.votants == 7
    assert (tarifs.pour, tarifs.contre, tarifs.abstentions) == (6, 1, 0)
    assert tarifs.outcome == Deliberation.Outcome.ADOPTEE
    assert subvention.mentions["vote_sentence"] == "à l'unanimité"
    against = council.members[3].user.full_name
    assert tarifs.mentions["names"]["Contre"] == [against]


def test_pdf_carries_every_mandatory_mention_rules_7() -> None:
    council, made = closed_council(size=7)
    tarifs = made[0]
    text = pdf_text(tarifs)
    maire = council.maire.user.full_name
    secretaire = council.members[-2].user.full_name
    for mention in (
        council.collectivite.name.upper(),
        "Extrait du registre des délibérations du conseil municipal",
        "Séance du",
        "Date de la convocation",
        "Membres en exercice : 7",
        "présents : 6",
        "représentés : 1",
        "votants : 7",
        f"Président de séance : {maire}",
        f"Secrétaire de séance : {secretaire}",
        "quorum",
        f"Délibération n° {tarifs.display_number}",
        "Numéro d'ordre dans la séance : 1",
        "Le conseil approuve.",
        "par 6 voix pour, 1 voix contre et 0 abstention",
        "Contre : " + council.members[3].user.full_name,
        "Fait et délibéré les jour, mois et an que dessus.",
        "Le président de séance",
        "Le secrétaire de séance",
    ):
        assert mention.lower() in text.lower(), mention
    assert "Fait et délibéré les jour, mois et an que dessus" in pdftotext(tarifs)


def test_secret_ballot_names_nobody() -> None:
    council, made = closed_council(titles=("Désignation",), secret=("Désignation",))
    (only,) = made
    assert only.mentions["names"] == {}
    assert "au scrutin secret" in only.mentions["vote_sentence"]
    text = pdf_text(only)
    assert "Détail du vote" not in text


def test_odt_holds_the_text_for_editing() -> None:
    from odf import teletype
    from odf.opendocument import load
    from odf.text import P

    from actes.documents import deliberation_odt

    _, made = closed_council(titles=("Tarifs",), pdfs=False)
    document = load(io.BytesIO(deliberation_odt(made[0])))
    text = " ".join(teletype.extractText(p) for p in document.getElementsByType(P))
    assert "Fait et délibéré les jour, mois et an que dessus." in text
    assert "Le conseil approuve." in text
