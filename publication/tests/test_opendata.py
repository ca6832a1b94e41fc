"""The délibérations in the national open-data format (RULES §9): the file
anyone downloads passes the SCDL Table Schema, lists only what is public, and
a collectivité's history loads from such a file, all or nothing."""

import html
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import frictionless
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from actes.models import Deliberation, Transmission
from collectivites.models import Collectivite
from documents import storage
from domain import scdl
from journal.models import JournalEntry
from publication.models import Publication
from quorum.testing import Personas
from seances.models import AgendaItem, Seance

PARIS = ZoneInfo("Europe/Paris")


def _decided(
    commune: Collectivite,
    by,
    title: str,
    sequence: int,
    *,
    published: bool = True,
    matiere: str = "7.5",
    huis_clos: bool = False,
) -> Deliberation:
    seance = Seance.objects.create(
        collectivite=commune,
        starts_at=datetime(2026, 3, 10, 20, 0, tzinfo=PARIS),
        place="Salle du conseil",
        status=Seance.Status.CLOSE,
    )
    item = AgendaItem.objects.create(
        seance=seance, position=sequence, title=title, huis_clos=huis_clos
    )
    deliberation = Deliberation.objects.create(
        collectivite=commune,
        seance=seance,
        item=item,
        adopted_on=date(2026, 3, 10),
        order=1,
        year=2026,
        sequence=sequence,
        title=title,
        matiere=matiere,
        outcome=Deliberation.Outcome.ADOPTEE,
        en_exercice=15,
        presents=12,
        representes=2,
        votants=14,
        pour=13,
        contre=0,
        abstentions=1,
    )
    if published:
        Publication.objects.create(
            collectivite=commune,
            deliberation=deliberation,
            pdf=storage.store(io.BytesIO(f"%PDF {title}".encode())),
            published_at=timezone.now(),
            published_by=by,
        )
    return deliberation


def _download(client, slug: str):
    return client.get(reverse("opendata:deliberations_csv", args=[slug]))


def _validate(body: bytes, tmp_path) -> frictionless.Report:
    (tmp_path / "file.csv").write_bytes(body)
    resource = frictionless.Resource(
        path="file.csv",
        basepath=str(tmp_path),
        schema=frictionless.Schema.from_descriptor(scdl.table_schema()),
    )
    return resource.validate()


@pytest.mark.django_db
def test_anyone_downloads_a_file_that_passes_the_schema(client, personas, tmp_path):
    commune = personas.commune
    adopted = _decided(
        commune, personas.secretaire, "Subvention, au comité des fêtes", 12
    )
    Transmission.objects.create(
        collectivite=commune,
        deliberation=adopted,
        prefecture_id="PREF038",
        sent_on=date(2026, 3, 11),
        acknowledged_on=date(2026, 3, 12),
    )
    response = _download(client, commune.slug)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    siren = commune.siret[:9]
    assert response["Content-Disposition"] == (
        f'attachment; filename="{timezone.localdate():%Y%m%d}_{siren}_deliberations.csv"'
    )
    report = _validate(response.content, tmp_path)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "note"])
    ((_, row),) = scdl.read(response.content).rows
    assert row.delib_id == "2026_012"
    assert row.delib_objet == "Subvention, au comité des fêtes"
    assert row.delib_matiere_nom == "finances locales/subventions"
    assert row.pref_id == "PREF038"
    assert row.pref_date == date(2026, 3, 12)
    # The vote counts map as RULES §9 says.
    assert (row.vote_effectif, row.vote_reel) == (15, 14)
    assert (row.vote_pour, row.vote_contre, row.vote_abstention) == (13, 0, 1)
    assert row.delib_url.startswith("http://testserver/")


@pytest.mark.django_db
def test_the_file_holds_only_what_is_published_in_this_collectivite(client, personas):
    by = personas.secretaire
    _decided(personas.commune, by, "Publiée", 1)
    _decided(
        personas.commune, by, "Pas encore publiée CANARI-BROUILLON", 2, published=False
    )
    _decided(personas.other, personas.outsider, "Délibération CANARI-AUTRE", 1)
    withdrawn = _decided(personas.commune, by, "Retirée", 3)
    Publication.objects.filter(deliberation=withdrawn).update(
        withdrawn_at=timezone.now()
    )
    text = _download(client, personas.commune.slug).content.decode()
    assert "Publiée" in text
    assert "CANARI-BROUILLON" not in text
    assert "CANARI-AUTRE" not in text
    assert "Retirée" not in text


@pytest.mark.django_db
def test_a_deliberation_without_matiere_is_named_to_the_managers(client, personas):
    _decided(personas.commune, personas.secretaire, "Sans matière", 4, matiere="")
    assert (
        "Sans matière" not in _download(client, personas.commune.slug).content.decode()
    )
    client.force_login(personas.secretaire)
    page = client.get(reverse("opendata:history_import", args=[personas.commune.slug]))
    assert "Sans matière" in page.content.decode()


@pytest.mark.django_db
def test_no_file_before_the_siret_is_known(client, personas):
    Collectivite.objects.filter(pk=personas.commune.pk).update(siret="")
    response = _download(client, personas.commune.slug)
    assert response.status_code == 404
    assert "SIRET" in response.content.decode()


@pytest.mark.django_db
def test_the_file_costs_the_same_queries_whatever_its_length(client, personas):
    by = personas.secretaire
    _decided(personas.commune, by, "Première", 1)
    with CaptureQueriesContext(connection) as few:
        _download(client, personas.commune.slug)
    for sequence in range(2, 22):
        _decided(personas.commune, by, f"Délibération {sequence}", sequence)
    with CaptureQueriesContext(connection) as many:
        assert _download(client, personas.commune.slug).content.count(b"\r\n") == 22
    assert len(many) == len(few)


# Loading the history --------------------------------------------------------


def _history(siret: str, *lines: str, separator: str = ";") -> bytes:
    header = separator.join(scdl.HEADER)
    body = "\n".join(line.replace(",", separator) for line in lines)
    return (header + "\n" + body + "\n").encode("cp1252")


def _line(siret: str, delib_id: str, day: str = "2019-03-12") -> str:
    return (
        f"Commune de Saint-Test,{siret},{delib_id},{day},7.1,"
        "finances locales/décisions budgétaires,Budget primitif,2019,Budget principal,"
        "PREF038,2019-03-14,15,13,13,0,0,"
    )


def _post(client, personas: Personas, data: bytes):
    client.force_login(personas.secretaire)
    upload = io.BytesIO(data)
    upload.name = "deliberations.csv"
    response = client.post(
        reverse("opendata:history_import", args=[personas.commune.slug]),
        {"file": upload},
        follow=True,
    )
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_the_history_loads_from_a_file_with_semicolons_in_windows_encoding(
    client, personas
):
    siret = personas.commune.siret
    data = _history(siret, _line(siret, "DEL2019_004"), _line(siret, "DEL2019_005"))
    page = _post(client, personas, data)
    assert "2 délibération(s) de l'historique chargée(s)." in page
    loaded = Deliberation.objects.get(source_id="DEL2019_004")
    assert loaded.collectivite == personas.commune
    assert loaded.title == "Budget primitif"
    assert loaded.transmission.acknowledged_on == date(2019, 3, 14)
    assert JournalEntry.objects.filter(action="scdl.history_imported").count() == 1
    # Loaded once only: the same file again names what was already there.
    again = _post(client, personas, data)
    assert "0 délibération(s) de l'historique chargée(s). 2 déjà présente(s)" in again
    assert Deliberation.objects.filter(collectivite=personas.commune).count() == 2
    # The history is public open data again.
    text = _download(client, personas.commune.slug).content.decode()
    assert "DEL2019_004" in text


@pytest.mark.django_db
def test_one_bad_line_and_nothing_is_loaded_every_bad_line_named(client, personas):
    siret = personas.commune.siret
    data = _history(
        siret,
        _line(siret, "DEL2019_004"),
        _line(siret, "DEL2019_005", day="2019-02-30"),
        _line(siret, "DEL2019_006"),
        _line("21000000000000", "DEL2019_007"),
    )
    page = _post(client, personas, data)
    assert "Rien n'a été chargé : 2 lignes à corriger" in page
    assert "ligne 3 : DELIB_DATE : « 2019-02-30 » n'est pas une date qui existe" in page
    assert (
        "ligne 5 : le SIRET 21000000000000 n'est pas celui de la collectivité" in page
    )
    assert not Deliberation.objects.exists()
    assert not JournalEntry.objects.filter(action="scdl.history_imported").exists()


@pytest.mark.django_db
def test_a_file_that_is_not_scdl_is_explained(client, personas):
    page = _post(client, personas, b"nom;prenom\nDupont;Jean\n")
    assert "il manque les colonnes obligatoires" in page
    assert not Deliberation.objects.exists()


@pytest.mark.django_db
def test_another_scdl_file_of_the_corpus_is_refused_as_such(
    client, personas, corpus_dir
):
    """A real SCDL « subventions » file of a commune is not a file of
    délibérations: the page says what is missing and loads nothing."""
    data = (
        corpus_dir
        / "scdl-subventions-castelmaurou"
        / "subventions-commune-de-castelmaurou.csv"
    ).read_bytes()
    page = _post(client, personas, data)
    assert "il manque les colonnes obligatoires COLL_NOM, COLL_SIRET, DELIB_ID" in page
    assert not Deliberation.objects.exists()
