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


def store(stream: IO[bytes]) -> Blob:
    """Store the bytes of ``stream`` unless the same bytes are stored already."""
    sha256, size = digest_of(stream)
    blob, created = Blob.objects.get_or_create(sha256=sha256, defaults={"size": size})
    if created or not default_storage.exists(blob.storage_name):
        stream.seek(0)
        saved = default_storage.save(blob.storage_name, File(stream))
        if saved != blob.storage_name:  # a concurrent writer got there first
            default_storage.delete(saved)
    return blob


def open_blob(blob: Blob) -> IO[bytes]:
    return default_storage.open(blob.storage_name, "rb")
