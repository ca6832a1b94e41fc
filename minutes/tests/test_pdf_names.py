"""A compound name is never cut inside a word in the printed acts: the
procès-verbal and the délibération break « Jean-Baptiste Dupont-Moretti »
at its hyphen or not at all, read back from the PDF WeasyPrint draws."""

import re
import subprocess

import pytest

from actes.documents import deliberation_pdf
from actes.models import Deliberation
from minutes.pdf import proces_verbal_pdf
from minutes.tests.helpers import closed_seance

pytestmark = pytest.mark.django_db

NAMES = [
    f"{first} {last}"
    for first in ("Jean-Baptiste", "Marie-Antoinette", "Anne-Sophie")
    for last in (
        "Dupont-Moretti",
        "Lévêque-Castelnau",
        "Saint-Hilaire-Marchand",
        "Fontaine-Delacroix",
    )
]


def pdftotext(data: bytes) -> str:
    out = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"],  # noqa: S603
        input=data,
        capture_output=True,
        check=True,
    )
    return out.stdout.decode()


def assert_names_whole(text: str) -> None:
    # WeasyPrint marks a word it hyphenates with U+2010 at the end of the
    # line; a break at the name's own hyphen keeps the ASCII hyphen.
    assert "\u2010" not in text
    joined = re.sub(r"-\n", "-", text)
    joined = re.sub(r"\s+", " ", joined)
    for name in NAMES:
        assert name in joined, name


def test_the_proces_verbal_breaks_compound_names_only_at_their_hyphen() -> None:
    held = closed_seance()
    proces_verbal = held.proces_verbal
    listed = ", ".join(NAMES)
    proces_verbal.body = (
        f"<p>Présents à l'appel ({len(NAMES)}) : {listed}.</p>"
        f"<ul><li>Pour : {listed}</li><li>Contre : {listed}</li></ul>"
        "<table><tr><th>Membre</th><th>Présence</th><th>Vote</th></tr>"
        + "".join(
            f"<tr><td>{name}</td><td>présent</td><td>pour</td></tr>" for name in NAMES
        )
        + "</table>"
    )

    assert_names_whole(pdftotext(proces_verbal_pdf(proces_verbal)))


def test_the_deliberation_breaks_compound_names_only_at_their_hyphen() -> None:
    held = closed_seance()
    deliberation = Deliberation.objects.filter(seance=held.council.seance).first()
    assert deliberation is not None
    deliberation.mentions = {
        **deliberation.mentions,
        "present": NAMES,
        "absent": NAMES[:4],
        "represented": [[NAMES[0], NAMES[1]], [NAMES[2], NAMES[3]]],
        "names": {"Pour": NAMES, "Contre": NAMES[4:]},
        "president": NAMES[0],
        "secretaire": NAMES[5],
    }

    assert_names_whole(pdftotext(deliberation_pdf(deliberation)))
