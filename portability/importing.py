"""Restoring one collectivité from its archive (see ``archive``).

Everything is checked before anything is written: the archive, its format,
the bytes of every file against their hash, the journal's chain, and that
nothing of the collectivité exists yet. Then every row is written in one
transaction, each with the values it was exported with (``created_at`` and
``updated_at`` included: the serializers' raw save skips ``auto_now``), and
the files through ``documents.storage``. What the export leaves out because
it is derived is then rebuilt: the search index with the rows, the previews
once the import is committed.

People and stored contents may already be there, shared with another
collectivité: a person with the same e-mail address (or the same id) is
reused as it is, a content with the same hash too. Rows with an integer key
(journal entries, workspace members) keep it when it is free, and are
numbered anew, in the same order, when another collectivité holds it.
"""

import hashlib
import json
import logging
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError, DeserializedObject
from django.db import DataError, IntegrityError, connection, models, transaction

from accounts.models import User
from collectivites.models import Collectivite
from discussions.models import Comment
from documents.models import Blob, Document, Version
from documents.storage import CHUNK, store
from journal.models import JournalEntry
from journal.services import record
from portability.archive import (
    JSON_NAME,
    PortabilityError,
    Report,
    chain_breaks,
    file_name,
    silent,
    size_of,
)
from portability.registry import FORMAT_VERSION, REGISTRY, Part
from previews.services import request_rendition
from seances.models import AgendaItem
from search.indexing import index_comment, index_document, index_point

logger = logging.getLogger(__name__)

BATCH = 500
NOTHING = "Rien n'a été importé."


@dataclass
class Reused:
    email: str
    by: str  # "adresse e-mail" or "identifiant"


@dataclass
class ImportSummary:
    name: str
    slug: str
    exported_at: str
    counts: list[tuple[str, int]] = field(default_factory=list)
    reused_people: list[Reused] = field(default_factory=list)
    reused_blobs: int = 0
    renumbered: list[str] = field(default_factory=list)


@dataclass
class Plan:
    """What the import will write, worked out before writing anything."""

    objects: dict[str, list[DeserializedObject]]
    # Old key → key in this database, for the rows that are reused or renumbered.
    remap: dict[type[models.Model], dict[Any, Any]]
    skip: dict[str, set[Any]]
    renumber: set[str]
    summary: ImportSummary


def import_collectivite(path: Path, report: Report = silent) -> ImportSummary:
    """Restore the archive at ``path`` into this database, whole or not at
    all, saying each step to ``report``: the checks, the rows written model
    by model, each file stored, the index."""
    with _open(path) as zf:
        report(f"Lecture de l'archive {path.name} : {JSON_NAME}")
        document = _read_document(zf)
        plan = _plan(zf, document, report)

        with transaction.atomic():
            report("Écriture des données :")
            try:
                collectivite = _write_rows(plan, report)
            except (IntegrityError, DataError) as error:
                # The plan ruled out every conflict it could see: what is
                # left is a row that breaks a rule of the database, or a
                # concurrent write.
                raise PortabilityError(
                    f"Une ligne de {JSON_NAME} ne peut pas être écrite ({error}). "
                    f"{NOTHING}"
                ) from error
            _check_written(plan, collectivite)
            report("Enregistrement des fichiers :")
            _store_files(zf, plan, report)
            record(
                "collectivite.imported",
                target=collectivite,
                slug=collectivite.slug,
                exported_at=document["exported_at"],
            )
            report("Indexation pour la recherche…")
            indexed = _index(collectivite)
            previews = _queue_previews(collectivite)
            report(f"  {indexed} élément(s) indexé(s), {previews} aperçu(s) demandé(s)")

    logger.info(
        "collectivite imported slug=%s indexed=%s previews=%s",
        collectivite.slug,
        indexed,
        previews,
    )
    return plan.summary


def _open(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise PortabilityError(f"Le fichier {path} n'existe pas.")
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise PortabilityError(
            f"{path} n'est pas une archive zip, ou elle est abîmée. {NOTHING}"
        ) from error


def _read_document(zf: zipfile.ZipFile) -> dict[str, Any]:
    if JSON_NAME not in zf.namelist():
        raise PortabilityError(
            f"L'archive ne contient pas {JSON_NAME} : ce n'est pas un export de "
            f"Quorum. {NOTHING}"
        )
    try:
        document = json.loads(zf.read(JSON_NAME).decode("utf-8"))
    except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as error:
        raise PortabilityError(
            f"{JSON_NAME} est abîmé dans l'archive ({error}). {NOTHING}"
        ) from error
    except json.JSONDecodeError as error:
        raise PortabilityError(
            f"{JSON_NAME} n'est pas du JSON valide ({error}). {NOTHING}"
        ) from error

    if not isinstance(document, dict) or "format" not in document:
        raise PortabilityError(f"{JSON_NAME} n'indique pas son format. {NOTHING}")
    if document["format"] != FORMAT_VERSION:
        raise PortabilityError(
            f"Cette archive est au format {document['format']} ; cette version de "
            f"Quorum lit le format {FORMAT_VERSION}. {NOTHING}"
        )
    rows = document.get("rows")
    if (
        not isinstance(rows, dict)
        or not isinstance(document.get("collectivite"), str)
        or not isinstance(document.get("exported_at"), str)
    ):
        raise PortabilityError(f"{JSON_NAME} n'a pas la forme attendue. {NOTHING}")
    unknown = sorted(set(rows) - {part.key for part in REGISTRY})
    if unknown:
        raise PortabilityError(
            f"{JSON_NAME} contient des données que cette version de Quorum ne "
            f"connaît pas : {', '.join(unknown)}. {NOTHING}"
        )
    return document


def _plan(zf: zipfile.ZipFile, document: dict[str, Any], report: Report) -> Plan:
    objects = {part.key: _deserialize(part, document["rows"]) for part in REGISTRY}
    collectivite = _the_collectivite(objects, document["collectivite"])
    summary = ImportSummary(
        name=collectivite.name,
        slug=collectivite.slug,
        exported_at=document["exported_at"],
    )
    plan = Plan(
        objects=objects,
        remap=defaultdict(dict),
        skip=defaultdict(set),
        renumber=set(),
        summary=summary,
    )

    report("Vérification des fichiers de l'archive :")
    _check_files(zf, _instances(plan, Blob), report)
    report("Vérification du journal…")
    _check_journal(_instances(plan, JournalEntry), collectivite)
    _plan_people(plan)
    _plan_blobs(plan)
    for part in REGISTRY:
        if not part.is_shared:
            _plan_owned(plan, part)

    summary.counts = [(part.noun, len(objects[part.key])) for part in REGISTRY]
    return plan


def _deserialize(part: Part, rows: dict[str, Any]) -> list[DeserializedObject]:
    listed = rows.get(part.key, [])
    if not isinstance(listed, list) or not all(
        isinstance(row, dict) and isinstance(row.get("fields"), dict) for row in listed
    ):
        raise PortabilityError(
            f"{JSON_NAME} n'a pas la forme attendue ({part.key}). {NOTHING}"
        )
    try:
        return list(
            serializers.deserialize(
                "python", [{"model": part.key, **row} for row in listed]
            )
        )
    except (DeserializationError, FieldDoesNotExist) as error:
        raise PortabilityError(
            f"{JSON_NAME} contient une ligne invalide : {error}. {NOTHING}"
        ) from error


def _instances[M: models.Model](plan: Plan, model: type[M]) -> list[M]:
    return [obj.object for obj in plan.objects[model._meta.label_lower]]  # type: ignore[misc]


def _the_collectivite(
    objects: dict[str, list[DeserializedObject]], slug: str
) -> Collectivite:
    found = [obj.object for obj in objects[Collectivite._meta.label_lower]]
    collectivite = found[0] if len(found) == 1 else None
    if not isinstance(collectivite, Collectivite) or collectivite.slug != slug:
        raise PortabilityError(
            f"{JSON_NAME} doit décrire une seule collectivité, « {slug} ». {NOTHING}"
        )
    if Collectivite.objects.filter(slug=collectivite.slug).exists():
        raise PortabilityError(
            f"La collectivité « {collectivite.slug} » existe déjà dans cette base. "
            f"{NOTHING}"
        )
    return collectivite


def _check_files(zf: zipfile.ZipFile, blobs: list[Blob], report: Report) -> None:
    present = set(zf.namelist())
    for number, blob in enumerate(blobs, start=1):
        name = file_name(blob.sha256)
        if name not in present:
            raise PortabilityError(
                f"L'archive ne contient pas le fichier {name}. {NOTHING}"
            )
        digest = hashlib.sha256()
        size = 0
        try:
            with zf.open(name) as stream:
                while chunk := stream.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise PortabilityError(
                f"Le fichier {name} est abîmé dans l'archive ({error}). {NOTHING}"
            ) from error
        if digest.hexdigest() != blob.sha256 or size != blob.size:
            raise PortabilityError(
                f"Le fichier {name} est corrompu : son contenu ne correspond pas à "
                f"son empreinte SHA-256. {NOTHING}"
            )
        report(f"  fichier {number} sur {len(blobs)} vérifié ({size_of(blob.size)})")


def _check_journal(entries: list[JournalEntry], collectivite: Collectivite) -> None:
    strangers = [e.id for e in entries if e.collectivite_id != collectivite.pk]
    breaks = chain_breaks(entries)
    if strangers:
        raise PortabilityError(
            f"Le journal de l'archive contient des entrées d'une autre collectivité "
            f"(n° {strangers[0]}). {NOTHING}"
        )
    if breaks:
        raise PortabilityError(
            f"Le journal de l'archive ne se vérifie pas : entrée n° "
            f"{breaks[0].entry_id}, {breaks[0].reason}. {NOTHING}"
        )


def _plan_people(plan: Plan) -> None:
    """Reuse the accounts that exist already. The journal's hashes name
    people by their e-mail at the time, so its links may point to another
    account of the same person without breaking the chain."""
    for user in _instances(plan, User):
        existing = (
            User.objects.filter(email__iexact=user.email).first()
            or User.objects.filter(pk=user.pk).first()
        )
        if existing is None:
            continue
        plan.remap[User][user.pk] = existing.pk
        plan.skip[User._meta.label_lower].add(user.pk)
        by = "adresse e-mail" if existing.email == user.email.lower() else "identifiant"
        plan.summary.reused_people.append(Reused(email=existing.email, by=by))


def _plan_blobs(plan: Plan) -> None:
    keys = [blob.pk for blob in _instances(plan, Blob)]
    existing = _existing(Blob, keys)
    plan.skip[Blob._meta.label_lower] = existing
    plan.summary.reused_blobs = len(existing)


def _plan_owned(plan: Plan, part: Part) -> None:
    keys = [obj.object.pk for obj in plan.objects[part.key]]
    taken = _existing(part.model, keys)
    if not taken:
        return
    if isinstance(part.model._meta.pk, models.AutoField | models.BigAutoField):
        plan.renumber.add(part.key)
        plan.summary.renumbered.append(part.noun)
        return
    raise PortabilityError(
        f"Des {part.noun} de l'archive existent déjà dans cette base (par exemple "
        f"{sorted(map(str, taken))[0]}) : elle a déjà reçu cette collectivité, "
        f"au moins en partie. {NOTHING}"
    )


def _existing(model: type[models.Model], keys: list[Any]) -> set[Any]:
    found: set[Any] = set()
    for start in range(0, len(keys), BATCH):
        found.update(
            model._default_manager.filter(
                pk__in=keys[start : start + BATCH]
            ).values_list("pk", flat=True)
        )
    return found


def _write_rows(plan: Plan, report: Report) -> Collectivite:
    kept_integer_keys: list[type[models.Model]] = []
    for part in REGISTRY:
        report(f"  {part.noun} : {len(plan.objects[part.key])}")
        renumber = part.key in plan.renumber
        for obj in plan.objects[part.key]:
            instance = obj.object
            _apply_remap(plan, part, obj)
            if instance.pk in plan.skip[part.key]:
                continue
            if renumber:
                old = instance.pk
                instance.pk = None
                obj.save(force_insert=True)
                plan.remap[part.model][old] = instance.pk
            else:
                obj.save(force_insert=True)
        if not renumber and isinstance(
            part.model._meta.pk, models.AutoField | models.BigAutoField
        ):
            kept_integer_keys.append(part.model)

    # Rows written with their own integer keys leave PostgreSQL's sequences
    # behind; SQLite needs nothing.
    statements = connection.ops.sequence_reset_sql(no_style(), kept_integer_keys)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    return Collectivite.objects.get(pk=_instances(plan, Collectivite)[0].pk)


def _apply_remap(plan: Plan, part: Part, obj: DeserializedObject) -> None:
    instance = obj.object
    opts = part.model._meta
    for relation in opts.local_fields:
        if relation.is_relation and relation.related_model in plan.remap:
            mapping = plan.remap[relation.related_model]
            value = getattr(instance, relation.attname)
            if value in mapping:
                setattr(instance, relation.attname, mapping[value])
    for relation in opts.local_many_to_many:
        if obj.m2m_data and relation.name in obj.m2m_data:
            mapping = plan.remap.get(relation.related_model, {})
            obj.m2m_data[relation.name] = [
                mapping.get(value, value) for value in obj.m2m_data[relation.name]
            ]


def _check_written(plan: Plan, collectivite: Collectivite) -> None:
    """What was written holds together and belongs to the collectivité."""
    try:
        connection.check_constraints(
            table_names=[part.model._meta.db_table for part in REGISTRY]
        )
    except IntegrityError as error:
        raise PortabilityError(
            f"{JSON_NAME} est incohérent : {error}. {NOTHING}"
        ) from error

    for part in REGISTRY:
        if part.is_shared:
            continue
        written = part.owned_rows(collectivite.pk).count()
        if written != len(plan.objects[part.key]):
            raise PortabilityError(
                f"{JSON_NAME} est incohérent : des {part.noun} n'appartiennent pas "
                f"à « {collectivite.slug} ». {NOTHING}"
            )

    entries = JournalEntry.objects.filter(collectivite=collectivite).order_by("id")
    if chain_breaks(entries):
        raise PortabilityError(
            f"Le journal ne se vérifie plus une fois importé. {NOTHING}"
        )


def _store_files(zf: zipfile.ZipFile, plan: Plan, report: Report) -> None:
    """Write each content through ``documents.storage``; one already stored
    (shared with another collectivité) is left as it is."""
    blobs = _instances(plan, Blob)
    for number, blob in enumerate(blobs, start=1):
        stream: IO[bytes]
        with zf.open(file_name(blob.sha256)) as stream:
            stored = store(stream)
        if stored.pk != blob.sha256:  # checked already; a guard, not a path
            raise PortabilityError(
                f"Le fichier {file_name(blob.sha256)} a changé pendant l'import. "
                f"{NOTHING}"
            )
        report(f"  fichier {number} sur {len(blobs)} ({size_of(blob.size)})")


def _index(collectivite: Collectivite) -> int:
    """Index the collectivité's documents, comments and points, in the
    import's transaction; the number of rows handed to it. A document's text comes
    with its preview, which ``_queue_previews`` asks for."""
    documents = Document.objects.filter(collectivite=collectivite).select_related(
        "workspace", "current_version"
    )
    # index_comment decides which comments are searched.
    comments = Comment.objects.filter(thread__collectivite=collectivite).select_related(
        "thread__document__workspace"
    )
    items = AgendaItem.objects.filter(seance__collectivite=collectivite)
    count = 0
    for document in documents:
        index_document(document)
        count += 1
    for comment in comments:
        index_comment(comment)
        count += 1
    for item in items:
        index_point(item)
        count += 1
    return count


def _queue_previews(collectivite: Collectivite) -> int:
    """Ask for the preview and text of every content of the documents that
    may still be seen, the current versions first, once the import is
    committed: an import that fails queues nothing. A content that has its
    preview already (shared with another collectivité) is left as it is."""
    documents = Document.objects.filter(
        collectivite=collectivite, purged_at__isnull=True
    )
    current = documents.filter(current_version__isnull=False).values_list(
        "current_version__blob_id", flat=True
    )
    others = (
        Version.objects.filter(document__in=documents)
        .order_by("document_id", "number")
        .values_list("blob_id", flat=True)
    )
    hashes = list(dict.fromkeys([*current.order_by("pk"), *others]))
    for sha256 in hashes:
        transaction.on_commit(partial(request_rendition, sha256), robust=True)
    return len(hashes)
