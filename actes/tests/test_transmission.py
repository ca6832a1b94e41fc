"""The package for the transmission operator and the acknowledgement of
the préfecture (CGCT L2131-1, L2131-2), and the annual registre (R2121-9)."""

import html
import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from actes.models import Transmission
from actes.tests.access_rows import make_deliberation, sign_both
from journal.models import JournalEntry
from quorum.testing import World

pytestmark = pytest.mark.django_db


def _client(world: World) -> Client:
    client = Client()
    client.force_login(world.personas.secretaire)
    return client


def _url(name: str, world: World, deliberation: object) -> str:
    return reverse(
        name, kwargs={"collectivite": world.slug, "deliberation_id": deliberation.pk}
    )


def test_package_holds_the_pdf_and_its_actes_metadata_l2131_2(world: World) -> None:
    deliberation = sign_both(make_deliberation(world))
    response = _client(world).get(_url("actes:package", world, deliberation))
    assert response.status_code == 200
    day = f"{deliberation.adopted_on:%Y%m%d}"
    identifier = f"038-213899990-{day}-{deliberation.actes_number}-DE"
    assert identifier in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == sorted(
        [f"{identifier}.pdf", "metadonnees.json"]
    )
    metadata = json.loads(archive.read("metadonnees.json"))
    assert metadata["identifiant_actes"] == identifier
    assert metadata["nature_code"] == "1"
    assert metadata["numero_interne"] == deliberation.actes_number
    assert metadata["date_decision"] == deliberation.adopted_on.isoformat()
    assert archive.read(f"{identifier}.pdf").startswith(b"%PDF")


def test_without_siren_the_package_says_what_is_missing(world: World) -> None:
    deliberation = make_deliberation(world)
    world.commune.siren = ""
    world.commune.save(update_fields=["siren"])
    response = _client(world).get(
        _url("actes:package", world, deliberation), follow=True
    )
    assert (
        "Le SIREN de la collectivité doit avoir 9 chiffres" in response.content.decode()
    )


def test_l2121_23_an_act_not_signed_is_not_packaged_for_the_prefecture(
    world: World,
) -> None:
    deliberation = make_deliberation(world)
    client = _client(world)

    page = client.get(_url("actes:transmission", world, deliberation))
    refused = client.get(_url("actes:package", world, deliberation), follow=True)

    text = html.unescape(page.content.decode())
    assert "Délibération pas encore signée" in text
    assert "(0 signature sur 2)" in text
    assert "la préfecture attend un acte signé" in text
    assert _url("actes:package", world, deliberation) not in text
    assert refused.redirect_chain[-1][1] == 302
    assert refused["Content-Type"].startswith("text/html")
    assert "(0 signature sur 2)" in html.unescape(refused.content.decode())
    signed = client.get(_url("actes:transmission", world, sign_both(deliberation)))
    assert "pas encore signée" not in html.unescape(signed.content.decode())
    assert _url("actes:package", world, deliberation) in signed.content.decode()


def test_acknowledgement_is_recorded_and_journaled(world: World) -> None:
    deliberation = make_deliberation(world)
    today = timezone.localdate()
    response = _client(world).post(
        _url("actes:transmission", world, deliberation),
        {
            "sent_on": today.isoformat(),
            "acknowledged_on": today.isoformat(),
            "acknowledgement_id": "038-213899990-AR-1",
        },
    )
    assert response.status_code == 302
    transmission = Transmission.objects.get(deliberation=deliberation)
    assert transmission.acknowledged_on == today
    assert transmission.acknowledgement_id == "038-213899990-AR-1"
    assert JournalEntry.objects.filter(action="actes.transmission_recorded").exists()


def test_an_acknowledgement_with_invisible_characters_is_refused(
    world: World,
) -> None:
    """The same refusals as every form of Quorum: a pasted identifier that
    carries a direction override is not stored as it reads."""
    deliberation = make_deliberation(world)
    response = _client(world).post(
        _url("actes:transmission", world, deliberation),
        {
            "acknowledged_on": timezone.localdate().isoformat(),
            "acknowledgement_id": "AR-\u202e1",
        },
    )
    assert response.status_code == 400
    assert "caractères invisibles" in response.content.decode()
    assert not Transmission.objects.filter(deliberation=deliberation).exists()


def test_acknowledgement_before_the_deliberation_is_refused_in_french(
    world: World,
) -> None:
    deliberation = make_deliberation(world)
    before = deliberation.adopted_on - timedelta(days=3)
    response = _client(world).post(
        _url("actes:transmission", world, deliberation),
        {
            "sent_on": before.isoformat(),
            "acknowledged_on": before.isoformat(),
            "acknowledgement_id": "AR-1",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "ne peut pas précéder la délibération" in page
    assert "AR-1" in page  # nothing typed is lost
    assert not Transmission.objects.filter(deliberation=deliberation).exists()


def test_registre_lists_the_year_with_its_tables_and_numbered_sheets_r2121_9(
    world: World,
) -> None:
    deliberation = make_deliberation(world)
    client = _client(world)
    kwargs = {"collectivite": world.slug, "year": deliberation.year}
    client.post(reverse("actes:registre_build", kwargs=kwargs))
    response = client.get(reverse("actes:registre_pdf", kwargs=kwargs))
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    texts = [re.sub(r"\s+", " ", page.extract_text() or "") for page in pages]
    whole = " ".join(texts)
    assert "Registre des délibérations du conseil municipal" in whole
    assert "Table chronologique" in whole
    assert "Table par matière" in whole
    assert f"Délibération n° {deliberation.display_number}" in whole
    assert "Feuillet de clôture" in whole
    for number, text in enumerate(texts, start=1):
        assert f"feuillet n° {number}" in text
