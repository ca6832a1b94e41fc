"""What Quorum derives from stored bytes: a PDF to look at (for an image,
the image drawn again) and the text.

Derived data: kept once per content hash, rebuilt at will, never exported.
"""

import uuid
from datetime import timedelta

from django.db import models
from django.utils import timezone

from documents.models import Blob

# A conversion still "en cours" after this long lost its worker.
STALE_AFTER = timedelta(minutes=30)


class Rendition(models.Model):
    """The preview PDF (or the image drawn again) and extracted text of one
    stored content."""

    class Kind(models.TextChoices):
        PREVIEW = "apercu", "aperçu PDF et texte"

    class State(models.TextChoices):
        PENDING = "en_attente", "en attente"
        RUNNING = "en_cours", "en cours"
        READY = "pret", "prêt"
        FAILED = "echec", "échec"
        # Nothing to convert, or nothing Quorum can open (a locked PDF, an
        # image, an archive): said once, never retried.
        UNAVAILABLE = "sans_apercu", "sans aperçu"

    class TextSource(models.TextChoices):
        NONE = "", "aucun"
        TEXT_LAYER = "couche_texte", "couche texte du PDF"
        OCR = "ocr", "texte reconnu (OCR)"
        CONVERSION = "conversion", "conversion par LibreOffice"
        DOCUMENT = "document", "contenu du document"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.ForeignKey(
        Blob, on_delete=models.CASCADE, related_name="renditions"
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.PREVIEW)
    state = models.CharField(max_length=20, choices=State, default=State.PENDING)
    reason = models.CharField("raison", max_length=300, blank=True)
    locked = models.BooleanField("verrouillé par un mot de passe", default=False)
    output = models.ForeignKey(
        Blob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField("texte extrait", blank=True)
    text_source = models.CharField(
        max_length=20, choices=TextSource, default=TextSource.NONE, blank=True
    )
    attempts = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "aperçu"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind"], name="rendition_source_kind_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} de {self.source_id} ({self.state})"

    @property
    def is_busy(self) -> bool:
        return self.state in {self.State.PENDING, self.State.RUNNING} and not (
            self.is_stale
        )

    @property
    def is_stale(self) -> bool:
        """Queued or started long ago and never finished: its worker is gone."""
        since = self.started_at or self.updated_at
        return (
            self.state in {self.State.PENDING, self.State.RUNNING}
            and since is not None
            and timezone.now() - since > STALE_AFTER
        )

    @property
    def can_retry(self) -> bool:
        return self.state == self.State.FAILED or self.is_stale

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())
