"""The search index: one row per thing a person may find, kept in step by
the services that change them (see ``search.indexing``).

Derived data, like the previews: rebuilt at will (``manage.py
reindex_search``), never exported. The full-text part lives beside it, in a
form of each database's own (see ``search.backends``).
"""

import uuid

from django.db import models

from collectivites.models import Collectivite, Workspace
from discussions.models import Comment
from documents.models import Document
from seances.models import AgendaItem


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        DOCUMENT = "document", "Document"
        COMMENT = "commentaire", "Commentaire"
        POINT = "point", "Point de l'ordre du jour"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # ``kind:id`` of what the row is about: one row each, updated in place.
    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=12, choices=Kind)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="+"
    )
    # Whose visibility the row follows: the workspace of a document or a
    # comment; the séance's commission for a point (none for the council).
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # On PostgreSQL, both feed the stored vector ``search_vector`` that
    # migration 0003 adds beside the model's fields: changing their type
    # there means dropping that column first and adding it back after.
    title = models.CharField("titre", max_length=300, blank=True)
    body = models.TextField("texte", blank=True)
    # Shown under the result, never searched: where the thing lives.
    label = models.CharField("emplacement", max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "entrée de l'index de recherche"
        verbose_name_plural = "entrées de l'index de recherche"

    def __str__(self) -> str:
        return self.key
