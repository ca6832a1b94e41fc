"""Adding documents and versions: the one path every upload takes."""

import mimetypes
import unicodedata
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from collectivites.models import Workspace
from documents.models import Document, Version
from documents.storage import store
from journal.services import record

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


def check_upload(stream: IO[bytes], size: int) -> None:
    limit = settings.QUORUM_MAX_UPLOAD_MB * 1024 * 1024
    if size == 0:
        raise ValidationError("Le fichier est vide : choisissez un autre fichier.")
    if size > limit:
        raise ValidationError(
            f"Le fichier dépasse la taille maximale de {settings.QUORUM_MAX_UPLOAD_MB} Mo."
        )


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
    check_upload(stream, size)
    filename = clean_filename(filename)
    with transaction.atomic():
        document = Document.objects.create(
            collectivite=workspace.collectivite,
            workspace=workspace,
            title=(title or title_from_filename(filename))[:255],
            folder=folder[:500],
            created_by=author,
        )
        _append_version(document, author, stream, filename, note)
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
    check_upload(stream, size)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        version = _append_version(
            locked, author, stream, clean_filename(filename), note
        )
    document.refresh_from_db()
    return version


def _append_version(
    document: Document, author: User, stream: IO[bytes], filename: str, note: str
) -> Version:
    blob = store(stream)
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    content_type = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    version = Version.objects.create(
        document=document,
        number=last + 1,
        blob=blob,
        filename=filename,
        content_type=content_type,
        note=note[:300],
        created_by=author,
    )
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    return version
