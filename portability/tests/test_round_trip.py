import hashlib
from pathlib import Path

from accounts.models import User
from collectivites.models import Collectivite, WorkspaceMember
from documents.models import Blob, Document
from documents.storage import open_blob
from journal.models import JournalEntry
from journal.services import verify
from portability.registry import REGISTRY
from portability.tests.conftest import (
    ArchiveData,
    archive_files,
    archive_json,
    export,
    import_,
    json_bytes_without_date,
    wipe,
)
from quorum.testing import PASSWORD


def test_export_import_export_gives_the_same_archive(
    archive_data: ArchiveData, tmp_path: Path
):
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    export("saint-test", first)

    wipe(archive_data.personas.commune)
    assert not Collectivite.objects.filter(slug="saint-test").exists()
    import_(first)
    export("saint-test", second)

    assert json_bytes_without_date(first) == json_bytes_without_date(second)
    assert archive_files(first) == archive_files(second)
    assert verify() == []


def test_round_trip_covers_every_exported_model(
    archive_data: ArchiveData, tmp_path: Path
):
    export("saint-test", tmp_path / "x.zip")

    rows = archive_json(tmp_path / "x.zip")["rows"]

    empty = [part.key for part in REGISTRY if not rows[part.key]]
    assert empty == [], "give these models rows in archive_data, so that it proves"


def test_archive_holds_one_file_per_content_named_by_its_hash(
    archive_data: ArchiveData, tmp_path: Path
):
    export("saint-test", tmp_path / "x.zip")

    files = archive_files(tmp_path / "x.zip")

    from django.apps import apps

    # The documents' contents, and the PDFs of the acts: délibérations,
    # lists, procès-verbaux and their published copies (added by actes).
    acts = {
        f"files/{sha}"
        for label, fields in (
            ("actes.Deliberation", ("pdf_id", "signed_pdf_id")),
            ("minutes.ListeDeliberations", ("pdf_id",)),
            ("minutes.ProcesVerbal", ("pdf_id", "signed_pdf_id")),
            ("publication.Publication", ("pdf_id",)),
        )
        for row in apps.get_model(label)
        .objects.filter(collectivite__slug="saint-test")
        .values_list(*fields)
        for sha in row
        if sha
    }
    assert acts
    assert set(files) - acts == {
        f"files/{hashlib.sha256(content).hexdigest()}"
        for content in (b"budget v1", b"budget v2", b"modele partage")
    }
    for name, content in files.items():
        assert name == f"files/{hashlib.sha256(content).hexdigest()}"


def test_archive_keeps_accents_as_utf8_and_holds_nothing_of_another_collectivite(
    archive_data: ArchiveData, tmp_path: Path
):
    export("saint-test", tmp_path / "x.zip")

    document = archive_json(tmp_path / "x.zip")
    text = json_bytes_without_date(tmp_path / "x.zip").decode("utf-8")

    assert document["collectivite"] == "saint-test"
    assert '"lieu": "Salle des fêtes « Les Tilleuls »"' in text
    assert "Autre-Test" not in text
    assert "is_superuser" not in text
    assert archive_data.personas.outsider.email not in text
    assert str(archive_data.other_document.pk) not in text


def test_import_restores_documents_timestamps_and_files(
    archive_data: ArchiveData, tmp_path: Path
):
    budget = archive_data.budget
    before = Document.objects.select_related("current_version").get(pk=budget.pk)
    export("saint-test", tmp_path / "x.zip")
    wipe(archive_data.personas.commune)
    assert not Blob.objects.filter(pk=before.current_version.blob_id).exists()

    import_(tmp_path / "x.zip")

    after = Document.objects.get(pk=budget.pk)
    assert (after.created_at, after.updated_at) == (
        before.created_at,
        before.updated_at,
    )
    assert after.current_version.number == 2
    assert [v.note for v in after.versions.all()][1].endswith("— été")
    with open_blob(after.current_version.blob) as stream:
        assert stream.read() == b"budget v2"


def test_imported_people_log_in_with_their_password(
    archive_data: ArchiveData, tmp_path: Path, client
):
    maire = archive_data.personas.maire
    export("saint-test", tmp_path / "x.zip")
    wipe(archive_data.personas.commune)
    assert not User.objects.filter(email=maire.email).exists()

    import_(tmp_path / "x.zip")

    assert client.login(email=maire.email, password=PASSWORD)


def test_import_never_grants_rights_over_the_platform(
    archive_data: ArchiveData, tmp_path: Path
):
    maire = archive_data.personas.maire
    User.objects.filter(pk=maire.pk).update(is_staff=True, is_superuser=True)
    export("saint-test", tmp_path / "x.zip")
    wipe(archive_data.personas.commune)

    import_(tmp_path / "x.zip")

    maire.refresh_from_db()
    assert (maire.is_staff, maire.is_superuser) == (False, False)


def test_import_reports_counts_per_kind_and_the_reused_secretaire(
    archive_data: ArchiveData, tmp_path: Path
):
    export("saint-test", tmp_path / "x.zip")
    wipe(archive_data.personas.commune)

    output = import_(tmp_path / "x.zip")

    assert "« Saint-Test » (saint-test)" in output
    assert "  documents : 2\n" in output
    assert "  versions : 4\n" in output
    # The three documents' contents, the délibération's PDF and its published
    # copy (added by actes), the list of délibérations' PDF (by publication).
    assert "  contenus stockés : 6\n" in output
    secretaire = archive_data.personas.secretaire.email
    assert f"{secretaire} existait déjà (même adresse e-mail)" in output
    assert "1 contenu(s) déjà stocké(s)" in output


def test_export_says_the_archive_holds_password_hashes(
    archive_data: ArchiveData, tmp_path: Path
):
    people = User.objects.filter(memberships__collectivite__slug="saint-test")

    output = export("saint-test", tmp_path / "x.zip")

    assert f"  personnes : {people.distinct().count()}\n" in output
    # With the act PDFs (added by actes) and the list's (by publication).
    assert "  fichiers : 6 " in output
    assert "empreintes des mots de passe" in output


def test_integer_keys_taken_by_another_collectivite_are_renumbered_in_order(
    archive_data: ArchiveData, tmp_path: Path
):
    commune = archive_data.personas.commune
    actions = list(
        JournalEntry.objects.filter(collectivite=commune).values_list("action", "hash")
    )
    first_id = JournalEntry.objects.filter(collectivite=commune).order_by("id")[0].id
    member = WorkspaceMember.objects.filter(workspace__collectivite=commune).first()
    export("saint-test", tmp_path / "x.zip")
    wipe(commune)
    # Autre-Test's entry and member take keys that the archive holds.
    JournalEntry.objects.filter(pk=archive_data.other_entry.pk).update(id=first_id)
    WorkspaceMember.objects.filter(
        workspace=archive_data.personas.other_workspace
    ).update(id=member.pk)

    output = import_(tmp_path / "x.zip")

    assert "entrées du journal : numéros déjà pris" in output
    assert "membres des espaces de travail : numéros déjà pris" in output
    assert verify() == []
    restored = JournalEntry.objects.filter(collectivite=commune).order_by("id")
    assert list(restored.values_list("action", "hash")) == actions
    assert WorkspaceMember.objects.filter(workspace__collectivite=commune).count() == 4
