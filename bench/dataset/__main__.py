"""``python -m bench.dataset N`` (``make dataset N=…``): add N collectivités.

They go to the database of ``DATABASE_URL`` when it is set, otherwise to
the bench's own PostgreSQL database (``quorum_bench``, made and migrated
when missing). Nothing is emptied: each run adds its communes beside those
already there. The files go to ``QUORUM_MEDIA_ROOT`` (``var/bench/media``
for the bench's database).
"""

import argparse
import os
import sys
from pathlib import Path

import django

from bench.database import NAME, BenchError, bench_url, create_if_missing

ROOT = Path(__file__).resolve().parent.parent.parent


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        try:
            url = bench_url("", NAME)
            create_if_missing(url)
        except BenchError as error:
            print(error, file=sys.stderr)
            return 2
        var = Path(os.environ.get("QUORUM_VAR_DIR", ROOT / "var"))
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("QUORUM_MEDIA_ROOT", str(var / "bench" / "media"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quorum.settings")
    os.environ.setdefault("QUORUM_LOG_LEVEL", "WARNING")
    django.setup()

    from django.core.management import call_command  # noqa: PLC0415 - after setup
    from django.db import connection  # noqa: PLC0415

    from bench.dataset.generator import describe, generate  # noqa: PLC0415

    if connection.vendor != "postgresql":
        print(
            f"Attention : la base est {connection.vendor}, pas PostgreSQL.",
            file=sys.stderr,
        )
    call_command("migrate", interactive=False, verbosity=0)
    print(f"Ajout de {args.n} collectivités dans {connection.settings_dict['NAME']}…")
    dataset = generate(args.n, seed=args.seed, years=args.years, jobs=args.jobs)
    print(describe(dataset))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.dataset",
        description="Remplit la base de collectivités réalistes.",
    )
    parser.add_argument("n", type=int, help="nombre de collectivités à ajouter")
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="graine du tirage (même graine, mêmes tailles)",
    )
    parser.add_argument(
        "--years", type=int, default=6, help="années de séances (6 par défaut)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="processus en parallèle (par défaut, un par cœur)",
    )
    return parser


if __name__ == "__main__":
    sys.exit(main())
