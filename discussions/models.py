"""Discussions beside a document or an agenda point, and the reviews asked
of people.

A ``Thread`` hangs on exactly one of a document or an agenda point (a check
of the database says so). Its first comment opens it, the others answer it
(one level of replies).
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from collectivites.models import Collectivite
from documents.models import Document, Version
from seances.models import AgendaItem


class Thread(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="threads"
    )
    # Exactly one of the two is set (``thread_on_document_or_point``).
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name="point de l'ordre du jour",
    )
    version = models.ForeignKey(
        Version,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name="version concernée",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Set by ``discussions.panel`` for the templates; never stored.
    can_resolve: bool

    class Meta:
        verbose_name = "discussion"
        # The id settles two created in the same instant, on every database.
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(document__isnull=False, agenda_item__isnull=True)
                    | models.Q(document__isnull=True, agenda_item__isnull=False)
                ),
                name="thread_on_document_or_point",
            ),
        ]

    def __str__(self) -> str:
        return f"Discussion sur {self.subject}"

    def get_absolute_url(self) -> str:
        return f"{self.subject.get_absolute_url()}#discussion-{self.id}"

    @property
    def subject(self) -> Document | AgendaItem:
        """The document or the agenda point the discussion hangs on."""
        subject = self.document or self.agenda_item
        if subject is None:  # ruled out by the check constraint
            raise ValueError(f"thread {self.pk} hangs on nothing")
        return subject

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None


class Comment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField("message")
    edited_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Set by ``discussions.panel`` for the templates; never stored.
    can_edit: bool

    class Meta:
        verbose_name = "commentaire"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Commentaire de {self.author}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url().split('#')[0]}#commentaire-{self.id}"

    def get_history_url(self) -> str:
        return reverse(
            "discussions:history",
            kwargs={
                "collectivite": self.thread.collectivite.slug,
                "comment_id": self.id,
            },
        )


class CommentRevision(models.Model):
    """The wording of a comment before one of its edits."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField("message")
    written_at = models.DateTimeField("écrit le")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "version antérieure d'un commentaire"
        ordering = ["comment", "written_at"]

    def __str__(self) -> str:
        return f"Version antérieure de {self.comment}"


class Mention(models.Model):
    """A person named in a comment, who may see the document or the point."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="mentions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "mention"
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "user"], name="mention_once_per_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"@{self.user}"


class ReviewRequest(models.Model):
    """ "Demander une relecture": a document, a due date, some reviewers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="review_requests"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="review_requests"
    )
    version = models.ForeignKey(
        Version, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField("à rendre pour le")
    message = models.TextField("message", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "demande de relecture"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Relecture de {self.document}"

    def get_absolute_url(self) -> str:
        return f"{self.document.get_absolute_url()}#relecture-{self.id}"


class Review(models.Model):
    """One reviewer's part of a request, and their answer."""

    class Decision(models.TextChoices):
        PENDING = "pending", "En attente"
        APPROVED = "approved", "Approuvé"
        CHANGES = "changes", "Modifications demandées"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(
        ReviewRequest, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(
        "avis", max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    comment = models.TextField("commentaire", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Set by ``discussions.panel.reviews_for`` for the templates; never stored.
    is_late: bool

    class Meta:
        verbose_name = "relecture"
        ordering = ["request", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "reviewer"], name="review_once_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"Relecture de {self.reviewer}"

    @property
    def is_pending(self) -> bool:
        return self.decision == self.Decision.PENDING
