import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management.base import CommandError

from journal.models import JournalEntry
from portability.archive import JSON_NAME
from portability.tests.conftest import (
    ArchiveData,
    archive_files,
    archive_json,
    database_state,
    export,
    import_,
    rewrite,
    wipe,
)


@pytest.fixture
def exported(archive_data: ArchiveData, tmp_path: Path) -> Path:
    """Saint-Test exported, then wiped: the archive would import cleanly."""
    archive = tmp_path / "saint-test.zip"
    export("saint-test", archive)
    wipe(archive_data.personas.commune)
    return archive


def refused(archive: Path, match: str) -> None:
    """The import fails with ``match`` in its message and writes nothing."""
    before = database_state()
    with pytest.raises(CommandError, match=match):
        import_(archive)
    assert database_state() == before


def test_export_of_an_unknown_slug_is_refused(db: None, tmp_path: Path):
    with pytest.raises(CommandError, match="Aucune collectivité ne porte .*inconnue"):
        export("inconnue", tmp_path / "x.zip")

    assert not (tmp_path / "x.zip").exists()


def test_file_that_is_not_a_zip_is_refused(exported: Path, tmp_path: Path):
    text = tmp_path / "notes.zip"
    text.write_text("ceci n'est pas une archive")

    refused(text, "n'est pas une archive zip")


def test_truncated_archive_is_refused_with_nothing_written(
    exported: Path, tmp_path: Path
):
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(exported.read_bytes()[:-200])

    refused(truncated, "n'est pas une archive zip, ou elle est abîmée")


def test_archive_with_damaged_bytes_is_refused_with_nothing_written(
    exported: Path, tmp_path: Path
):
    damaged = tmp_path / "damaged.zip"
    data = bytearray(exported.read_bytes())
    for offset in range(60, 80):  # inside collectivite.json's compressed bytes
        data[offset] ^= 0xFF
    damaged.write_bytes(bytes(data))

    refused(damaged, "collectivite.json est abîmé")


def test_archive_without_collectivite_json_is_refused(exported: Path, tmp_path: Path):
    bare = tmp_path / "bare.zip"
    rewrite(exported, bare, {JSON_NAME: None})

    refused(bare, "ne contient pas collectivite.json")


def test_archive_of_another_format_version_is_refused(exported: Path, tmp_path: Path):
    document = archive_json(exported)
    document["format"] = 99
    newer = tmp_path / "newer.zip"
    rewrite(exported, newer, {JSON_NAME: json.dumps(document).encode()})

    refused(newer, "au format 99 ; cette version de Quorum lit le format 1")


def test_archive_with_rows_of_an_unknown_model_is_refused(
    exported: Path, tmp_path: Path
):
    document = archive_json(exported)
    document["rows"]["registres.registre"] = []
    newer = tmp_path / "newer.zip"
    rewrite(exported, newer, {JSON_NAME: json.dumps(document).encode()})

    refused(newer, "ne connaît pas : registres.registre")


def test_tampered_file_is_refused_naming_it_with_nothing_written(
    exported: Path, tmp_path: Path
):
    name = sorted(archive_files(exported))[0]
    tampered = tmp_path / "tampered.zip"
    rewrite(exported, tampered, {name: b"autre contenu"})

    refused(tampered, f"Le fichier {name} est corrompu")


def test_missing_file_is_refused_naming_it(exported: Path, tmp_path: Path):
    name = sorted(archive_files(exported))[0]
    incomplete = tmp_path / "incomplete.zip"
    rewrite(exported, incomplete, {name: None})

    refused(incomplete, f"ne contient pas le fichier {name}")


def test_tampered_journal_is_refused_with_nothing_written(
    exported: Path, tmp_path: Path
):
    document = archive_json(exported)
    document["rows"]["journal.journalentry"][1]["fields"]["action"] = "rien"
    tampered = tmp_path / "tampered.zip"
    rewrite(exported, tampered, {JSON_NAME: json.dumps(document).encode()})

    refused(tampered, "Le journal de l'archive ne se vérifie pas : entrée n° ")


def test_removed_journal_entry_is_refused(exported: Path, tmp_path: Path):
    document = archive_json(exported)
    del document["rows"]["journal.journalentry"][1]
    tampered = tmp_path / "tampered.zip"
    rewrite(exported, tampered, {JSON_NAME: json.dumps(document).encode()})

    refused(tampered, "le lien avec l'entrée précédente est rompu")


def test_invalid_row_is_refused(exported: Path, tmp_path: Path):
    document = archive_json(exported)
    document["rows"]["documents.version"][0]["fields"]["number"] = "deux"
    broken = tmp_path / "broken.zip"
    rewrite(exported, broken, {JSON_NAME: json.dumps(document).encode()})

    refused(broken, "collectivite.json contient une ligne invalide")


def test_row_pointing_to_a_missing_row_is_refused_with_nothing_written(
    exported: Path, tmp_path: Path
):
    document = archive_json(exported)
    document["rows"]["collectivites.workspace"] = []
    broken = tmp_path / "broken.zip"
    rewrite(exported, broken, {JSON_NAME: json.dumps(document).encode()})

    refused(broken, "collectivite.json est incohérent")


def test_row_slipped_into_another_collectivite_is_refused(
    archive_data: ArchiveData, exported: Path, tmp_path: Path
):
    document = archive_json(exported)
    workspace = document["rows"]["collectivites.workspace"][0]
    workspace["fields"]["collectivite"] = str(archive_data.personas.other.pk)
    workspace["fields"]["name"] = "Espace glissé"
    broken = tmp_path / "broken.zip"
    rewrite(exported, broken, {JSON_NAME: json.dumps(document).encode()})

    refused(broken, "des espaces de travail n'appartiennent pas à « saint-test »")


def test_import_of_a_collectivite_that_exists_is_refused(
    archive_data: ArchiveData, tmp_path: Path
):
    archive = tmp_path / "saint-test.zip"
    export("saint-test", archive)

    refused(archive, "La collectivité « saint-test » existe déjà dans cette base")


def test_second_import_of_the_same_archive_is_refused(exported: Path):
    import_(exported)
    entries = JournalEntry.objects.count()

    refused(exported, "existe déjà")
    assert JournalEntry.objects.count() == entries


def test_export_of_a_missing_file_leaves_no_archive(
    archive_data: ArchiveData, tmp_path: Path
):
    default_storage.delete(archive_data.budget.current_version.blob.storage_name)
    out = tmp_path / "exports" / "x.zip"
    out.parent.mkdir()

    with pytest.raises(CommandError, match="manque dans le stockage"):
        export("saint-test", out)

    assert list(out.parent.iterdir()) == []


def test_row_breaking_a_rule_of_the_database_is_refused_with_nothing_written(
    exported: Path, tmp_path: Path
):
    document = archive_json(exported)
    membership = document["rows"]["collectivites.membership"][0]["fields"]
    membership["started_on"], membership["ended_on"] = "2024-01-01", "2020-01-01"
    broken = tmp_path / "broken.zip"
    rewrite(exported, broken, {JSON_NAME: json.dumps(document).encode()})

    refused(broken, "Une ligne de collectivite.json ne peut pas être écrite")


def test_row_with_a_field_this_version_does_not_know_is_refused(
    exported: Path, tmp_path: Path
):
    document = archive_json(exported)
    document["rows"]["documents.document"][0]["fields"]["couleur"] = "rouge"
    newer = tmp_path / "newer.zip"
    rewrite(exported, newer, {JSON_NAME: json.dumps(document).encode()})

    refused(newer, "collectivite.json contient une ligne invalide")
