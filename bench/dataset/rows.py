"""Rows waiting for their bulk insert, written in an order the foreign keys
accept, with the dates the generator chose rather than today's."""

import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from django.db import connections, models, router, transaction
from django.db.models.base import ModelState
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone

from accounts.models import User
from actes.models import Deliberation, NumberSequence, Signature
from collectivites.models import Collectivite, Membership, Workspace, WorkspaceMember
from convocations.models import Convocation, Delivery
from discussions.models import Comment, Thread
from documents.models import Blob, Document, Version
from proceedings.models import (
    Attendance,
    Examination,
    Interest,
    Sitting,
    Vote,
    VoteChoice,
)
from publication.models import Publication
from seances.models import AgendaItem, Annex, DraftRevision, Seance

# Parents before children. A document names its current version before the
# version exists: foreign keys are checked at commit (Django declares them
# deferrable on PostgreSQL and SQLite), and each flush is one transaction.
ORDER: tuple[type[models.Model], ...] = (
    User,
    Collectivite,
    Membership,
    Workspace,
    WorkspaceMember,
    Blob,
    Document,
    Version,
    Seance,
    AgendaItem,
    DraftRevision,
    Annex,
    Thread,
    Comment,
    Convocation,
    Delivery,
    Sitting,
    Attendance,
    Examination,
    Interest,
    Vote,
    VoteChoice,
    NumberSequence,
    Deliberation,
    Signature,
    Publication,
)
BATCH_SIZE = 2_000


def new[M: models.Model](model: type[M], **values: Any) -> M:
    """``model(**values)`` without ``Model.__init__``, which would cost more
    than the insert of the row: the fields not given take their default, a
    related object given by name is kept as ``__init__`` would keep it."""
    obj = model.__new__(model)
    obj._state = ModelState()
    attributes = obj.__dict__
    for field, default in _fields(model):
        if field.name in values:
            value = values[field.name]
            if field.is_relation:
                obj._state.fields_cache[field.name] = value
                value = None if value is None else value.pk
            attributes[field.attname] = value
        elif field.attname in values:
            attributes[field.attname] = values[field.attname]
        else:
            attributes[field.attname] = default() if callable(default) else default
    return obj


@cache
def _fields(model: type[models.Model]) -> list[tuple[models.Field, Any]]:
    fields = []
    for field in model._meta.concrete_fields:
        if not field.has_default():
            default = None if field.null or field.is_relation else field.get_default()
        elif callable(field.default):
            default = field.default
        else:
            default = field.get_default()
        fields.append((field, default))
    return fields


class Rows:
    def __init__(self) -> None:
        self._waiting: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self._blobs: set[str] = set()
        self.made: Counter[str] = Counter()
        self.insert_seconds = 0.0

    def add(self, *objects: models.Model) -> None:
        for obj in objects:
            if isinstance(obj, Blob):
                if obj.sha256 in self._blobs:  # the same bytes, kept once
                    continue
                self._blobs.add(obj.sha256)
            self._waiting[type(obj)].append(obj)

    def flush(self) -> None:
        started = time.perf_counter()
        now = timezone.now()
        with historical_dates() as dated, transaction.atomic():
            for model in ORDER:
                objects = self._waiting.pop(model, [])
                if not objects:
                    continue
                for name in dated.get(model, ()):
                    for obj in objects:
                        if getattr(obj, name) is None:
                            setattr(obj, name, now)
                _insert(model, objects)
                self.made[model._meta.verbose_name_plural] += len(objects)
        if self._waiting:
            raise RuntimeError(f"rows of no known order: {list(self._waiting)}")
        self._blobs.clear()
        self.insert_seconds += time.perf_counter() - started


def _insert(model: type[models.Model], objects: list[models.Model]) -> None:
    """``bulk_create``, or on PostgreSQL its ``COPY``, several times faster
    for the same rows (the values are those ``bulk_create`` would send: the
    fields' Python values, which psycopg adapts, defaults already set by
    each model's ``__init__``)."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql" or model is Blob:
        # A blob already stored by an earlier run is kept as it is.
        model.objects.bulk_create(
            objects, batch_size=BATCH_SIZE, ignore_conflicts=model is Blob
        )
        return
    # An automatic id is the database's to give (nothing here refers to it).
    fields = [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, AutoFieldMixin)
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    names = [field.attname for field in fields]
    # COPY takes JSON as its text, which bulk_create would have sent.
    as_json = [
        (index, field.encoder)
        for index, field in enumerate(fields)
        if isinstance(field, models.JSONField)
    ]
    with connection.cursor() as cursor:
        copy_sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
        with cursor.cursor.copy(copy_sql) as copy:
            for obj in objects:
                row = [getattr(obj, name) for name in names]
                for index, encoder in as_json:
                    row[index] = json.dumps(row[index], cls=encoder)
                copy.write_row(row)


@contextmanager
def historical_dates() -> Iterator[dict[type[models.Model], list[str]]]:
    """Keep the ``created_at``/``updated_at`` the generator set: six years of
    séances are not all created today; those left unset are given now.
    Only for the bulk inserts here."""
    dated = {
        model: [
            field
            for field in model._meta.concrete_fields
            if isinstance(field, models.DateTimeField)
            and (field.auto_now or field.auto_now_add)
        ]
        for model in ORDER
    }
    fields = [field for model_fields in dated.values() for field in model_fields]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield {model: [f.attname for f in found] for model, found in dated.items()}
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
