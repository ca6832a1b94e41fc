"""After a séance: the list of the délibérations examined, posted and put
online within a week (L2121-25), and the procès-verbal, drafted by the
secrétaire de séance, approved at the next séance, signed and published
within a week of its approval (L2121-15)."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from collectivites.models import Collectivite
from documents.models import Blob
from seances.models import AgendaItem, Seance


class ListeDeliberations(models.Model):
    """The list of the délibérations examined in a séance (L2121-25), made
    when the séance closes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="+"
    )
    seance = models.OneToOneField(
        Seance, on_delete=models.CASCADE, related_name="liste_deliberations"
    )
    pdf = models.ForeignKey(
        Blob, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    posted_on = models.DateField("affichée en mairie le", null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "liste des délibérations"
        verbose_name_plural = "listes des délibérations"

    def __str__(self) -> str:
        return f"Liste des délibérations — {self.seance}"

    def get_absolute_url(self) -> str:
        return reverse(
            "minutes:liste",
            kwargs={"collectivite": self.seance.collectivite.slug, "liste_id": self.pk},
        )


class ProcesVerbal(models.Model):
    class State(models.TextChoices):
        BROUILLON = "brouillon", "Projet"
        SOUMIS = "soumis", "Soumis à l'approbation du conseil"
        APPROUVE = "approuve", "Approuvé"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="+"
    )
    seance = models.OneToOneField(
        Seance, on_delete=models.CASCADE, related_name="proces_verbal"
    )
    state = models.CharField(
        "étape", max_length=10, choices=State.choices, default=State.BROUILLON
    )
    # The text as the secrétaire de séance edits it, built first from the
    # séance record (rich text, see seances.richtext).
    body = models.TextField("texte du procès-verbal", blank=True)
    # What the points à huis clos were: debates and names, kept in the
    # original only, never in the copy put online (RULES §11).
    huis_clos_body = models.TextField("points à huis clos", blank=True)
    revision = models.PositiveIntegerField(default=0)
    # The point of the next séance where the council approves it.
    approval_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="approves_proces_verbal",
        verbose_name="point d'approbation",
    )
    approved_at = models.DateTimeField("approuvé le", null=True, blank=True)
    pdf = models.ForeignKey(
        Blob, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    signed_pdf = models.ForeignKey(
        Blob, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "procès-verbal"
        verbose_name_plural = "procès-verbaux"

    def __str__(self) -> str:
        return f"Procès-verbal — {self.seance}"

    def get_absolute_url(self) -> str:
        return reverse(
            "minutes:proces_verbal",
            kwargs={
                "collectivite": self.seance.collectivite.slug,
                "proces_verbal_id": self.pk,
            },
        )
