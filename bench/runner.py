"""The figures of the bench and one run of them, in the current database.

Imported once Django is set up. To add a figure (the time a page takes to
serve, the size of a commune's data), write a module with
``measure(quick) -> dict`` and ``rows(figure) -> [(label, value)]`` and
add it to ``FIGURES``.
"""

import os
import platform
import subprocess  # noqa: S404 - git, to name the code that was measured
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from bench import corpus, dossier_build, pages, report, search_index


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    measure: Callable[[bool], dict[str, Any]]
    rows: Callable[[dict[str, Any]], list[tuple[str, str]]]


FIGURES = (
    Figure(
        "corpus",
        "Conversion et texte du corpus réel",
        corpus.measure,
        corpus.rows,
    ),
    Figure(
        "search",
        "Recherche plein texte",
        search_index.measure,
        search_index.rows,
    ),
    Figure(
        "dossier",
        "Dossier de séance",
        dossier_build.measure,
        dossier_build.rows,
    ),
    Figure(
        "pages",
        "Pages principales servies par gunicorn (réglages de production)",
        pages.measure,
        pages.rows,
    ),
)
KEYS = tuple(figure.key for figure in FIGURES)


def run(*, quick: bool = False, only: Iterable[str] = KEYS) -> dict[str, Any]:
    """Measure the figures named in ``only``, in the order of ``FIGURES``."""
    wanted = set(only)
    figures: dict[str, Any] = {}
    started_at = timezone.now()
    for figure in FIGURES:
        if figure.key not in wanted:
            continue
        started = time.perf_counter()
        figures[figure.key] = figure.measure(quick)
        figures[figure.key]["bench_seconds"] = round(time.perf_counter() - started, 1)
    return {
        "started_at": started_at.isoformat(),
        "quick": quick,
        "machine": _machine(),
        "figures": figures,
    }


def table(measured: dict[str, Any]) -> str:
    sections = [
        (figure.title, figure.rows(measured["figures"][figure.key]))
        for figure in FIGURES
        if figure.key in measured["figures"]
    ]
    return report.table(sections)


def _machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "database": connection.vendor,
        "database_version": _database_version(),
        "commit": _commit(),
    }


def _database_version() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("SELECT sqlite_version()")
        return str(cursor.fetchone()[0])


def _commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git on the PATH
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()
