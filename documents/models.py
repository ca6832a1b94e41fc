"""Documents and their immutable versions, stored once by content hash."""

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse

from collectivites.models import Collectivite, Workspace


class Blob(models.Model):
    """Bytes stored once, named by their SHA-256: the same file is kept once."""

    class ScanState(models.TextChoices):
        # Uploaded, held back until the antivirus declares it clean
        # (``documents.antivirus``).
        PENDING = "pending", "en cours de vérification"
        CLEAN = "clean", "sain"
        INFECTED = "infected", "bloqué par l'antivirus"

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField()
    # Bytes that Quorum made itself (previews, dossiers) are clean; an
    # upload starts held back unless no scanner is asked for.
    scan_state = models.CharField(
        "antivirus",
        max_length=10,
        choices=ScanState.choices,
        default=ScanState.CLEAN,
    )
    scan_detail = models.CharField("verdict de l'antivirus", max_length=200, blank=True)
    scanned_at = models.DateTimeField("vérifié le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "contenu stocké"

    def __str__(self) -> str:
        return self.sha256

    @property
    def is_clean(self) -> bool:
        return self.scan_state == self.ScanState.CLEAN

    @property
    def storage_name(self) -> str:
        return f"blobs/{self.sha256[:2]}/{self.sha256[2:4]}/{self.sha256}"


# A deleted document waits this long in its workspace's trash, restorable by
# the workspace's managers; then it is purged (see ``services.purge_trash``).
TRASH_DAYS = 30


class DocumentQuerySet(models.QuerySet["Document"]):
    def alive(self) -> "DocumentQuerySet":
        return self.filter(deleted_at__isnull=True)

    def in_trash(self, now: datetime) -> "DocumentQuerySet":
        """Deleted less than ``TRASH_DAYS`` ago and not purged: restorable."""
        return self.filter(
            deleted_at__gt=now - timedelta(days=TRASH_DAYS), purged_at__isnull=True
        )


class Document(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="documents"
    )
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField("titre", max_length=255)
    folder = models.CharField(
        "dossier",
        max_length=500,
        blank=True,
        help_text="Chemin du dossier d'origine, par exemple « 2021/Conseils ».",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    current_version = models.ForeignKey(
        "Version", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField("supprimé le", null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="supprimé par",
    )
    # Set when the trash is emptied: the rows and bytes stay (see
    # ``services.purge_trash``), but the document is no longer restorable.
    purged_at = models.DateTimeField("purgé le", null=True, blank=True)
    # The one-time key of the form that created it: a second sending of the
    # same form (a double click) finds this document instead of making another.
    upload_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document"
        ordering = ["folder", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "documents:detail",
            kwargs={"collectivite": self.collectivite.slug, "document_id": self.id},
        )


class Version(models.Model):
    """One state of a document. Never changed, never deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("numéro")
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="versions")
    filename = models.CharField("nom du fichier", max_length=255)
    content_type = models.CharField("type", max_length=120)
    note = models.CharField("note", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "version"
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"

    def get_download_url(self) -> str:
        return reverse(
            "documents:download",
            kwargs={
                "collectivite": self.document.collectivite.slug,
                "document_id": self.document_id,
                "version_id": self.id,
            },
        )

    @property
    def size(self) -> int:
        return self.blob.size
