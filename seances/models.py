"""Séances of the council or of a commission, their agenda, drafts and annexes."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from collectivites.models import Collectivite, Membership, Workspace
from documents.models import Document, Version
from domain import actes
from seances import richtext

PARIS = ZoneInfo("Europe/Paris")
REVIEW_DELAY = timedelta(days=7)


class Seance(models.Model):
    class Kind(models.TextChoices):
        ORDINAIRE = "ordinaire", "Ordinaire"
        EXTRAORDINAIRE = "extraordinaire", "Extraordinaire"
        URGENCE = "urgence", "Urgence"
        NOUVELLE_CONVOCATION = (
            "nouvelle_convocation",
            "Nouvelle convocation faute de quorum",
        )

    class Status(models.TextChoices):
        PREPARATION = "preparation", "En préparation"
        CONVOQUEE = "convoquee", "Convoquée"
        EN_COURS = "en_cours", "En cours"
        CLOSE = "close", "Close"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="seances"
    )
    # A commission's meeting; the council's séances have none.
    workspace = models.ForeignKey(
        Workspace,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="seances",
        verbose_name="commission",
    )
    starts_at = models.DateTimeField("date et heure")
    place = models.CharField("lieu", max_length=255)
    kind = models.CharField(
        "type de séance", max_length=24, choices=Kind.choices, default=Kind.ORDINAIRE
    )
    status = models.CharField(
        "état", max_length=12, choices=Status.choices, default=Status.PREPARATION
    )
    convened_on = models.DateField("convocation envoyée le", null=True, blank=True)
    urgence_reason = models.TextField("motif de l'urgence", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "séance"
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.title} du {self.local_start:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse(
            "seances:detail",
            kwargs={"collectivite": self.collectivite.slug, "seance_id": self.id},
        )

    @property
    def title(self) -> str:
        if self.workspace_id is not None:
            return f"Réunion de la {self.workspace}"
        return "Conseil municipal"

    @property
    def local_start(self) -> datetime:
        return self.starts_at.astimezone(PARIS)

    @property
    def is_convened(self) -> bool:
        return self.status != self.Status.PREPARATION

    @property
    def is_council(self) -> bool:
        return self.workspace_id is None


class AgendaItem(models.Model):
    class Kind(models.TextChoices):
        DELIBERATION = "deliberation", "Délibération"
        INFORMATION = "information", "Information"
        COMMUNICATION = "communication", "Communication du maire"
        DECISIONS = (
            "decisions",
            "Compte rendu des décisions prises par délégation",
        )
        QUESTIONS = "questions", "Questions orales"

    class State(models.TextChoices):
        BROUILLON = "brouillon", "Brouillon"
        RELECTURE = "relecture", "En relecture"
        VALIDE = "valide", "Validé"
        INSCRIT = "inscrit", "Inscrit"

    class Outcome(models.TextChoices):
        MAINTENU = "", "Maintenu"
        RETIRE = "retire", "Retiré"
        REPORTE = "reporte", "Reporté"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seance = models.ForeignKey(Seance, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="sous-point de",
    )
    position = models.PositiveIntegerField("position")
    title = models.CharField("titre", max_length=300)
    kind = models.CharField(
        "nature du point",
        max_length=16,
        choices=Kind.choices,
        default=Kind.DELIBERATION,
    )
    rapporteur = models.ForeignKey(
        Membership,
        # RESTRICT, not PROTECT: deleting a whole collectivité removes its
        # séances with its members; a member alone is never deleted.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="reported_items",
    )
    validator = models.ForeignKey(
        Membership,
        # RESTRICT, not PROTECT: deleting a whole collectivité removes its
        # séances with its members; a member alone is never deleted.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="validated_items",
        verbose_name="adjoint chargé de valider",
    )
    agents = models.ManyToManyField(
        Membership,
        blank=True,
        related_name="agenda_items",
        verbose_name="agents qui y travaillent",
    )
    huis_clos = models.BooleanField("à huis clos", default=False)
    concerns_icpe = models.BooleanField(
        "concerne une installation classée (ICPE)", default=False
    )
    state = models.CharField(
        "étape", max_length=12, choices=State.choices, default=State.BROUILLON
    )
    outcome = models.CharField(
        "sort du point", max_length=8, choices=Outcome.choices, blank=True, default=""
    )
    review_requested_at = models.DateTimeField(null=True, blank=True)
    rapporteur_approved_at = models.DateTimeField(null=True, blank=True)
    # The number of the latest DraftRevision: a save based on an older one
    # is a conflict (optimistic locking).
    draft_revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "point de l'ordre du jour"
        ordering = ["seance", "position"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "seances:point",
            kwargs={"collectivite": self.seance.collectivite.slug, "item_id": self.id},
        )

    @property
    def is_active(self) -> bool:
        return self.outcome == ""

    @property
    def is_deliberation(self) -> bool:
        return self.kind == self.Kind.DELIBERATION

    @property
    def review_is_late(self) -> bool:
        """A review waiting for more than a week holds the agenda up."""
        return (
            self.state == self.State.RELECTURE
            and self.rapporteur_approved_at is None
            and self.review_requested_at is not None
            and timezone.now() - self.review_requested_at > REVIEW_DELAY
        )


class DraftRevision(models.Model):
    """One saved state of a point's draft délibération, never changed.

    The four texts are HTML restricted to what a délibération needs
    (``seances.richtext``); those saved before the rich text are plain text,
    never rewritten, and read through the same ``*_html`` properties.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField("numéro")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    expose = models.TextField("exposé du rapporteur", blank=True)
    visas = models.TextField("visas", blank=True, help_text="Un « Vu … » par ligne.")
    considerants = models.TextField(
        "considérants", blank=True, help_text="Un « Considérant … » par ligne."
    )
    articles = models.TextField(
        "articles du dispositif",
        blank=True,
        help_text="Un article par ligne, dans l'ordre.",
    )
    nature = models.CharField(
        "nature de l'acte (ACTES)",
        max_length=2,
        choices=actes.nature_choices(),
        default="1",
    )
    matiere = models.CharField(
        "matière (ACTES)", max_length=5, blank=True, choices=actes.MATIERES
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "version du projet de délibération"
        ordering = ["item", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "number"], name="draft_revision_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} — version {self.number}"

    @property
    def expose_html(self) -> SafeString:
        return richtext.as_html(self.expose)

    @property
    def visas_html(self) -> SafeString:
        return richtext.as_html(self.visas, by_line=True)

    @property
    def considerants_html(self) -> SafeString:
        return richtext.as_html(self.considerants, by_line=True)

    @property
    def article_list(self) -> list[richtext.Article]:
        return richtext.articles(self.articles)


class Annex(models.Model):
    """A document attached to a point, at the version current when linked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="annexes"
    )
    document = models.ForeignKey(Document, on_delete=models.RESTRICT, related_name="+")
    version = models.ForeignKey(Version, on_delete=models.RESTRICT, related_name="+")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "annexe"
        ordering = ["item", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "document"], name="annex_once_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} (v{self.version.number})"
