"""The antivirus check of uploaded bytes.

An uploaded file is held back (not downloadable, not previewed, left out of
the dossiers) until a scanner declares it clean. The scanner is ClamAV,
reached through its daemon's socket (``clamd``) or its command-line scanner
(``clamscan``), as ``QUORUM_ANTIVIRUS`` says; ``auto`` takes the first one
found. Without a scanner, ``QUORUM_ANTIVIRUS_MISSING`` decides: ``accept``
declares files clean unscanned (the demo, a platform scanned elsewhere),
``hold`` keeps them held back until a scanner is available (the scheduled
``scan_files`` pass tries again).

A scanner that fails (daemon down, database missing) leaves the file held
back; the scheduled pass tries again, nothing is declared clean by mistake.

TODO(antivirus-import): the bytes of a collectivité imported from another
platform (portability.importing) keep the verdict written in the archive;
scanning them again on arrival would not trust the other platform.
"""

import logging
import shutil
import socket
import struct
import subprocess  # noqa: S404 - clamscan, with a fixed argument list
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from documents.models import Blob
from documents.storage import open_blob

logger = logging.getLogger(__name__)

CHUNK = 256 * 1024
CLAMD_TIMEOUT = 120
CLAMSCAN_TIMEOUT = 600
# Where Debian's clamav-daemon listens.
DEFAULT_CLAMD_SOCKET = "/run/clamav/clamd.ctl"

HELD_MESSAGE = (
    "Ce fichier est en cours de vérification par l'antivirus : il sera "
    "téléchargeable dans quelques instants. Rechargez la page un peu plus tard."
)
INFECTED_MESSAGE = (
    "L'antivirus a trouvé un virus dans ce fichier : il est bloqué et ne peut "
    "être ni téléchargé ni affiché. Prévenez la personne qui l'a déposé."
)


class ScanFailed(Exception):
    """The scanner could not give a verdict; the file stays held back."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    # The signature found, for an infected file.
    signature: str = ""


class Clamd:
    """ClamAV's daemon, fed the bytes through its INSTREAM command."""

    name = "clamd"

    def __init__(self, path: str) -> None:
        self.path = path

    def scan(self, stream: IO[bytes]) -> Verdict:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(CLAMD_TIMEOUT)
                conn.connect(self.path)
                conn.sendall(b"zINSTREAM\0")
                while chunk := stream.read(CHUNK):
                    conn.sendall(struct.pack("!L", len(chunk)) + chunk)
                conn.sendall(struct.pack("!L", 0))
                answer = b""
                while not answer.endswith(b"\0") and (part := conn.recv(4096)):
                    answer += part
        except OSError as error:
            raise ScanFailed(f"clamd unreachable: {error}") from error
        return _verdict(answer.rstrip(b"\0").decode("utf-8", "replace"))


class Clamscan:
    """ClamAV's command-line scanner, fed the bytes on its standard input."""

    name = "clamscan"

    def __init__(self, program: str, database: str = "") -> None:
        self.program = program
        self.database = database

    def scan(self, stream: IO[bytes]) -> Verdict:
        # Past its default limits clamscan says OK without reading: let it
        # read every byte Quorum accepts.
        limit = settings.QUORUM_MAX_UPLOAD_MB
        command = [
            self.program,
            "--no-summary",
            "--stdout",
            f"--max-filesize={limit}M",
            f"--max-scansize={limit * 4}M",
            "--alert-exceeds-max=yes",
        ]
        if self.database:
            command += ["--database", self.database]
        command.append("-")
        try:
            done = subprocess.run(  # noqa: S603 - fixed program and options
                command,
                stdin=stream,
                capture_output=True,
                timeout=CLAMSCAN_TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise ScanFailed(f"clamscan did not run: {error}") from error
        output = done.stdout.decode("utf-8", "replace").strip()
        # 0: clean, 1: a virus found, anything else: an error.
        if done.returncode not in (0, 1):
            raise ScanFailed(
                f"clamscan failed ({done.returncode}): "
                f"{done.stderr.decode('utf-8', 'replace').strip()[:300]}"
            )
        return _verdict(output.splitlines()[-1] if output else "")


Scanner = Clamd | Clamscan


def _verdict(line: str) -> Verdict:
    """``stream: OK`` or ``stream: Eicar-Signature FOUND`` (both scanners)."""
    _, _, status = line.rpartition(": ")
    if status == "OK":
        return Verdict(clean=True)
    if status.endswith(" FOUND"):
        return Verdict(clean=False, signature=status.removesuffix(" FOUND"))
    raise ScanFailed(f"unexpected scanner answer: {line[:300]!r}")


def scanner() -> Scanner | None:
    """The scanner the settings ask for, or ``None`` when there is none."""
    mode = settings.QUORUM_ANTIVIRUS
    socket_path = settings.QUORUM_CLAMD_SOCKET or DEFAULT_CLAMD_SOCKET
    if mode == "clamd":
        return Clamd(socket_path)
    if mode == "clamscan":
        return Clamscan(
            shutil.which("clamscan") or "clamscan", settings.QUORUM_CLAMSCAN_DATABASE
        )
    if mode == "auto":
        if Path(socket_path).is_socket():
            return Clamd(socket_path)
        if program := shutil.which("clamscan"):
            return Clamscan(program, settings.QUORUM_CLAMSCAN_DATABASE)
    return None


def initial_state() -> str:
    """The state of bytes just uploaded: held back until scanned, unless
    there is no scanner and the policy accepts files unscanned."""
    if scanner() is None and settings.QUORUM_ANTIVIRUS_MISSING == "accept":
        return Blob.ScanState.CLEAN
    return Blob.ScanState.PENDING


def scan_blob(sha256: str) -> str:
    """Scan stored bytes still held back and record the verdict; returns the
    state. Bytes that a scanner already judged are left as they are."""
    blob = Blob.objects.filter(sha256=sha256).first()
    if blob is None or blob.scan_state != Blob.ScanState.PENDING:
        return blob.scan_state if blob else ""
    engine = scanner()
    if engine is None:
        if settings.QUORUM_ANTIVIRUS_MISSING == "accept":
            return _decide(blob, Verdict(clean=True), "aucun antivirus")
        return blob.scan_state
    try:
        with open_blob(blob) as stream:
            verdict = engine.scan(stream)
    except ScanFailed as error:
        logger.warning("antivirus scan failed blob=%s error=%s", sha256[:12], error)
        return blob.scan_state
    return _decide(blob, verdict, engine.name)


def _decide(blob: Blob, verdict: Verdict, by: str) -> str:
    from previews.services import retry_rendition  # noqa: PLC0415 - cycle

    state = Blob.ScanState.CLEAN if verdict.clean else Blob.ScanState.INFECTED
    with transaction.atomic():
        updated = Blob.objects.filter(
            sha256=blob.sha256, scan_state=Blob.ScanState.PENDING
        ).update(
            scan_state=state,
            scan_detail=f"{by}: {verdict.signature}"[:200] if verdict.signature else by,
            scanned_at=timezone.now(),
        )
        if updated and verdict.clean:
            transaction.on_commit(lambda: retry_rendition(blob.sha256), robust=True)
    if not verdict.clean:
        logger.warning(
            "antivirus found a virus blob=%s signature=%s",
            blob.sha256[:12],
            verdict.signature,
        )
    return state


def queue_scan(sha256: str) -> None:
    """Ask the worker to scan bytes once the upload is committed."""

    def enqueue() -> None:
        from documents.tasks import scan_upload  # noqa: PLC0415 - tasks import us

        scan_upload.enqueue(sha256)

    transaction.on_commit(enqueue, robust=True)


def held_back(now: datetime, older_than: timedelta) -> Iterator[str]:
    """The hashes of bytes still waiting for a verdict since ``older_than``."""
    yield from (
        Blob.objects.filter(
            scan_state=Blob.ScanState.PENDING, created_at__lte=now - older_than
        )
        .order_by("created_at")
        .values_list("sha256", flat=True)[:500]
    )


def scan_held_back(now: datetime | None = None) -> int:
    """The scheduled pass: scan again what a failed scanner or a lost task
    left held back. Returns how many got a verdict."""
    now = now or timezone.now()
    decided = 0
    for sha256 in list(held_back(now, timedelta(minutes=2))):
        if scan_blob(sha256) != Blob.ScanState.PENDING:
            decided += 1
    return decided
