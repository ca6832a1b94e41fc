import hashlib
import io
import os
import unicodedata
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from documents import folder_import
from documents.folder_import import ImportReport, Outcome, import_folder
from documents.models import Document
from documents.storage import open_blob
from journal.models import JournalEntry
from quorum.testing import Personas

pytestmark = pytest.mark.django_db

NFD_NAME = unicodedata.normalize("NFD", "PV du 16 décembre 2022.pdf")


def write(path: Path, content: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A shared drive as communes keep it, with the usual debris."""
    root = tmp_path / "partage"
    write(root / "2021" / "Conseils" / "convocation.txt", b"Convocation du 12 mars")
    write(root / "2021" / "Conseils" / "pv.pdf", b"%PDF-1.4 proces-verbal")
    write(root / "2022" / "budget.csv", b"chapitre;montant\n011;120000\n")
    write(root / "note.txt", b"Note a la racine")
    write(root / NFD_NAME, b"%PDF-1.4 scan")
    write(root / "vide.txt", b"")
    write(root / ".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(root / "2021" / "Thumbs.db", b"thumbs")
    write(root / "2022" / "~$budget.xlsx", b"lock")
    write(root / ".git" / "config", b"[core]")
    (root / "lien.txt").symlink_to(root / "note.txt")
    (root / "raccourci").symlink_to(root / "2021", target_is_directory=True)
    return root


def run(tree: Path, personas: Personas) -> ImportReport:
    return import_folder(tree, workspace=personas.finances, author=personas.secretaire)


def outcome_of(report: ImportReport, path: str) -> Outcome:
    [entry] = [entry for entry in report.entries if entry.path == path]
    return entry.outcome


def reason_of(report: ImportReport, path: str) -> str:
    [entry] = [entry for entry in report.entries if entry.path == path]
    return entry.reason


def test_folder_import_keeps_the_tree_as_folders(tree, personas: Personas):
    run(tree, personas)

    stored = {
        (doc.folder, doc.current_version.filename)
        for doc in Document.objects.filter(workspace=personas.finances)
    }
    assert stored == {
        ("2021/Conseils", "convocation.txt"),
        ("2021/Conseils", "pv.pdf"),
        ("2022", "budget.csv"),
        ("", "note.txt"),
        ("", "PV du 16 décembre 2022.pdf"),
    }


def test_every_file_is_accounted_for_in_the_report(tree, personas: Personas):
    report = run(tree, personas)

    assert len(report.of(Outcome.CREATED)) == 5
    assert {entry.path for entry in report.not_taken} == {
        "vide.txt",
        ".DS_Store",
        "2021/Thumbs.db",
        "2022/~$budget.xlsx",
        ".git",
        "lien.txt",
        "raccourci",
    }
    assert all(entry.reason for entry in report.not_taken)
    assert report.summary() == "5 importés, 0 déjà présent, 3 refusés, 4 ignorés"


def test_empty_file_is_refused_with_its_reason(tree, personas: Personas):
    report = run(tree, personas)

    assert outcome_of(report, "vide.txt") == Outcome.REFUSED
    assert reason_of(report, "vide.txt") == "fichier vide"


def test_hidden_and_system_files_are_ignored_with_their_reason(
    tree, personas: Personas
):
    report = run(tree, personas)

    assert outcome_of(report, ".DS_Store") == Outcome.IGNORED
    assert reason_of(report, ".DS_Store") == "fichier caché"
    assert "vignettes de Windows" in reason_of(report, "2021/Thumbs.db")
    assert "fichier temporaire" in reason_of(report, "2022/~$budget.xlsx")
    assert reason_of(report, ".git") == "dossier caché"
    assert not Document.objects.filter(folder__startswith=".git").exists()


def test_nfd_file_name_comes_out_readable_in_nfc(tree, personas: Personas):
    run(tree, personas)

    document = Document.objects.get(title__startswith="PV du 16")
    assert document.title == "PV du 16 décembre 2022"
    assert document.current_version.filename == "PV du 16 décembre 2022.pdf"
    assert unicodedata.is_normalized("NFC", document.current_version.filename)


def test_nfd_folder_name_comes_out_in_nfc(tmp_path: Path, personas: Personas):
    write(tmp_path / "src" / unicodedata.normalize("NFD", "Séances") / "a.txt", b"a")

    import_folder(
        tmp_path / "src", workspace=personas.finances, author=personas.secretaire
    )

    assert Document.objects.get().folder == "Séances"


def test_symlink_is_refused_and_never_followed(tree, personas: Personas):
    report = run(tree, personas)

    assert outcome_of(report, "lien.txt") == Outcome.REFUSED
    assert "lien symbolique" in reason_of(report, "lien.txt")
    assert outcome_of(report, "raccourci") == Outcome.REFUSED
    assert not Document.objects.filter(folder__startswith="raccourci").exists()


def test_second_run_imports_nothing_twice(tree, personas: Personas):
    run(tree, personas)
    second = run(tree, personas)

    assert Document.objects.count() == 5
    assert second.imported == []
    assert len(second.of(Outcome.UNCHANGED)) == 5
    assert "même contenu" in reason_of(second, "2022/budget.csv")
    assert second.summary().startswith("0 importé, 5 déjà présents")


def test_changed_file_becomes_version_2(tree, personas: Personas):
    run(tree, personas)
    (tree / "2022" / "budget.csv").write_bytes(b"chapitre;montant\n011;125000\n")

    report = run(tree, personas)

    assert outcome_of(report, "2022/budget.csv") == Outcome.NEW_VERSION
    document = Document.objects.get(folder="2022", title="budget")
    assert list(document.versions.values_list("number", flat=True)) == [1, 2]
    assert document.current_version.number == 2
    assert Document.objects.count() == 5
    assert report.summary().startswith("1 importé (dont 1 nouvelle version), ")


def test_same_name_in_another_folder_is_another_document(
    tmp_path: Path, personas: Personas
):
    write(tmp_path / "src" / "2021" / "budget.csv", b"2021")
    write(tmp_path / "src" / "2022" / "budget.csv", b"2022")

    import_folder(
        tmp_path / "src", workspace=personas.finances, author=personas.secretaire
    )

    assert sorted(Document.objects.values_list("folder", flat=True)) == [
        "2021",
        "2022",
    ]


def test_file_over_the_size_limit_is_refused(
    tmp_path: Path, personas: Personas, settings
):
    settings.QUORUM_MAX_UPLOAD_MB = 1
    header = b"%PDF-1.4\n"
    write(
        tmp_path / "src" / "gros.pdf", header + b"x" * (1024 * 1024 + 1 - len(header))
    )
    write(tmp_path / "src" / "petit.pdf", header + b"x" * (1024 * 1024 - len(header)))

    report = import_folder(
        tmp_path / "src", workspace=personas.finances, author=personas.secretaire
    )

    assert outcome_of(report, "gros.pdf") == Outcome.REFUSED
    assert reason_of(report, "gros.pdf") == (
        "trop volumineux (1,0 Mo) : la taille maximale est de 1 Mo"
    )
    assert outcome_of(report, "petit.pdf") == Outcome.CREATED


def test_unreadable_file_is_refused_and_the_others_still_come_in(
    tree, personas: Personas, monkeypatch
):
    # chmod would not stop root, who runs CI: refuse the read instead.
    opener = folder_import.open_source

    def refuse_pv(path: Path):
        if path.name == "pv.pdf":
            raise PermissionError(13, "Permission denied")
        return opener(path)

    monkeypatch.setattr(folder_import, "open_source", refuse_pv)

    report = run(tree, personas)

    assert outcome_of(report, "2021/Conseils/pv.pdf") == Outcome.REFUSED
    assert reason_of(report, "2021/Conseils/pv.pdf") == (
        "fichier illisible : droits d'accès insuffisants"
    )
    assert len(report.of(Outcome.CREATED)) == 4


def test_two_names_equal_once_normalized_are_not_merged(
    tmp_path: Path, personas: Personas
):
    nfc = unicodedata.normalize("NFC", "délibération.txt")
    write(tmp_path / "src" / nfc, b"first")
    write(tmp_path / "src" / unicodedata.normalize("NFD", nfc), b"second")

    report = import_folder(
        tmp_path / "src", workspace=personas.finances, author=personas.secretaire
    )

    assert len(report.of(Outcome.CREATED)) == 1
    [refused] = report.of(Outcome.REFUSED)
    assert "porte déjà ce nom" in refused.reason
    assert Document.objects.get().versions.count() == 1


def test_latin1_file_name_from_an_old_drive_is_read_as_windows_1252(
    tmp_path: Path, personas: Personas
):
    source = tmp_path / "src"
    source.mkdir()
    with open(os.fsencode(source) + b"/r\xe9union.txt", "wb") as file:
        file.write(b"ordre du jour")

    import_folder(source, workspace=personas.finances, author=personas.secretaire)

    assert Document.objects.get().current_version.filename == "réunion.txt"


def test_import_takes_the_upload_path_and_writes_the_journal(tree, personas: Personas):
    run(tree, personas)

    created = JournalEntry.objects.filter(action="document.created")
    assert created.count() == 5
    assert set(created.values_list("actor", flat=True)) == {personas.secretaire.pk}
    summary = JournalEntry.objects.get(action="document.folder_imported")
    assert summary.data["created"] == 5
    assert summary.data["refused"] == 3


def test_command_prints_each_refusal_and_a_summary(tree, personas: Personas):
    out = io.StringIO()

    call_command(
        "import_folder",
        str(tree),
        collectivite="saint-test",
        workspace="Commission des finances",
        stdout=out,
    )

    text = out.getvalue()
    assert "refusé : vide.txt — fichier vide" in text
    assert "ignoré : .DS_Store — fichier caché" in text
    assert "Résumé : 5 importés, 0 déjà présent, 3 refusés, 4 ignorés." in text
    assert Document.objects.filter(created_by=personas.secretaire).count() == 5


def test_command_says_which_files_it_skipped_on_a_second_run(tree, personas: Personas):
    options = {"collectivite": "saint-test", "workspace": "Commission des finances"}
    call_command("import_folder", str(tree), stdout=io.StringIO(), **options)
    out = io.StringIO()

    call_command("import_folder", str(tree), stdout=out, **options)

    assert "déjà présent : 2022/budget.csv — même dossier" in out.getvalue()
    assert Document.objects.count() == 5


def test_command_author_can_be_named(tree, personas: Personas):
    call_command(
        "import_folder",
        str(tree),
        collectivite="saint-test",
        workspace="commission des finances",
        author=personas.adjointe.email.upper(),
        stdout=io.StringIO(),
    )

    assert Document.objects.filter(created_by=personas.adjointe).count() == 5


def test_command_refuses_an_author_from_another_collectivite(tree, personas: Personas):
    with pytest.raises(CommandError, match="n'est pas membre en fonction"):
        call_command(
            "import_folder",
            str(tree),
            collectivite="saint-test",
            workspace="Commission des finances",
            author=personas.outsider.email,
        )


def test_unknown_workspace_is_a_clear_error_listing_the_workspaces(
    tree, personas: Personas
):
    with pytest.raises(CommandError) as error:
        call_command(
            "import_folder",
            str(tree),
            collectivite="saint-test",
            workspace="Commission voirie",
        )

    assert str(error.value) == (
        "Saint-Test n'a pas d'espace de travail « Commission voirie ». "
        "Espaces existants : « Commission des finances », « Projet école »."
    )
    assert not Document.objects.exists()


def test_unknown_collectivite_is_a_clear_error(tree, personas: Personas):
    with pytest.raises(CommandError, match="Aucune collectivité n'a l'identifiant"):
        call_command(
            "import_folder", str(tree), collectivite="saint-tset", workspace="x"
        )


def test_missing_folder_is_a_clear_error(tmp_path: Path, personas: Personas):
    with pytest.raises(CommandError, match="n'existe pas"):
        call_command(
            "import_folder",
            str(tmp_path / "absent"),
            collectivite="saint-test",
            workspace="Commission des finances",
        )


def test_real_corpus_comes_in_whole_and_byte_for_byte(
    corpus_dir: Path, personas: Personas
):
    on_disk = {
        path.relative_to(corpus_dir): path
        for path in corpus_dir.rglob("*")
        if path.is_file() and not path.is_symlink()
    }

    report = import_folder(
        corpus_dir, workspace=personas.finances, author=personas.secretaire
    )

    assert report.not_taken == [], [entry.describe() for entry in report.not_taken]
    assert len(report.of(Outcome.CREATED)) == len(on_disk) >= 41
    for relative, path in on_disk.items():
        parent = "" if relative.parent == Path() else relative.parent.as_posix()
        folder = unicodedata.normalize("NFC", parent)
        name = unicodedata.normalize("NFC", relative.name)
        document = Document.objects.get(folder=folder, current_version__filename=name)
        expected = hashlib.sha256(path.read_bytes()).hexdigest()
        assert document.current_version.blob_id == expected, relative
        with open_blob(document.current_version.blob) as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == expected, relative
