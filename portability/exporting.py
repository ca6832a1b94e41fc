"""Writing everything of one collectivité to an archive (see ``archive``)."""

import hashlib
import logging
import os
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core import serializers
from django.db import models
from django.utils import timezone

from collectivites.models import Collectivite
from documents.models import Blob
from documents.storage import CHUNK, open_blob
from journal.models import JournalEntry
from journal.services import Break, record
from portability.archive import (
    JSON_NAME,
    PortabilityError,
    Report,
    chain_breaks,
    dumps,
    file_name,
    silent,
    size_of,
)
from portability.registry import FORMAT_VERSION, REGISTRY, Part

logger = logging.getLogger(__name__)

# A few hundred ids per query keeps every database under its parameter limit.
BATCH = 500

Rows = dict[str, list[models.Model]]


@dataclass
class ExportSummary:
    collectivite: Collectivite
    counts: list[tuple[str, int]] = field(default_factory=list)
    files: int = 0
    size: int = 0
    journal_breaks: list[Break] = field(default_factory=list)


def export_collectivite(slug: str, out: Path, report: Report = silent) -> ExportSummary:
    """Write the archive of the collectivité ``slug`` to ``out``, saying
    each step to ``report``: the rows read model by model, then each file.

    The archive holds the password hashes of its people, so that their
    accounts keep working once imported: it is as sensitive as the database.
    ``out`` appears whole or not at all."""
    collectivite = Collectivite.objects.filter(slug=slug).first()
    if collectivite is None:
        raise PortabilityError(
            f"Aucune collectivité ne porte l'identifiant « {slug} »."
        )

    report(f"Lecture des données de « {collectivite.name} » :")
    rows = select_rows(collectivite, report)
    report(f"Écriture de l'archive {out.name} : {JSON_NAME}")
    document = {
        "format": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "collectivite": collectivite.slug,
        "rows": {part.key: serialize(part, rows[part.key]) for part in REGISTRY},
    }
    blobs = [obj for obj in rows[part_key(Blob)] if isinstance(obj, Blob)]
    entries = [
        obj for obj in rows[part_key(JournalEntry)] if isinstance(obj, JournalEntry)
    ]
    _write_zip(out, dumps(document), blobs, report)

    record("collectivite.exported", target=collectivite, slug=collectivite.slug)
    logger.info("collectivite exported slug=%s", collectivite.slug)
    return ExportSummary(
        collectivite=collectivite,
        counts=[(part.noun, len(rows[part.key])) for part in REGISTRY],
        files=len(blobs),
        size=sum(blob.size for blob in blobs),
        journal_breaks=chain_breaks(entries),
    )


def part_key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def select_rows(collectivite: Collectivite, report: Report = silent) -> Rows:
    """Every row of the export, by model key, in the order of their keys.

    Owned rows come from their path to the collectivité; shared rows are
    those that the other rows point to."""
    rows: Rows = {}
    for part in REGISTRY:
        if not part.is_shared:
            rows[part.key] = list(part.owned_rows(collectivite.pk))
            report(f"  {part.noun} : {len(rows[part.key])}")
    # A shared model only points to shared models before it: walking back
    # sees every row that points to it before selecting its own rows.
    for part in reversed(REGISTRY):
        if part.is_shared:
            wanted = sorted(_referenced(part.model, rows), key=str)
            rows[part.key] = _fetch(part.model, wanted)
            report(f"  {part.noun} : {len(rows[part.key])}")
    _check_closure(rows)
    return rows


def serialize(part: Part, objects: list[models.Model]) -> list[dict[str, Any]]:
    dumped = serializers.serialize("python", objects, fields=part.fields)
    for row in dumped:
        del row["model"]  # the key of the list already names it
    return dumped


def _travelling_relations(part: Part) -> Iterable[models.Field[Any, Any]]:
    opts = part.model._meta
    for relation in [*opts.local_fields, *opts.local_many_to_many]:
        if relation.is_relation and relation.name not in part.exclude:
            yield relation


def _referenced(model: type[models.Model], rows: Rows) -> set[Any]:
    """The keys of the rows of ``model`` that the selected rows point to."""
    keys: set[Any] = set()
    for part in REGISTRY:
        objects = rows.get(part.key, [])
        for relation in _travelling_relations(part):
            if relation.related_model is not model:
                continue
            if relation.many_to_many:
                for obj in objects:
                    keys.update(
                        getattr(obj, relation.name).values_list("pk", flat=True)
                    )
            else:
                keys.update(getattr(obj, relation.attname) for obj in objects)
    keys.discard(None)
    return keys


def _fetch(model: type[models.Model], keys: list[Any]) -> list[models.Model]:
    found: list[models.Model] = []
    for start in range(0, len(keys), BATCH):
        found += model._default_manager.filter(pk__in=keys[start : start + BATCH])
    return sorted(found, key=lambda obj: _order(obj.pk))


def _order(pk: Any) -> tuple[int, str]:
    # The same order as the owned rows' ORDER BY pk: numbers by value,
    # UUIDs and hashes by their text.
    return (pk, "") if isinstance(pk, int) else (0, str(pk))


def _check_closure(rows: Rows) -> None:
    """Every relation of an exported row leads to another exported row.

    A miss means that a row points to another collectivité's data, or that
    a model joined the project without joining the registry."""
    present: dict[type[models.Model], set[Any]] = defaultdict(set)
    for part in REGISTRY:
        present[part.model] = {obj.pk for obj in rows[part.key]}
    for part in REGISTRY:
        objects = rows[part.key]
        for relation in _travelling_relations(part):
            if relation.many_to_many:
                continue  # their targets were selected from them
            target = relation.related_model
            for obj in objects:
                value = getattr(obj, relation.attname)
                if value is not None and value not in present.get(target, set()):  # type: ignore[arg-type]
                    raise PortabilityError(
                        f"L'export est incohérent : {part.model._meta.verbose_name} "
                        f"{obj.pk} pointe vers {target._meta.verbose_name} {value}, "  # type: ignore[union-attr]
                        "qui n'appartient pas à cette collectivité. "
                        "Rien n'a été écrit."
                    )


def _write_zip(out: Path, json_bytes: bytes, blobs: list[Blob], report: Report) -> None:
    partial = out.with_name(out.name + ".partiel")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(JSON_NAME, json_bytes)
            for number, blob in enumerate(blobs, start=1):
                _write_blob(zf, blob)
                report(f"  fichier {number} sur {len(blobs)} ({size_of(blob.size)})")
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _write_blob(zf: zipfile.ZipFile, blob: Blob) -> None:
    digest = hashlib.sha256()
    try:
        source = open_blob(blob)
    except FileNotFoundError as error:
        raise PortabilityError(
            f"Le fichier {blob.sha256} manque dans le stockage : rien n'a été écrit."
        ) from error
    entry = zipfile.ZipInfo(
        file_name(blob.sha256),
        date_time=timezone.localtime(blob.created_at).timetuple()[:6],
    )
    entry.compress_type = zipfile.ZIP_DEFLATED
    with source, zf.open(entry, "w", force_zip64=True) as target:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    if digest.hexdigest() != blob.sha256:
        raise PortabilityError(
            f"Le fichier stocké {blob.sha256} ne correspond plus à son empreinte "
            "SHA-256 : il a été altéré dans le stockage. Rien n'a été écrit."
        )
