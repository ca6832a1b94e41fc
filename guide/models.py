"""Each person's display settings and whether they took the guided tour:
kept on the server, so that they follow the person from the computer of the
mairie to their phone."""

import uuid

from django.conf import settings
from django.db import models


class DisplaySettings(models.Model):
    class TextSize(models.TextChoices):
        NORMAL = "normal", "Normal"
        LARGE = "large", "Grand"
        LARGER = "larger", "Très grand"

    class Scheme(models.TextChoices):
        # The values of the DSFR's ``data-fr-scheme``.
        SYSTEM = "system", "Comme mon appareil"
        LIGHT = "light", "Clair"
        DARK = "dark", "Sombre"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="display_settings",
    )
    text_size = models.CharField(
        "taille du texte",
        max_length=10,
        choices=TextSize.choices,
        default=TextSize.NORMAL,
    )
    high_contrast = models.BooleanField("contraste renforcé", default=False)
    scheme = models.CharField(
        "thème", max_length=10, choices=Scheme.choices, default=Scheme.SYSTEM
    )
    # When the person finished or skipped the guided tour of their dossier.
    tour_done_at = models.DateTimeField("visite guidée vue le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "réglages d'affichage"
        verbose_name_plural = "réglages d'affichage"

    def __str__(self) -> str:
        return f"affichage de {self.user}"

    @property
    def html_classes(self) -> str:
        """The classes of ``<html>`` that ``guide/reading.css`` styles."""
        classes = []
        if self.text_size != self.TextSize.NORMAL:
            classes.append(f"quorum-text-{self.text_size}")
        if self.high_contrast:
            classes.append("quorum-contrast")
        return " ".join(classes)
