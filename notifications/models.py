"""What a person is told about, in the application and by e-mail.

A notification names what it is about, a document or an agenda point, never
copies its contents: what it shows is rebuilt, and access rechecked, when it
is shown or sent.
"""

import uuid

from django.conf import settings
from django.db import models

from collectivites.models import Collectivite, Membership
from documents.models import Document
from seances.models import AgendaItem


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTION = "mention", "Mention"
        REPLY = "reply", "Réponse"
        REVIEW_REQUESTED = "review_requested", "Relecture demandée"
        REVIEW_ANSWERED = "review_answered", "Relecture rendue"
        REVIEW_DUE = "review_due", "Relecture à rendre demain"
        NEW_VERSION = "new_version", "Nouvelle version"
        APPROVAL_WITHDRAWN = "approval_withdrawn", "Approbation retirée"
        # A convened point changed again after the one e-mail that told the
        # council about the changes (``convocations.changes``).
        POINT_CHANGED = "point_changed", "Point modifié après la convocation"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="notifications"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Exactly one of the two is set (``notification_on_document_or_point``).
    document = models.ForeignKey(
        Document,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name="point de l'ordre du jour",
    )
    # Where on the page of the document or the point the person is taken
    # ("#commentaire-…").
    anchor = models.CharField(max_length=80, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Set once the notification was e-mailed, or deliberately not (access
    # lost): nothing is ever sent twice.
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "notification"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["recipient", "collectivite", "read_at"],
                name="notification_unread",
            ),
            models.Index(fields=["emailed_at", "created_at"], name="notification_mail"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(document__isnull=False, agenda_item__isnull=True)
                    | models.Q(document__isnull=True, agenda_item__isnull=False)
                ),
                name="notification_on_document_or_point",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} pour {self.recipient}"

    def get_absolute_url(self) -> str:
        url = self.subject.get_absolute_url()
        return f"{url}#{self.anchor}" if self.anchor else url

    @property
    def subject(self) -> Document | AgendaItem:
        """The document or the agenda point the notification is about."""
        subject = self.document or self.agenda_item
        if subject is None:  # ruled out by the check constraint
            raise ValueError(f"notification {self.pk} is about nothing")
        return subject

    @property
    def is_about_point(self) -> bool:
        return self.agenda_item_id is not None

    @property
    def message(self) -> str:
        who = str(self.actor) if self.actor else "Quorum"
        title = self.subject.title
        kind = self.Kind(self.kind)
        if self.is_about_point:
            return _point_message(kind, who, title)
        return {
            self.Kind.MENTION: f"{who} vous a mentionné(e) à propos de « {title} »",
            self.Kind.REPLY: f"{who} a répondu dans une discussion sur « {title} »",
            self.Kind.REVIEW_REQUESTED: f"{who} vous demande de relire « {title} »",
            self.Kind.REVIEW_ANSWERED: f"{who} a rendu sa relecture de « {title} »",
            self.Kind.REVIEW_DUE: f"Votre relecture de « {title} » est attendue demain",
            self.Kind.NEW_VERSION: f"{who} a déposé une nouvelle version de « {title} »",
        }.get(kind, f"{kind.label} : « {title} »")


def _point_message(kind: Notification.Kind, who: str, title: str) -> str:
    """What a notification about an agenda point says. A point's review has
    no due date (the dashboard flags it late after ``REVIEW_DELAY``): the
    request names none."""
    Kind = Notification.Kind
    return {
        Kind.MENTION: f"{who} vous a mentionné(e) à propos du point « {title} »",
        Kind.REPLY: f"{who} a répondu dans une discussion sur le point « {title} »",
        Kind.REVIEW_REQUESTED: f"Relecture demandée : {title}",
        Kind.APPROVAL_WITHDRAWN: (
            f"Relecture demandée à nouveau : {title} (le projet a changé "
            "depuis votre approbation, qui est retirée)"
        ),
        Kind.POINT_CHANGED: (
            f"Le point « {title} » a de nouveau changé depuis votre convocation : "
            "le dossier est à jour dans Quorum"
        ),
    }.get(kind, f"{kind.label} : « {title} »")


class NotificationPreference(models.Model):
    """How one member is e-mailed about one collectivité. By default, one
    summary a day: besides the convocation, its one reminder and its one
    message of changes, nothing else of a séance comes by e-mail at once."""

    class EmailMode(models.TextChoices):
        IMMEDIATE = (
            "immediate",
            "Dès que possible (regroupés par document ou par point)",
        )
        DAILY = "daily", "Un résumé par jour (conseillé)"
        # Offered to the maire only (``notifications.forms``).
        WEEKLY = (
            "weekly",
            "Un résumé par semaine de l'activité de la commune, le lundi",
        )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(
        "recevoir les notifications par e-mail",
        max_length=10,
        choices=EmailMode.choices,
        default=EmailMode.DAILY,
    )
    # When the last weekly summary left: one a week, however often the
    # command runs.
    summary_sent_at = models.DateTimeField(
        "dernier résumé hebdomadaire", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "préférence de notification"

    def __str__(self) -> str:
        return f"{self.get_email_mode_display()} ({self.membership})"
