"""``python -m bench`` (``make bench``): measure, print, keep as JSON.

Everything the bench writes is its own: the database ``quorum_bench`` (see
``bench.database``), emptied and migrated at the start, and the folder
``var/bench/`` for the stored files and the JSON. Tasks are not queued but
run by each figure itself, so that it can time them.
"""

import argparse
import os
import secrets
import shutil
import sys
from pathlib import Path

import django

from bench.database import NAME, BenchError, bench_url, create_if_missing

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        url = bench_url(os.environ.get("DATABASE_URL", ""), args.database)
        created = create_if_missing(url)
    except BenchError as error:
        print(error, file=sys.stderr)
        return 2
    folder = Path(os.environ.get("QUORUM_VAR_DIR", ROOT / "var")) / "bench"
    media = folder / "media"
    shutil.rmtree(media, ignore_errors=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="quorum.settings",
        DATABASE_URL=url,
        QUORUM_MEDIA_ROOT=str(media),
        QUORUM_TASKS_BACKEND="django.tasks.backends.dummy.DummyBackend",
    )
    os.environ.setdefault("QUORUM_LOG_LEVEL", "WARNING")
    # Shared with the bench's gunicorn (bench.server), which checks sessions.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    django.setup()

    from django.core.management import call_command  # noqa: PLC0415 - after setup

    from bench import report, runner  # noqa: PLC0415

    only = args.only or runner.KEYS
    if unknown := sorted(set(only) - set(runner.KEYS)):
        _parser().error(f"mesure inconnue : {', '.join(unknown)}")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    print(f"Base {args.database} {'créée' if created else 'vidée'} et migrée.\n")

    measured = runner.run(quick=args.quick, only=only)
    dated, latest = report.write(measured, folder)
    print(runner.table(measured))
    print(f"\nRésultats gardés dans {dated} et {latest.name}.")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Mesure les opérations lentes de Quorum sur PostgreSQL.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="chaque mesure sur une toute petite taille (vérifie que le banc tourne)",
    )
    parser.add_argument(
        "--only",
        action="append",
        metavar="MESURE",
        help="seulement cette mesure (corpus, search, dossier, pages) ; peut se répéter",
    )
    parser.add_argument(
        "--database",
        default=NAME,
        help=f"nom de la base du banc d'essai (par défaut {NAME})",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
