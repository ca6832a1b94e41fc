"""The dossier de séance as compiled PDFs, and the parts reused between builds.

Derived data: rebuilt at will from the séance, its drafts and its annexes.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from documents.models import Blob
from seances.models import Seance

# A build still "en cours" after this long lost its worker.
STALE_AFTER = timedelta(minutes=30)


class DossierBuild(models.Model):
    """One compilation of a séance's dossier, with its progress."""

    class Variant(models.TextChoices):
        CONSEILLERS = "conseillers", "dossier des conseillers"
        PUBLIC = "public", "dossier public (sans les points à huis clos)"

    class Status(models.TextChoices):
        PENDING = "en_attente", "en attente"
        RUNNING = "en_cours", "en cours"
        READY = "pret", "prêt"
        FAILED = "echec", "échec"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seance = models.ForeignKey(
        Seance, on_delete=models.CASCADE, related_name="dossier_builds"
    )
    variant = models.CharField(
        max_length=12, choices=Variant, default=Variant.CONSEILLERS
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    # Pieces are the drafts and annexes; the counters say how far the work is.
    pieces_done = models.PositiveIntegerField(default=0)
    pieces_total = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    # An annex was still being converted: compiled again once it is done.
    incomplete = models.BooleanField("incomplet", default=False)
    # What the compilation read of the séance (``dossiers.freshness``): the
    # page says "à recompiler" once the séance no longer matches it.
    fingerprint = models.CharField(max_length=64, blank=True)
    error = models.CharField("erreur", max_length=300, blank=True)
    output = models.ForeignKey(
        Blob, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "compilation du dossier de séance"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_variant_display()} — {self.seance} ({self.status})"

    @property
    def is_busy(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.RUNNING} and not (
            self.is_stale
        )

    @property
    def is_stale(self) -> bool:
        """Queued or started long ago and never finished: its worker is gone."""
        since = self.started_at or self.updated_at
        return (
            self.status in {self.Status.PENDING, self.Status.RUNNING}
            and since is not None
            and timezone.now() - since > STALE_AFTER
        )


class RenderedPart(models.Model):
    """A PDF made by Quorum from a page of HTML, kept per hash of that HTML:
    a draft whose text, number and title did not change is not redrawn."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=64, unique=True)
    pdf = models.ForeignKey(Blob, on_delete=models.CASCADE, related_name="+")
    pages = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pièce déjà mise en page"

    def __str__(self) -> str:
        return f"{self.key[:12]} ({self.pages} p.)"
