"""``make export`` and ``make import`` say what they are doing as they go:
the rows model by model, then each file, before the summary at the end."""

import io
from pathlib import Path

from django.core.management import call_command

from portability.registry import REGISTRY
from portability.tests.conftest import ArchiveData, export, import_, wipe


def test_export_prints_each_model_then_each_file_before_it_is_over(
    archive_data: ArchiveData, tmp_path: Path
):
    output = export("saint-test", tmp_path / "x.zip")
    lines = output.splitlines()

    reading = lines.index("Lecture des données de « Saint-Test » :")
    writing = lines.index("Écriture de l'archive x.zip : collectivite.json")
    # The act PDFs and the list's, besides the three documents' contents.
    files = [
        next(
            i
            for i, line in enumerate(lines)
            if line.startswith(f"  fichier {n} sur 6 (")
        )
        for n in range(1, 7)
    ]
    done = next(i for i, line in enumerate(lines) if line.startswith("Export terminé"))
    read = lines[reading + 1 : writing]
    assert len(read) == len(REGISTRY), "one line per model"
    assert "  documents : 2" in read
    assert reading < writing < files[0] < files[-1] < done
    assert files == sorted(files)


def test_import_prints_its_checks_the_rows_and_the_files_as_it_goes(
    archive_data: ArchiveData, tmp_path: Path
):
    export("saint-test", tmp_path / "x.zip")
    wipe(archive_data.personas.commune)

    lines = import_(tmp_path / "x.zip").splitlines()

    steps = [
        "Lecture de l'archive x.zip : collectivite.json",
        "Vérification des fichiers de l'archive :",
        "Vérification du journal…",
        "Écriture des données :",
        "Enregistrement des fichiers :",
        "Indexation pour la recherche…",
    ]
    where = [lines.index(step) for step in steps]
    assert where == sorted(where)
    checked = lines[where[1] + 1 : where[2]]
    assert checked[-1].startswith("  fichier 6 sur 6 vérifié (")
    written = lines[where[3] + 1 : where[4]]
    assert "  documents : 2" in written
    stored = lines[where[4] + 1 : where[5]]
    assert [line.split(" (")[0] for line in stored] == [
        f"  fichier {n} sur 6" for n in range(1, 7)
    ]
    assert lines[-1] == "Import terminé ; le journal se vérifie."


def test_verbosity_zero_keeps_only_the_summary(
    archive_data: ArchiveData, tmp_path: Path
):
    output = io.StringIO()
    call_command(
        "export_collectivite",
        "saint-test",
        str(tmp_path / "x.zip"),
        stdout=output,
        verbosity=0,
    )

    assert "Lecture des données" not in output.getvalue()
    assert "fichier 1 sur" not in output.getvalue()
    assert "Export terminé" in output.getvalue()
