"""Bytes stored once by content hash, in the default storage."""

import hashlib
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage

from documents.models import Blob

CHUNK = 1024 * 1024


def digest_of(stream: IO[bytes]) -> tuple[str, int]:
    """The SHA-256 of the bytes of ``stream`` and their number."""
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    stream.seek(0)
    return digest.hexdigest(), size


# TODO(storage): a file left by a rolled-back upload whose bytes never come
# again stays on disk for good; a command could list such files (named by a
# hash no Blob row has) for the operator to erase.
def store(stream: IO[bytes], *, uploaded: bool = False) -> Blob:
    """Store the bytes of ``stream`` unless the same bytes are stored already.

    Call it inside the transaction that makes the row pointing at the blob.
    When that transaction rolls back, the file written stays, without a row:
    deleting it then could remove the file that an upload of the same bytes,
    waiting on the rolled-back row, has just written. Named by its hash, it
    is taken up by the next upload of the same bytes, once checked to hold
    them whole (a crash may have cut it short).

    ``uploaded`` bytes come from someone: new ones are held back until the
    antivirus declares them clean (``documents.antivirus``)."""
    sha256, size = digest_of(stream)
    defaults: dict[str, object] = {"size": size}
    if uploaded:
        from documents.antivirus import initial_state  # noqa: PLC0415 - cycle

        defaults["scan_state"] = initial_state()
    blob, created = Blob.objects.get_or_create(sha256=sha256, defaults=defaults)
    name = blob.storage_name
    if created and default_storage.exists(name) and not _holds(name, sha256, size):
        default_storage.delete(name)
    if not default_storage.exists(name):
        stream.seek(0)
        saved = default_storage.save(name, File(stream))
        if saved != name:  # a concurrent writer got there first
            default_storage.delete(saved)
    if created and blob.scan_state == Blob.ScanState.PENDING:
        from documents.antivirus import queue_scan  # noqa: PLC0415 - cycle

        queue_scan(sha256)
    return blob


def _holds(name: str, sha256: str, size: int) -> bool:
    with default_storage.open(name, "rb") as stored:
        return digest_of(stored) == (sha256, size)


def open_blob(blob: Blob) -> IO[bytes]:
    return default_storage.open(blob.storage_name, "rb")
