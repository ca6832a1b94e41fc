"""The printed acts speak of the persons who sign them as French does:
« La maire », « la présidente de séance », « d'Émilie », and write the
first of the month « 1er » (read back from the PDFs WeasyPrint draws)."""

import io
import re
from datetime import datetime, time

import pytest
from pypdf import PdfReader

from actes.documents import deliberation_pdf
from actes.models import Deliberation
from actes.services import mentions_of
from dossiers.documents import convocation
from minutes.build import draft_of
from minutes.models import ListeDeliberations
from minutes.pdf import liste_pdf, proces_verbal_pdf
from minutes.tests.helpers import Held, closed_seance
from proceedings.record import seance_record
from seances.models import PARIS, Seance

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def name_the_signers(held: Held) -> None:
    """The maire presides: a woman, Émilie; the secrétaire de séance is a
    man."""
    maire = held.president.user
    maire.first_name, maire.civility = "Émilie", "madame"
    maire.save()
    secretary = held.secretaire_de_seance.user
    secretary.civility = "monsieur"
    secretary.save()


def test_the_convocation_is_signed_la_maire() -> None:
    held = closed_seance(with_huis_clos=False)
    name_the_signers(held)

    text = text_of(convocation(held.council.seance))

    assert "La maire, Émilie Élu01" in text
    assert "Le maire," not in text


def test_the_proces_verbal_names_la_maire_presidente_de_seance() -> None:
    held = closed_seance(with_huis_clos=False)
    name_the_signers(held)
    proces_verbal = held.proces_verbal
    proces_verbal.body = draft_of(seance_record(held.council.seance)).body

    text = text_of(proces_verbal_pdf(proces_verbal))

    assert "La maire, présidente de séance" in text
    assert "Le secrétaire de séance" in text
    assert "sous la présidence d'Émilie Élu01" in text


def test_the_deliberation_is_signed_by_la_presidente_de_seance() -> None:
    held = closed_seance(with_huis_clos=False)
    name_the_signers(held)
    deliberation = Deliberation.objects.get(seance=held.council.seance)
    the_record = seance_record(held.council.seance)
    point = next(p for p in the_record.points if p.item.pk == deliberation.item_id)
    # What the closing writes when the civilities are known.
    deliberation.mentions = mentions_of(the_record, point)

    text = text_of(deliberation_pdf(deliberation))

    assert "Présidente de séance : Émilie Élu01, maire." in text
    assert "La présidente de séance, Émilie Élu01 Maire" in text
    assert "Le secrétaire de séance," in text


def test_without_civility_the_acts_keep_the_epicene_wording() -> None:
    held = closed_seance(with_huis_clos=False)
    deliberation = Deliberation.objects.get(seance=held.council.seance)

    assert "Le maire," in text_of(convocation(held.council.seance))
    assert "Le maire, président de séance" in text_of(
        proces_verbal_pdf(held.proces_verbal)
    )
    assert "Le président de séance," in text_of(deliberation_pdf(deliberation))


def test_the_liste_of_a_seance_on_the_first_says_1er() -> None:
    held = closed_seance(with_huis_clos=False)
    first = datetime.combine(
        held.council.seance.local_start.date().replace(day=1), time(20), tzinfo=PARIS
    )
    Seance.objects.filter(pk=held.council.seance.pk).update(starts_at=first)
    liste = ListeDeliberations.objects.get(seance=held.council.seance)

    text = text_of(liste_pdf(liste))

    assert "en sa séance du 1er " in text
    assert "séance du 1 " not in text


def test_the_proces_verbal_gives_the_place_with_a_proper_phrase() -> None:
    held = closed_seance(with_huis_clos=False)

    body = draft_of(seance_record(held.council.seance)).body

    place = held.council.seance.place
    assert f"s'est réuni au lieu suivant : {place}." in body
    assert f"réuni à {place}" not in body


def test_a_secret_deliberation_counts_blank_papers_and_names_its_departement() -> None:
    held = closed_seance()
    collectivite = held.council.collectivite
    collectivite.insee_code = "38185"
    collectivite.save(update_fields=["insee_code"])
    secret = Deliberation.objects.get(seance=held.council.seance, item__huis_clos=True)

    text = text_of(deliberation_pdf(secret))

    assert "République française — Isère (38)" in text
    assert "Département 038" not in text
    # L2121-21: blank and spoiled papers are not abstentions.
    assert "bulletins blancs ou nuls : 1" in text
    assert "abstentions : 1" not in text
