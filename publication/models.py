"""What a collectivité has published on its public pages, and when
(L2131-1, R2131-1): the full text in a form that cannot be modified, its
author, the date it was put online, for at least two months (for good for
the délibérations)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from actes.models import Deliberation
from collectivites.models import Collectivite
from documents.models import Blob
from minutes.models import ListeDeliberations, ProcesVerbal


class Publication(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="publications"
    )
    deliberation = models.OneToOneField(
        Deliberation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publication",
    )
    proces_verbal = models.OneToOneField(
        ProcesVerbal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publication",
    )
    liste = models.OneToOneField(
        ListeDeliberations,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="publication",
    )
    # The copy put online: the signed original, or a copy where the personal
    # data of third parties are masked (RULES §11).
    pdf = models.ForeignKey(Blob, on_delete=models.RESTRICT, related_name="+")
    masked = models.BooleanField("données personnelles masquées", default=False)
    # The passages masked, one per line: the page of the act hides them as
    # its PDF does.
    masked_passages = models.TextField("passages masqués", blank=True)
    # The author shown beside the act (R2131-1): first name, surname and
    # capacity, as they were on the day it was put online.
    author_name = models.CharField("auteur", max_length=200, default="")
    author_capacity = models.CharField("en qualité de", max_length=200, default="")
    published_at = models.DateTimeField("mis en ligne le")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField("retiré le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "publication"
        ordering = ["-published_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        deliberation__isnull=False,
                        proces_verbal__isnull=True,
                        liste__isnull=True,
                    )
                    | Q(
                        deliberation__isnull=True,
                        proces_verbal__isnull=False,
                        liste__isnull=True,
                    )
                    | Q(
                        deliberation__isnull=True,
                        proces_verbal__isnull=True,
                        liste__isnull=False,
                    )
                ),
                name="publication_of_one_act",
            ),
        ]

    def __str__(self) -> str:
        return f"Publication — {self.act}"

    @property
    def act(self) -> Deliberation | ProcesVerbal | ListeDeliberations:
        act = self.deliberation or self.proces_verbal or self.liste
        if act is None:  # the check constraint forbids it
            raise ValueError("a publication of no act")
        return act

    @property
    def kind(self) -> str:
        if self.deliberation_id:
            return "deliberation"
        if self.proces_verbal_id:
            return "proces-verbal"
        return "liste"
