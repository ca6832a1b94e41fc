"""The convocation, the ordre du jour and the note de synthèse as PDFs."""

import io
from datetime import UTC, datetime

import pypdf
from django.test import Client
from django.urls import reverse

from dossiers import documents
from dossiers.content import french_datetime
from dossiers.tests.conftest import Built
from quorum.testing import World
from seances.models import PARIS


def text_of(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_seance_date_is_written_the_french_way_in_paris_time() -> None:
    moment = datetime(2026, 12, 10, 18, 0, tzinfo=UTC)  # 19 h in Paris

    assert french_datetime(moment) == "jeudi 10 décembre 2026 à 19 h 00"
    assert french_datetime(datetime(2027, 1, 1, 9, 5, tzinfo=PARIS)) == (
        "vendredi 1er janvier 2027 à 9 h 05"
    )


def test_the_convocation_gives_date_place_and_agenda_in_order(built: Built) -> None:
    """CGCT L2121-10: the convocation carries the questions on the agenda."""
    text = " ".join(text_of(documents.convocation(built.seance)).split())

    assert french_datetime(built.seance.starts_at) in text
    assert built.seance.place in text
    order = [
        "1 Budget primitif 2027",
        "1.1 Subventions aux associations",
        "2 Protection fonctionnelle CANARI-HUIS-CLOS (à huis clos)",
        "3 Tarifs de la cantine",
    ]
    positions = [text.index(line) for line in order]
    assert positions == sorted(positions)
    assert "Le maire," in text
    assert "page 1 / 1" in text


def test_the_ordre_du_jour_lists_the_points_in_order(built: Built) -> None:
    text = " ".join(text_of(documents.ordre_du_jour(built.seance)).split())

    assert text.index("1 Budget primitif") < text.index("1.1 Subventions")
    assert text.index("1.1 Subventions") < text.index("3 Tarifs de la cantine")


def test_the_note_de_synthese_is_mandatory_from_3500_inhabitants(
    built: Built,
) -> None:
    """CGCT L2121-12: a note explicative de synthèse from 3 500 inhabitants."""
    commune = built.seance.collectivite
    commune.population_totale = 3_499
    commune.save(update_fields=["population_totale"])
    small = " ".join(text_of(documents.note_de_synthese(built.seance)).split())

    commune.population_totale = 3_500
    commune.save(update_fields=["population_totale"])
    built.seance.refresh_from_db()
    large = " ".join(text_of(documents.note_de_synthese(built.seance)).split())

    assert "Note non obligatoire" in small
    assert "Note obligatoire pour cette séance" in large
    assert "Exposé du point « Tarifs de la cantine »" in large


def test_the_seance_page_offers_the_documents_to_a_councillor_once_convened(
    client: Client, world: World, built: Built
) -> None:
    client.force_login(world.personas.conseiller)
    kwargs = {"collectivite": world.slug, "seance_id": built.seance.pk}

    page = client.get(built.seance.get_absolute_url())
    download = client.get(reverse("dossiers:convocation", kwargs=kwargs))

    assert "Documents de la séance" in page.content.decode()
    assert reverse("dossiers:note", kwargs=kwargs) in page.content.decode()
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
