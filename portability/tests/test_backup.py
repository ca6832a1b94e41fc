"""`make backup` then `make restore` into an empty instance gives back every
row and every stored byte, on SQLite and on PostgreSQL; a restoration never
overwrites an instance that holds data, nor trusts a damaged archive.

Each instance is a real one, run by ``manage.py`` in its own process, with
its own database and its own folder of files."""

import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import psycopg
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PG = "postgres://quorum:quorum@127.0.0.1:5432/"


def manage(var: Path, *args: str, database: str = "") -> str:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("QUORUM_", "DATABASE_URL", "DJANGO_SETTINGS"))
    }
    environ["QUORUM_VAR_DIR"] = str(var)
    if database:
        environ["DATABASE_URL"] = database
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def files_of(var: Path) -> dict[str, str]:
    media = var / "media"
    return {
        str(path.relative_to(media)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


def rows_of(var: Path, database: str) -> str:
    """Every row of every table, as Django's full dump writes them (to a
    file: the logs go to the standard output)."""
    out = var.parent / f"{var.name}-rows.json"
    manage(
        var,
        "dumpdata",
        "--all",
        "--indent",
        "1",
        "--verbosity",
        "0",
        "--output",
        str(out),
        database=database,
    )
    return out.read_text()


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, str]]:
    """The database of the instance backed up, and of the empty one."""
    if request.param == "sqlite":
        yield "", ""
        return
    names = [f"quorum_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG + names[0], PG + names[1]
    finally:
        with psycopg.connect(PG + "postgres", autocommit=True) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_an_empty_instance_holds_every_row_and_byte(
    tmp_path: Path, databases: tuple[str, str]
) -> None:
    source_db, target_db = databases
    source, target = tmp_path / "instance", tmp_path / "vide"
    manage(source, "migrate", "--no-input", "-v0", database=source_db)
    manage(
        source,
        "shell",
        "-c",
        "from quorum.testing import make_world; make_world()",
        database=source_db,
    )
    archive = tmp_path / "sauvegarde.tar"

    said = manage(source, "backup_instance", str(archive), database=source_db)
    restored = manage(target, "restore_instance", str(archive), database=target_db)

    assert "Sauvegarde écrite" in said
    assert "Sauvegarde restaurée : 4 fichier(s)" in restored
    expected = rows_of(source, source_db)
    assert "CANARI-FINANCES" in expected  # the world is in it
    assert rows_of(target, target_db) == expected
    assert files_of(target) == files_of(source)
    assert len(files_of(source)) == 4


def test_a_restoration_refuses_an_instance_with_data_and_a_damaged_archive(
    tmp_path: Path,
) -> None:
    source = tmp_path / "instance"
    manage(source, "migrate", "--no-input", "-v0")
    manage(source, "shell", "-c", "from quorum.testing import make_world; make_world()")
    archive = tmp_path / "sauvegarde.tar"
    manage(source, "backup_instance", str(archive))
    before = rows_of(source, "")

    with pytest.raises(AssertionError, match="contient déjà des données"):
        manage(source, "restore_instance", str(archive))
    assert rows_of(source, "") == before

    # One stored file changed inside the archive.
    damaged = tmp_path / "abimee.tar"
    changed = False
    with tarfile.open(archive) as original, tarfile.open(damaged, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.startswith("files/") and not changed:
                data, changed = data[:-1] + b"!", True
            copy.addfile(member, io.BytesIO(data))
    empty = tmp_path / "autre"
    with pytest.raises(AssertionError, match="est abîmé"):
        manage(empty, "restore_instance", str(damaged))
    assert files_of(empty) == {}
    with closing(sqlite3.connect(empty / "db.sqlite3")) as db:
        tables = db.execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == []  # the database was never touched
