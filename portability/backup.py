"""A backup of the whole instance in one archive, and its restoration.

Unlike the export of one collectivité (``exporting``), a backup holds
everything: the database as the engine itself copies it (SQLite's backup
API, PostgreSQL's ``pg_dump``) and every file of the default storage.

Consistency: the database is copied first, in one snapshot; the files after.
Every stored file is named by its content and written before the row that
points at it is committed, so every row of the snapshot finds its file in
the archive; a file written meanwhile is one more, harmless, file.

The archive is a tar file:

* ``manifest.json``: format, date, engine, and each file with its SHA-256;
* ``database/db.sqlite3`` or ``database/db.pgdump`` (``pg_dump -Fc``);
* ``files/<name in the storage>``.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump and pg_restore, fixed arguments
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.utils import timezone

BACKUP_FORMAT = 1
CHUNK = 1024 * 1024
SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"


class BackupError(Exception):
    """Said to the operator, in French: why nothing was done."""


@dataclass(frozen=True)
class Summary:
    engine: str
    files: int
    size: int


def _engine() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine not in {SQLITE, POSTGRESQL}:
        raise BackupError(
            f"Moteur de base de données non pris en charge pour la sauvegarde : {engine}"
        )
    return engine


def storage_files(folder: str = "") -> Iterator[str]:
    """Every file name of the default storage, folders walked."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_files(f"{folder}/{sub}" if folder else sub)


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        command, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {done.stderr.strip()[:2000]}")


def _dump_database(engine: str, scratch: Path) -> Path:
    if engine == SQLITE:
        target = scratch / "db.sqlite3"
        source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        copy = sqlite3.connect(target)
        try:
            # One consistent copy, even while the server writes.
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return target
    target = scratch / "db.pgdump"
    args, env = _pg_env()
    _run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            *args,
            "--file",
            str(target),
            str(settings.DATABASES["default"]["NAME"]),
        ],
        env,
    )
    return target


def _sha256(stream: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def backup(out: Path) -> Summary:
    """Write the archive of the whole instance to ``out`` (written under a
    temporary name, then moved: a cut backup never looks complete)."""
    engine = _engine()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partiel")
    files: list[dict[str, Any]] = []
    total = 0
    with tempfile.TemporaryDirectory(prefix="quorum-sauvegarde-") as scratch:
        dump = _dump_database(engine, Path(scratch))
        with tarfile.open(partial, "w") as archive:
            archive.add(dump, arcname=f"database/{dump.name}")
            for name in storage_files():
                with default_storage.open(name, "rb") as stream:
                    sha256, size = _sha256(stream)
                    stream.seek(0)
                    info = tarfile.TarInfo(f"files/{name}")
                    info.size = size
                    info.mtime = int(timezone.now().timestamp())
                    archive.addfile(info, stream)
                files.append({"name": name, "sha256": sha256, "size": size})
                total += size
            manifest = json.dumps(
                {
                    "format": BACKUP_FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "engine": "sqlite" if engine == SQLITE else "postgresql",
                    "database": f"database/{dump.name}",
                    "files": files,
                },
                indent=1,
            ).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(manifest)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, _Bytes(manifest))
    partial.replace(out)
    return Summary(engine=engine, files=len(files), size=total)


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.at + size
        chunk, self.at = self.data[self.at : end], min(end, len(self.data))
        return chunk


# --- Restoring ------------------------------------------------------------------


def _instance_is_empty() -> bool:
    """No person and no collectivité: a new instance, migrated or not."""
    tables = set(connection.introspection.table_names())
    for table in ("accounts_user", "collectivites_collectivite"):
        if table in tables:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT 1 FROM {table} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return False
    return True


def restore(source: Path) -> Summary:
    """Bring an archive of ``backup`` back into an empty instance: its
    database and its files, each checked against the manifest."""
    engine = _engine()
    try:
        archive = tarfile.open(source, "r")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as error:
        raise BackupError(
            f"« {source} » n'est pas une sauvegarde de Quorum lisible : {error}"
        ) from error
    with archive:
        manifest = _manifest(archive)
        wanted = "sqlite" if engine == SQLITE else "postgresql"
        if manifest["engine"] != wanted:
            raise BackupError(
                f"Cette sauvegarde vient d'une base {manifest['engine']} et cette "
                f"instance utilise {wanted} : restaurez-la sur le même moteur, puis "
                "passez par l'export des collectivités (make export) pour changer."
            )
        if not _instance_is_empty():
            raise BackupError(
                "Cette instance contient déjà des données (des personnes ou des "
                "collectivités) : la restauration ne se fait que dans une instance "
                "vide, pour ne rien écraser."
            )
        if next(storage_files(), None) is not None:
            raise BackupError(
                "Le stockage des fichiers de cette instance n'est pas vide : la "
                "restauration ne se fait que dans une instance vide."
            )
        # The files first, each checked: a damaged archive is found before
        # the database is touched, and leaves the instance empty.
        size, written = 0, []
        try:
            for entry in manifest["files"]:
                size += _restore_file(archive, entry)
                written.append(str(entry["name"]))
        except BackupError:
            for name in written:
                default_storage.delete(name)
            raise
        with tempfile.TemporaryDirectory(prefix="quorum-restauration-") as scratch:
            dump = Path(scratch) / Path(manifest["database"]).name
            _extract(archive, manifest["database"], dump)
            _load_database(engine, dump)
    return Summary(engine=engine, files=len(manifest["files"]), size=size)


def _manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
        if member is None:
            raise KeyError("manifest.json")
        manifest: dict[str, Any] = json.loads(member.read())
    except (KeyError, ValueError) as error:
        raise BackupError(
            "Cette archive n'a pas de manifeste : ce n'est pas une sauvegarde "
            "complète de Quorum (make backup)."
        ) from error
    if manifest.get("format") != BACKUP_FORMAT:
        raise BackupError(
            f"Format de sauvegarde {manifest.get('format')!r} inconnu de cette "
            f"version de Quorum (elle lit le format {BACKUP_FORMAT})."
        )
    return manifest


def _extract(archive: tarfile.TarFile, name: str, target: Path) -> None:
    member = archive.extractfile(name)
    if member is None:
        raise BackupError(f"L'archive ne contient pas {name}.")
    with member, target.open("wb") as out:
        shutil.copyfileobj(member, out, CHUNK)


def _load_database(engine: str, dump: Path) -> None:
    if engine == SQLITE:
        connections.close_all()
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        source = sqlite3.connect(dump)
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()
        return
    connections.close_all()
    args, env = _pg_env()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--exit-on-error",
            "--single-transaction",
            *args,
            "--dbname",
            str(settings.DATABASES["default"]["NAME"]),
            str(dump),
        ],
        env,
    )


def _restore_file(archive: tarfile.TarFile, entry: dict[str, Any]) -> int:
    name = str(entry["name"])
    if name.startswith("/") or ".." in Path(name).parts:
        raise BackupError(f"Nom de fichier refusé dans la sauvegarde : {name}")
    member = archive.extractfile(f"files/{name}")
    if member is None:
        raise BackupError(f"Le fichier {name} manque dans la sauvegarde.")
    with tempfile.TemporaryFile() as copy:
        with member:
            shutil.copyfileobj(member, copy, CHUNK)
        copy.seek(0)
        if _sha256(copy) != (entry["sha256"], entry["size"]):
            raise BackupError(
                f"Le fichier {name} de la sauvegarde est abîmé (son empreinte ne "
                "correspond plus) : la sauvegarde n'est pas fiable."
            )
        copy.seek(0)
        saved = default_storage.save(name, File(copy))
    if saved != name:
        raise BackupError(f"Le fichier {name} existait déjà dans le stockage.")
    return int(entry["size"])
