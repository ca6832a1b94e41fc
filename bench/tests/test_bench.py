"""The bench runs, on a tiny size, and keeps every figure: it cannot rot
between two ``make bench``."""

import json
from pathlib import Path

import pytest
from pytest_django import Settings

from bench import report, runner
from bench.database import BenchError, bench_url
from previews.tests.conftest import pdf_bytes


@pytest.mark.django_db(transaction=True)  # uploads commit, as in the bench
def test_the_bench_measures_every_figure_on_a_tiny_size_and_keeps_them_as_json(
    settings: Settings, tmp_path: Path
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}
    }
    corpus = tmp_path / "corpus"
    (corpus / "commune").mkdir(parents=True)
    (corpus / "commune" / "note.txt").write_text("Compte rendu du conseil.")
    (corpus / "commune" / "blanc.pdf").write_bytes(pdf_bytes())
    (corpus / "page.html").write_text("<script>alert(1)</script>")
    settings.QUORUM_CORPUS_DIR = corpus

    # The pages are measured through gunicorn, which cannot see a test's
    # database: their queries are pinned by test_page_queries, the server
    # by test_production_server.
    measured = runner.run(quick=True, only=["corpus", "search", "dossier"])
    dated, latest = report.write(measured, tmp_path / "bench")

    kept = json.loads(latest.read_text())
    assert json.loads(dated.read_text()) == kept
    assert dated.name.startswith("bench-")
    assert dated.name.endswith("-quick.json")
    assert latest.name == "latest-quick.json"
    assert list(kept["figures"]) == ["corpus", "search", "dossier"]
    assert list(runner.KEYS) == ["corpus", "search", "dossier", "pages"]
    files = kept["figures"]["corpus"]
    assert files["files"] == 3
    assert files["states"] == {"prêt": 2, "refusé": 1}
    assert files["failed"] == 1
    assert set(files["kinds"]) == {"txt", "pdf", "html"}
    assert "page.html" in runner.table(kept)
    search = kept["figures"]["search"]
    assert search["documents"] == search["indexed"] == 200
    assert 0 < search["search_median_seconds"] <= search["search_p95_seconds"]
    assert search["queries"]["budget"]["hits"] > 0
    dossier = kept["figures"]["dossier"]
    assert (dossier["points"], dossier["annexes"]) == (2, 2)
    assert dossier["pages"] > 0
    assert dossier["recompile_seconds"] > 0
    for figure in runner.FIGURES[:3]:
        assert figure.title in runner.table(kept)


def test_the_bench_works_in_a_database_of_its_own_on_the_same_server() -> None:
    url = "postgres://maire:secret@db.example:5433/quorum?sslmode=require"

    assert bench_url(url) == (
        "postgres://maire:secret@db.example:5433/quorum_bench?sslmode=require"
    )
    assert bench_url("") == "postgres://quorum:quorum@127.0.0.1:5432/quorum_bench"


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("sqlite:///var/db.sqlite3", "quorum_bench"),
        ("postgres://quorum@localhost/quorum", "quorum"),
        ("postgres://quorum@localhost/quorum", "production"),
    ],
)
def test_the_bench_refuses_sqlite_and_a_database_it_could_empty_by_mistake(
    url: str, name: str
) -> None:
    with pytest.raises(BenchError):
        bench_url(url, name)
