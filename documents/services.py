"""Adding documents and versions: the one path every upload takes."""

import logging
import unicodedata
from datetime import datetime, timedelta
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from collectivites.models import Workspace
from documents.filetypes import FileType, identify
from documents.models import TRASH_DAYS, Blob, Document, Version
from documents.quota import check_quota
from documents.storage import digest_of, store
from journal.services import record
from previews.services import request_rendition
from search.indexing import index_document

logger = logging.getLogger(__name__)

MAX_NAME = 200
EMPTY_FILE = "Le fichier est vide : choisissez un autre fichier."


# Names Windows keeps for its devices, whatever the extension: a file
# saved as "CON.txt" or "nul" cannot be opened there.
WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{device}{n}" for device in ("COM", "LPT") for n in "123456789¹²³"]
)
# Characters that Windows or macOS refuse in a name, and the bidirectional
# controls that would show a name ending in "fdp.exe" behind a right-to-left
# override as one ending in "exe.pdf".
NOT_IN_NAME = frozenset('<>:"/\\|?*') | frozenset(
    "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
)


def clean_filename(name: str) -> str:
    """The name a person gave the file, without any folder part, control
    or direction character, nor a name Windows keeps for itself; in NFC,
    short enough to store and to save on any system; never empty."""
    name = unicodedata.normalize("NFC", name)
    name = PureWindowsPath(PurePosixPath(name).name).name
    name = "".join(
        ch if ch not in NOT_IN_NAME else "_"
        for ch in name
        if ch.isprintable() and unicodedata.category(ch) != "Cf"
    )
    # Windows drops trailing dots and spaces; a leading dot hides the file.
    name = name.strip(" .")
    if not name:
        name = "document"
    stem = name.split(".", 1)[0].rstrip()
    if stem.upper() in WINDOWS_RESERVED:
        name = "_" + name
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            name = stem[: MAX_NAME - len(ext) - 1].rstrip(". ") + "." + ext
        else:
            name = name[:MAX_NAME].rstrip(". ")
    return name


def title_from_filename(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    return stem.strip() or filename


def check_upload(stream: IO[bytes], size: int, filename: str = "") -> FileType:
    """The type of an upload read from its bytes, or ``ValidationError`` with
    the reason in plain French. Runs before anything is stored."""
    limit = settings.QUORUM_MAX_UPLOAD_MB * 1024 * 1024
    if size == 0:
        raise ValidationError(EMPTY_FILE)
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
    upload_key: UUID | None = None,
) -> Document:
    """Create a document with its first version, or nothing at all.

    ``upload_key`` is the one-time key of the form sent: the same form sent
    twice (a double click, a reload) gives back the document the first
    sending made, even when both arrive at once (the key is unique)."""
    filename = clean_filename(filename)
    filetype = check_upload(stream, size, filename)
    if upload_key is not None and (done := _uploaded(upload_key, author)):
        return done
    check_quota(workspace.collectivite, *digest_of(stream))
    try:
        with transaction.atomic():
            document = Document.objects.create(
                collectivite=workspace.collectivite,
                workspace=workspace,
                title=(title or title_from_filename(filename))[:255],
                folder=folder[:500],
                created_by=author,
                upload_key=upload_key,
            )
            _append_version(
                document, author, store(stream, uploaded=True), filename, filetype, note
            )
            record(
                "document.created",
                collectivite=workspace.collectivite,
                actor=author,
                target=document,
            )
    except IntegrityError:
        # The other sending of the same form committed first.
        if upload_key is None or not (done := _uploaded(upload_key, author)):
            raise
        return done
    return document


def _uploaded(upload_key: UUID, author: User) -> Document | None:
    return Document.objects.filter(upload_key=upload_key, created_by=author).first()


def add_version(
    *,
    document: Document,
    author: User,
    stream: IO[bytes],
    filename: str,
    size: int,
    note: str = "",
) -> Version:
    """Add a new current version; every earlier version stays as it was.

    The document's row is locked while the version is numbered, so that two
    versions sent at the same moment both land, one after the other. The
    same bytes as the current version are refused: a double sending, or a
    file that was not changed, would otherwise make a version that says
    nothing new."""
    filename = clean_filename(filename)
    filetype = check_upload(stream, size, filename)
    sha256, digested = digest_of(stream)
    check_quota(document.collectivite, sha256, digested)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        current = locked.current_version
        if current is not None and current.blob_id == sha256:
            raise ValidationError(
                "Ce fichier est identique à la version actuelle "
                f"(version {current.number}) : aucune version n'a été ajoutée."
            )
        version = _append_version(
            locked, author, store(stream, uploaded=True), filename, filetype, note
        )
    document.refresh_from_db()
    return version


def restore_version(*, version: Version, author: User) -> Version:
    """Make an earlier version current again by adding a new version that
    points at the same bytes: nothing is replaced nor destroyed, and the
    history says who restored what."""
    with transaction.atomic():
        document = Document.objects.select_for_update().get(pk=version.document_id)
        current = document.current_version
        if current is not None and current.blob_id == version.blob_id:
            raise ValidationError(
                f"La version {version.number} a le même contenu que la version "
                "actuelle : il n'y a rien à restaurer."
            )
        restored = Version.objects.create(
            document=document,
            number=_next_number(document),
            blob_id=version.blob_id,
            filename=version.filename,
            content_type=version.content_type,
            note=f"Restauration de la version {version.number}",
            created_by=author,
        )
        document.current_version = restored
        document.save(update_fields=["current_version", "updated_at"])
        index_document(document)
        record(
            "document.version_restored",
            collectivite=document.collectivite,
            actor=author,
            target=document,
            restored=version.number,
            number=restored.number,
        )
    return restored


def versions_since(document: Document, seen: int, mine: Version) -> list[Version]:
    """The versions others added after the one a person saw and before
    theirs: what they were not aware of when they sent it."""
    return list(
        document.versions.filter(number__gt=seen, number__lt=mine.number)
        .select_related("created_by")
        .order_by("number")
    )


def _append_version(
    document: Document,
    author: User,
    blob: Blob,
    filename: str,
    filetype: FileType,
    note: str,
) -> Version:
    version = Version.objects.create(
        document=document,
        number=_next_number(document),
        blob=blob,
        filename=filename,
        content_type=filetype.mime,
        note=note[:300],
        created_by=author,
    )
    document.current_version = version
    document.save(update_fields=["current_version", "updated_at"])
    index_document(document)
    if blob.is_clean:
        # Held-back bytes get their preview once the antivirus clears them.
        _queue_preview(blob.sha256)
    return version


def _next_number(document: Document) -> int:
    """Call with the document's row locked."""
    return (document.versions.aggregate(last=Max("number"))["last"] or 0) + 1


def _queue_preview(sha256: str) -> None:
    """Ask for the preview and text of the stored bytes once the version is
    committed: a rolled-back upload queues nothing, and a failure to queue
    never undoes an upload (the document page offers to ask again)."""
    transaction.on_commit(lambda: request_rendition(sha256), robust=True)


# --- The trash ----------------------------------------------------------------


def delete_document(*, document: Document, by: User) -> Document:
    """Put a document in its workspace's trash: hidden from everyone, its
    versions and bytes kept, restorable for ``TRASH_DAYS`` days."""
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.deleted_at is not None:
            return locked  # deleted already: a second click changes nothing
        locked.deleted_at = timezone.now()
        locked.deleted_by = by
        locked.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        record(
            "document.deleted",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
        )
    return locked


def restore_document(*, document: Document, by: User) -> Document:
    """Take a document out of the trash, as it was when deleted."""
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.deleted_at is None:
            return locked
        restorable = Document.objects.in_trash(timezone.now()).filter(pk=locked.pk)
        if not restorable.exists():
            raise ValidationError(
                f"Ce document a été supprimé il y a plus de {TRASH_DAYS} jours : "
                "il ne peut plus être restauré."
            )
        locked.deleted_at = None
        locked.deleted_by = None
        locked.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
        record(
            "document.restored",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
        )
    return locked


def purge_trash(*, now: datetime | None = None) -> int:
    """Mark as purged the documents deleted more than ``TRASH_DAYS`` days
    ago: they leave the trash and can no longer be restored. Returns how
    many.

    Nothing is erased: the rows, the versions and the bytes stay, so that
    the journal keeps pointing at what it names and a content shared with
    another version is never lost.
    TODO(trash): erase the bytes that no live version uses any more, once
    the archives départementales have approved the elimination (Code du
    patrimoine, art. L212-2 and R212-14): a commune's documents are public
    archives, which may not be destroyed on our own initiative."""
    now = now or timezone.now()
    purged = 0
    with transaction.atomic():
        expired = (
            Document.objects.select_for_update()
            .filter(
                deleted_at__lte=now - timedelta(days=TRASH_DAYS),
                purged_at__isnull=True,
            )
            .select_related("collectivite")
            .order_by("deleted_at")
        )
        for document in expired:
            document.purged_at = now
            document.save(update_fields=["purged_at", "updated_at"])
            record(
                "document.purged",
                collectivite=document.collectivite,
                target=document,
                deleted_at=document.deleted_at.isoformat()
                if document.deleted_at
                else "",
            )
            purged += 1
    logger.info("trash purged count=%s", purged)
    return purged
