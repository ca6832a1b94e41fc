"""Bringing a whole folder tree of files into a workspace.

Communes keep years of files on a shared drive. Each file goes through
``create_document`` or ``add_version``, the very path of a person's upload;
this module only walks the tree, decides what to do with each file, and
reports what it did and why, so that nobody has to guess what was left out.

Running it again on the same tree changes nothing: a file whose folder,
name and content are already there is skipped; a known name with new
content becomes a new version of its document.
"""

import hashlib
import logging
import os
import stat
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.models import User
from collectivites.models import Collectivite, Membership, Workspace
from documents.models import Document
from documents.services import add_version, clean_filename, create_document
from domain.roles import Role
from journal.services import record

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
MAX_FOLDER = 500  # the length of Document.folder

# Files that operating systems and office suites leave beside people's
# files: nobody put them there on purpose, nobody wants to read them.
SYSTEM_FILES = {
    "thumbs.db": "vignettes de Windows",
    "ehthumbs.db": "vignettes de Windows",
    "ehthumbs_vista.db": "vignettes de Windows",
    "desktop.ini": "réglages d'affichage de Windows",
    "icon\r": "icône de dossier de macOS",
}
SYSTEM_FOLDERS = {
    "__macosx": "copie de métadonnées de macOS",
    "$recycle.bin": "corbeille de Windows",
    "system volume information": "dossier système de Windows",
    "@eadir": "vignettes d'un serveur de fichiers Synology",
}


class Outcome(StrEnum):
    CREATED = "importé"
    NEW_VERSION = "nouvelle version"
    UNCHANGED = "déjà présent"
    IGNORED = "ignoré"
    REFUSED = "refusé"


@dataclass(frozen=True)
class Entry:
    """What became of one file (or one folder that could not be read)."""

    path: str
    outcome: Outcome
    reason: str = ""
    document: Document | None = None

    def describe(self) -> str:
        text = f"{self.outcome} : {self.path}"
        return f"{text} — {self.reason}" if self.reason else text


@dataclass
class ImportReport:
    root: Path
    workspace: Workspace
    entries: list[Entry] = field(default_factory=list)

    def of(self, *outcomes: Outcome) -> list[Entry]:
        return [entry for entry in self.entries if entry.outcome in outcomes]

    @property
    def imported(self) -> list[Entry]:
        """Files that are now in Quorum: new documents and new versions."""
        return self.of(Outcome.CREATED, Outcome.NEW_VERSION)

    @property
    def not_taken(self) -> list[Entry]:
        """Files left out, each with its reason."""
        return self.of(Outcome.REFUSED, Outcome.IGNORED)

    def summary(self) -> str:
        created = len(self.of(Outcome.CREATED))
        versions = len(self.of(Outcome.NEW_VERSION))
        parts = [plural(created + versions, "importé", "importés")]
        if versions:
            parts[0] += (
                f" (dont {plural(versions, 'nouvelle version', 'nouvelles versions')})"
            )
        parts.append(
            plural(len(self.of(Outcome.UNCHANGED)), "déjà présent", "déjà présents")
        )
        parts.append(plural(len(self.of(Outcome.REFUSED)), "refusé", "refusés"))
        parts.append(plural(len(self.of(Outcome.IGNORED)), "ignoré", "ignorés"))
        return ", ".join(parts)


def plural(count: int, one: str, many: str) -> str:
    """French agreement: 0 and 1 take the singular."""
    return f"{count} {one if count <= 1 else many}"


def import_folder(
    root: Path,
    *,
    workspace: Workspace,
    author: User,
    into: str = "",
    exclude: Collection[str] = (),
) -> ImportReport:
    """Import every file under ``root`` into ``workspace``, as ``author``.

    Each document keeps its folder relative to ``root`` (prefixed by
    ``into``), in NFC like its file name. ``exclude`` names entries of
    ``root`` itself to pass over silently (they are imported elsewhere).
    Each file is its own transaction: one bad file never undoes the others.
    """
    report = ImportReport(root=root, workspace=workspace)
    base = tuple(part for part in readable(into).split("/") if part)
    seen: set[tuple[str, str]] = set()
    for path, parts in _walk(root, base, report, frozenset(exclude)):
        report.entries.append(_import_file(path, parts, workspace, author, seen))

    if report.imported:
        record(
            "document.folder_imported",
            collectivite=workspace.collectivite,
            actor=author,
            target=workspace,
            created=len(report.of(Outcome.CREATED)),
            new_versions=len(report.of(Outcome.NEW_VERSION)),
            unchanged=len(report.of(Outcome.UNCHANGED)),
            refused=len(report.of(Outcome.REFUSED)),
            ignored=len(report.of(Outcome.IGNORED)),
        )
    logger.info(
        "folder imported workspace=%s created=%s new_versions=%s refused=%s",
        workspace.pk,
        len(report.of(Outcome.CREATED)),
        len(report.of(Outcome.NEW_VERSION)),
        len(report.of(Outcome.REFUSED)),
    )
    return report


def find_imported_document(
    workspace: Workspace, folder: str, filename: str
) -> Document | None:
    """The live document of ``folder`` that already carries ``filename``.

    A version's file name may change when someone uploads a new version by
    hand; a document whose current version has the name wins, then the
    most recently changed one."""
    candidates = (
        Document.objects.alive()
        .filter(workspace=workspace, folder=folder, versions__filename=filename)
        .select_related("current_version")
        .distinct()
        .order_by("-updated_at")
    )
    found = list(candidates)
    for document in found:
        if document.current_version and document.current_version.filename == filename:
            return document
    return found[0] if found else None


def default_author(collectivite: Collectivite) -> User | None:
    """Who signs an import nobody named: the secrétaire de mairie, else the
    DGS, else the first administrator, else the maire (in office, the
    longest-serving first)."""
    members = (
        Membership.objects.current()
        .filter(collectivite=collectivite, user__is_active=True)
        .select_related("user")
        .order_by("started_on", "created_at")
    )
    for choice in (
        members.filter(role=Role.SECRETAIRE),
        members.filter(role=Role.DGS),
        members.filter(is_admin=True),
        members.filter(role=Role.MAIRE),
    ):
        membership = choice.first()
        if membership is not None:
            return membership.user
    return None


def readable(name: str) -> str:
    """A name from the disk as a person reads it: in NFC, and decoded as
    Windows-1252 when it was not UTF-8 (an old drive copied as is)."""
    if any("\udc80" <= ch <= "\udcff" for ch in name):
        name = os.fsencode(name).decode("cp1252", errors="replace")
    return unicodedata.normalize("NFC", name)


def system_reason(name: str, is_dir: bool) -> str:
    """Why a hidden or system entry is passed over, or "" to take it."""
    lowered = name.lower()
    if is_dir and lowered in SYSTEM_FOLDERS:
        return f"dossier système ({SYSTEM_FOLDERS[lowered]})"
    if not is_dir and lowered in SYSTEM_FILES:
        return f"fichier système ({SYSTEM_FILES[lowered]})"
    if name.startswith("~$") or name.startswith(".~lock."):
        return "fichier temporaire d'un traitement de texte ou d'un tableur"
    if name.startswith("."):
        return "dossier caché" if is_dir else "fichier caché"
    return ""


def open_source(path: Path) -> IO[bytes]:
    """Opened apart so that tests can make a file unreadable even as root."""
    return path.open("rb")


def _walk(
    directory: Path,
    parts: tuple[str, ...],
    report: ImportReport,
    exclude: frozenset[str],
) -> Iterator[tuple[Path, tuple[str, ...]]]:
    """The regular files under ``directory`` in a stable order, with their
    folder parts; everything else goes straight to the report."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: readable(entry.name))
    except OSError as error:
        report.entries.append(
            Entry(_shown(parts) or ".", Outcome.REFUSED, _os_reason(error, True))
        )
        return

    for entry in entries:
        if not parts and entry.name in exclude:
            continue
        name = readable(entry.name)
        shown = _shown((*parts, name))
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError as error:
            report.entries.append(Entry(shown, Outcome.REFUSED, _os_reason(error)))
            continue
        if stat.S_ISLNK(mode):
            report.entries.append(
                Entry(
                    shown,
                    Outcome.REFUSED,
                    "lien symbolique : seuls les vrais fichiers sont importés",
                )
            )
            continue
        reason = system_reason(name, stat.S_ISDIR(mode))
        if reason:
            report.entries.append(Entry(shown, Outcome.IGNORED, reason))
        elif stat.S_ISDIR(mode):
            yield from _walk(Path(entry.path), (*parts, name), report, exclude)
        elif stat.S_ISREG(mode):
            yield Path(entry.path), (*parts, name)
        else:
            report.entries.append(
                Entry(
                    shown,
                    Outcome.REFUSED,
                    "ce n'est pas un fichier ordinaire (périphérique, tube ou socket)",
                )
            )


def _import_file(
    path: Path,
    parts: tuple[str, ...],
    workspace: Workspace,
    author: User,
    seen: set[tuple[str, str]],
) -> Entry:
    shown = _shown(parts)
    folder = "/".join(parts[:-1])
    filename = clean_filename(parts[-1])
    if len(folder) > MAX_FOLDER:
        return Entry(
            shown,
            Outcome.REFUSED,
            f"chemin de dossier trop long (plus de {MAX_FOLDER} caractères)",
        )
    if (folder, filename) in seen:
        return Entry(
            shown,
            Outcome.REFUSED,
            "un autre fichier de ce dossier porte déjà ce nom une fois les "
            "accents normalisés : renommez l'un des deux",
        )
    seen.add((folder, filename))

    try:
        with open_source(path) as stream:
            size = os.fstat(stream.fileno()).st_size
            reason = _size_reason(size)
            if reason:
                return Entry(shown, Outcome.REFUSED, reason)
            return _store(stream, size, shown, folder, filename, workspace, author)
    except OSError as error:
        return Entry(shown, Outcome.REFUSED, _os_reason(error))
    except ValidationError as error:
        return Entry(shown, Outcome.REFUSED, " ".join(error.messages))


def _store(
    stream: IO[bytes],
    size: int,
    shown: str,
    folder: str,
    filename: str,
    workspace: Workspace,
    author: User,
) -> Entry:
    existing = find_imported_document(workspace, folder, filename)
    if existing is None:
        document = create_document(
            workspace=workspace,
            author=author,
            stream=stream,
            filename=filename,
            size=size,
            folder=folder,
            note="Importé depuis un dossier partagé.",
        )
        return Entry(shown, Outcome.CREATED, document=document)

    current = existing.current_version
    if current is not None and current.blob_id == _sha256(stream):
        return Entry(
            shown,
            Outcome.UNCHANGED,
            "même dossier, même nom, même contenu : ignoré",
            existing,
        )
    version = add_version(
        document=existing,
        author=author,
        stream=stream,
        filename=filename,
        size=size,
        note="Contenu modifié dans le dossier partagé.",
    )
    return Entry(shown, Outcome.NEW_VERSION, f"version {version.number}", existing)


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    stream.seek(0)
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def _size_reason(size: int) -> str:
    limit_mb = settings.QUORUM_MAX_UPLOAD_MB
    if size == 0:
        return "fichier vide"
    if size > limit_mb * 1024 * 1024:
        return (
            f"trop volumineux ({_megabytes(size)}) : la taille maximale "
            f"est de {limit_mb} Mo"
        )
    return ""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def _os_reason(error: OSError, is_dir: bool = False) -> str:
    what = "dossier illisible" if is_dir else "fichier illisible"
    if isinstance(error, PermissionError):
        return f"{what} : droits d'accès insuffisants"
    return f"{what} : {error.strerror or 'erreur de lecture'}"


def _shown(parts: tuple[str, ...]) -> str:
    return "/".join(parts)
