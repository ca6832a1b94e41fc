"""Adding documents and versions: the one path every upload takes."""

import logging
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from collectivites.models import Workspace
from documents.filetypes import FileType, identify
from documents.models import Document, Version
from documents.storage import store
from journal.services import record
from previews.services import request_rendition

logger = logging.getLogger(__name__)

MAX_NAME = 200


def clean_filename(name: str) -> str:
    """The name a person gave the file, without any folder part, in NFC,
    and short enough to store; never empty."""
    name = unicodedata.normalize("NFC", name)
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = "".join(ch for ch in name if ch.isprintable()).strip().lstrip(".")
    if not name:
        name = "document"
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) <= 10:
            name = stem[: MAX_NAME - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME]
    return name


def title_from_filename(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return stem.strip() or filename


def check_upload(stream: IO[bytes], size: int, filename: str = "") -> FileType:
    """The type of an upload read from its bytes, or ``ValidationError`` with
    the reason in plain French. Runs before anything is stored."""
    limit = settings.QUORUM_MAX_UPLOAD_MB * 1024 * 1024
    if size == 0:
        raise ValidationError("Le fichier est vide : choisissez un autre fichier.")
    if size > limit:
        raise ValidationError(
            f"Le fichier dépasse la taille maximale de {settings.QUORUM_MAX_UPLOAD_MB} Mo."
        )
    return identify(stream, filename)


def create_document(
    *,
    workspace: Workspace,
    author: User,
    stream: IO[bytes],
    filename: str,
    size: int,
    title: str = "",
    folder: str = "",
    note: str = "",
) -> Document:
    """Create a document with its first version, or nothing at all."""
    filename = clean_filename(filename)
    filetype = check_upload(stream, size, filename)
    with transaction.atomic():
        document = Document.objects.create(
            collectivite=workspace.collectivite,
            workspace=workspace,
            title=(title or title_from_filename(filename))[:255],
            folder=folder[:500],
            created_by=author,
        )
        _append_version(document, author, stream, filename, filetype, note)
        record(
            "document.created",
            collectivite=workspace.collectivite,
            actor=author,
            target=document,
        )
    return document


def add_version(
    *,
    document: Document,
    author: User,
    stream: IO[bytes],
    filename: str,
    size: int,
    note: str = "",
) -> Version:
    """Add a new current version; every earlier version stays as it was."""
    filename = clean_filename(filename)
    filetype = check_upload(stream, size, filename)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        version = _append_version(locked, author, stream, filename, filetype, note)
    document.refresh_from_db()
    return version


def _append_version(
    document: Document,
    author: User,
    stream: IO[bytes],
    filename: str,
    filetype: FileType,
    note: str,
) -> Version:
    blob = store(stream)
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = Version.objects.create(
        document=document,
        number=last + 1,
        blob=blob,
        filename=filename,
        content_type=filetype.mime,
        note=note[:300],
        created_by=author,
    )
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    _queue_preview(blob.sha256)
    return version


def _queue_preview(sha256: str) -> None:
    """Ask for the preview and text of the stored bytes once the version is
    committed: a rolled-back upload queues nothing, and a failure to queue
    never undoes an upload (the document page offers to ask again)."""
    transaction.on_commit(lambda: request_rendition(sha256), robust=True)
