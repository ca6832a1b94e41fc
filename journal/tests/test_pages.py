"""The journal page and its exports, as the maire and the secrétaire use
them."""

import csv
import hashlib
import io
import json
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.models import JournalEntry
from journal.services import GENESIS, record
from quorum.testing import Personas

pytestmark = pytest.mark.django_db


def url(personas: Personas, name: str = "journal:page", **kwargs: str) -> str:
    return reverse(name, kwargs={"collectivite": personas.commune.slug, **kwargs})


def body(response) -> str:  # noqa: ANN001
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def filled(personas: Personas) -> Personas:
    """Saint-Test's journal, and Val-d'Autre's beside it."""
    for number in range(3):
        record(
            "vote.recorded",
            collectivite=personas.commune,
            actor=personas.secretaire,
            pour=10 + number,
        )
    record("seance.closed", collectivite=personas.commune, actor=personas.maire)
    record(
        "membership.changed",
        collectivite=personas.other,
        actor=personas.outsider,
        note="CANARI-AUTRE",
    )
    return personas


@pytest.mark.parametrize("who", ["maire", "secretaire"])
def test_the_managers_read_the_journal_in_french_words(client: Client, filled, who):
    client.force_login(getattr(filled, who))
    page = client.get(url(filled)).content.decode()
    assert "Vote enregistré" in page
    assert "Séance levée" in page
    assert filled.secretaire.email in page
    assert "CANARI-AUTRE" not in page
    assert "Rôle ou fonction d'un membre modifié" not in page


def test_the_journal_filters_by_action(client: Client, filled):
    client.force_login(filled.maire)
    page = client.get(url(filled), {"action": "seance.closed"}).content.decode()
    assert "Séance levée" in page
    assert "<td>Vote enregistré</td>" not in page


def test_the_journal_filters_by_date(client: Client, filled):
    old = JournalEntry.objects.filter(action="seance.closed")
    old.update(at=timezone.now() - timedelta(days=40))
    client.force_login(filled.maire)
    today = timezone.localdate()
    page = client.get(
        url(filled), {"start": (today - timedelta(days=1)).isoformat()}
    ).content.decode()
    assert "<td>Vote enregistré</td>" in page
    assert "<td>Séance levée</td>" not in page
    page = client.get(
        url(filled), {"end": (today - timedelta(days=30)).isoformat()}
    ).content.decode()
    assert "<td>Séance levée</td>" in page
    assert "<td>Vote enregistré</td>" not in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-02-30"}, "Saisissez une date valide"),
        ({"start": "hier"}, "Saisissez une date valide"),
        ({"start": "0001-01-01"}, "entre 1900 et 2199"),
        ({"start": "2026-05-02", "end": "2026-05-01"}, "doit suivre la date de début"),
        ({"action": "rien.du.tout"}, "Choisissez un événement de la liste"),
    ],
)
def test_a_bad_filter_says_why_in_french(client: Client, filled, params, message):
    client.force_login(filled.maire)
    response = client.get(url(filled), params)
    assert response.status_code == 200
    assert message in response.content.decode()
    export = client.get(url(filled, "journal:export", fmt="csv"), params)
    assert export.status_code == 400
    assert message in export.content.decode()


def test_the_journal_is_paginated_in_a_fixed_number_of_queries(
    client: Client, personas: Personas, django_assert_max_num_queries
):
    for number in range(120):
        record("vote.recorded", collectivite=personas.commune, n=number)
    client.force_login(personas.maire)
    with django_assert_max_num_queries(12):
        first = client.get(url(personas)).content.decode()
    assert "1 / 3" in first
    last = client.get(url(personas), {"page": "3"}).content.decode()
    assert last.count("<td>Vote enregistré</td>") == 20
    assert client.get(url(personas), {"page": "n'importe"}).status_code == 200


def test_the_json_export_verifies_outside_quorum(client: Client, filled):
    client.force_login(filled.secretaire)
    response = client.get(url(filled, "journal:export", fmt="json"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    exported = json.loads(body(response))
    entries = exported["entrees"]
    assert [e["action"] for e in entries] == ["vote.recorded"] * 3 + ["seance.closed"]
    previous = GENESIS
    for entry in entries:
        assert entry["previous_hash"] == previous
        signed = entry["contenu_signe"]
        assert hashlib.sha256(signed.encode()).hexdigest() == entry["hash"]
        # What is signed is what the entry says.
        assert json.loads(signed)["action"] == entry["action"]
        assert json.loads(signed)["data"] == entry["data"]
        previous = entry["hash"]
    assert "CANARI-AUTRE" not in json.dumps(exported)


def test_the_csv_export_opens_in_a_spreadsheet_and_verifies(client: Client, filled):
    client.force_login(filled.maire)
    text = body(client.get(url(filled, "journal:export", fmt="csv")))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [row["evenement"] for row in rows][-1] == "Séance levée"
    previous = GENESIS
    for row in rows:
        assert row["hash_precedent"] == previous
        digest = hashlib.sha256(row["contenu_signe"].encode()).hexdigest()
        assert digest == row["hash"]
        previous = row["hash"]
    assert "CANARI-AUTRE" not in text


def test_a_filtered_export_holds_only_what_the_page_shows(client: Client, filled):
    client.force_login(filled.maire)
    text = body(
        client.get(
            url(filled, "journal:export", fmt="json"), {"action": "seance.closed"}
        )
    )
    exported = json.loads(text)
    assert exported["filtre"] is True
    assert [e["action"] for e in exported["entrees"]] == ["seance.closed"]


def test_an_entry_of_an_unknown_action_shows_its_code(client: Client, personas):
    record("autre.chose", collectivite=personas.commune)
    client.force_login(personas.maire)
    assert "autre.chose" in client.get(url(personas)).content.decode()


def test_the_date_shown_is_the_time_of_the_commune(client: Client, personas):
    entry = record("seance.opened", collectivite=personas.commune)
    moment = datetime(2026, 7, 14, 18, 30, tzinfo=timezone.UTC)
    JournalEntry.objects.filter(pk=entry.pk).update(at=moment)
    client.force_login(personas.maire)
    assert "14 juillet 2026 à 20:30:00" in client.get(url(personas)).content.decode()
