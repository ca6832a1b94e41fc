"""Collectivités (the tenants), people's places in them, and workspaces."""

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from domain.french import (
    capitalize,
    function_title,
    president_title,
    with_article,
)
from domain.interim import SCOPE_LABELS, runs_on
from domain.roles import ROLE_LABELS, Role, Status, status_of

STATUS_CHOICES = [(Status.ELU.value, "Élu(e)"), (Status.AGENT.value, "Agent")]
ROLE_CHOICES = [(role.value, label) for role, label in ROLE_LABELS.items()]
SCOPE_CHOICES = [(scope.value, label) for scope, label in SCOPE_LABELS.items()]
# A member import silent for this long lost its worker and may be resumed.
IMPORT_STALE_AFTER = timedelta(minutes=10)


class Collectivite(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", "Commune"
        EPCI = "epci", "Intercommunalité (EPCI)"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField("nom", max_length=200)
    slug = models.SlugField("identifiant dans les adresses", max_length=80, unique=True)
    kind = models.CharField(
        "type", max_length=10, choices=Kind.choices, default=Kind.COMMUNE
    )
    insee_code = models.CharField("code INSEE", max_length=5, blank=True)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    # Legal thresholds use the population totale; the council size uses the
    # population municipale. Both are those of the INSEE decree of one year.
    population_totale = models.PositiveIntegerField("population totale", default=0)
    population_municipale = models.PositiveIntegerField(
        "population municipale", default=0
    )
    population_year = models.PositiveSmallIntegerField(
        "année du recensement", default=2026
    )
    council_seats = models.PositiveSmallIntegerField(
        "nombre de sièges du conseil", default=15
    )
    alsace_moselle = models.BooleanField("droit local d'Alsace-Moselle", default=False)
    address = models.TextField("adresse de la mairie", blank=True)
    # Empty: the platform's limit (QUORUM_QUOTA_MB); see documents.quota.
    quota_mb = models.PositiveIntegerField(
        "espace de stockage (Mo)",
        null=True,
        blank=True,
        help_text="Vide : la limite de la plateforme. 0 : sans limite.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "collectivité"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:dashboard", kwargs={"collectivite": self.slug})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: date | None = None) -> "MembershipQuerySet":
        """Members in office on a day (today by default)."""
        day = on or timezone.localdate()
        return self.filter(
            Q(started_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        )

    def elus(self) -> "MembershipQuerySet":
        return self.filter(status=Status.ELU)

    def agents(self) -> "MembershipQuerySet":
        return self.filter(status=Status.AGENT)


class Membership(models.Model):
    """A person's place in one collectivité: status, role, and dates in office.

    The mandate or job runs from ``started_on`` to the day before
    ``ended_on``; ending it removes access and keeps the history.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField("statut", max_length=10, choices=STATUS_CHOICES)
    role = models.CharField("rôle", max_length=30, choices=ROLE_CHOICES)
    function = models.CharField(
        "fonction",
        max_length=200,
        blank=True,
        help_text="Par exemple « Services techniques ».",
    )
    delegation = models.CharField(
        "délégation",
        max_length=300,
        blank=True,
        help_text="Pour un adjoint : « finances et budget ».",
    )
    rank = models.PositiveSmallIntegerField(
        "rang au tableau",
        null=True,
        blank=True,
        help_text="Ordre du tableau du conseil municipal (1 pour le maire, puis les adjoints).",
    )
    is_admin = models.BooleanField("administrateur de la collectivité", default=False)
    started_on = models.DateField(
        "début du mandat ou de la fonction", default=timezone.localdate
    )
    ended_on = models.DateField(
        "fin du mandat ou de la fonction", null=True, blank=True
    )
    end_reason = models.CharField("motif de fin", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "membre"
        ordering = ["rank", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "collectivite"],
                condition=Q(ended_on__isnull=True),
                name="membership_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.collectivite})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.status = status_of(Role(self.role)).value
        super().save(*args, **kwargs)

    @property
    def is_elu(self) -> bool:
        return self.status == Status.ELU

    @property
    def title(self) -> str:
        """The function agreed with the person: « 1re adjointe au maire »."""
        return function_title(Role(self.role), self.user.agreement, self.rank)

    @property
    def title_label(self) -> str:
        return capitalize(self.title)

    @property
    def title_with_article(self) -> str:
        """« la maire », « le conseiller municipal », « l'adjointe au maire »."""
        return with_article(self.title, self.user.agreement)

    @property
    def president_title(self) -> str:
        """« présidente de séance » or « président de séance »."""
        return president_title(self.user.agreement)

    def is_current(self, on: date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)


class Workspace(models.Model):
    """A commission or a project group, with its own members and documents."""

    class Kind(models.TextChoices):
        COMMISSION = "commission", "Commission"
        PROJET = "projet", "Projet"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="workspaces"
    )
    name = models.CharField("nom", max_length=200)
    kind = models.CharField(
        "type", max_length=12, choices=Kind.choices, default=Kind.COMMISSION
    )
    description = models.TextField("description", blank=True)
    members = models.ManyToManyField(
        Membership, through="WorkspaceMember", related_name="workspaces"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "espace de travail"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "name"], name="workspace_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "collectivites:workspace",
            kwargs={"collectivite": self.collectivite.slug, "workspace_id": self.id},
        )


class WorkspaceMember(models.Model):
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="memberships"
    )
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="workspace_memberships"
    )
    is_manager = models.BooleanField("anime l'espace", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "membre d'un espace"
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "membership"], name="workspace_member_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.user} dans {self.workspace}"


class InterimQuerySet(models.QuerySet["Interim"]):
    def running(self, on: date | None = None) -> "InterimQuerySet":
        """The hand-overs that run on ``on`` (today by default)."""
        day = on or timezone.localdate()
        return self.filter(ended_at__isnull=True, starts_on__lte=day, ends_on__gte=day)


class Interim(models.Model):
    """A person's tasks of one kind handed to another for a period, both
    days included (``domain.interim``). Ended early, it keeps its dates and
    says when it was ended; nothing is ever deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="interims"
    )
    giver = models.ForeignKey(
        Membership,
        # A membership is ended, never deleted; RESTRICT lets the whole
        # collectivité go (the demo's reset) with its hand-overs.
        on_delete=models.RESTRICT,
        related_name="interims_given",
        verbose_name="personne remplacée",
    )
    holder = models.ForeignKey(
        Membership,
        # A membership is ended, never deleted; RESTRICT lets the whole
        # collectivité go (the demo's reset) with its hand-overs.
        on_delete=models.RESTRICT,
        related_name="interims_held",
        verbose_name="personne qui assure l'intérim",
    )
    scope = models.CharField("tâches confiées", max_length=20, choices=SCOPE_CHOICES)
    starts_on = models.DateField("du")
    ends_on = models.DateField("au (inclus)")
    reason = models.CharField("motif", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_at = models.DateTimeField("terminé le", null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterimQuerySet.as_manager()

    # Set by the list's view for its template; never stored.
    can_end: bool

    class Meta:
        verbose_name = "intérim"
        ordering = ["starts_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="interim_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(giver=models.F("holder")),
                name="interim_to_someone_else",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} de {self.giver.user} à {self.holder.user}"

    def runs_on(self, day: date) -> bool:
        return self.ended_at is None and runs_on(self.starts_on, self.ends_on, day)


class MemberImport(models.Model):
    """One member list being imported by the background worker, with its
    progress and, once over, what it created and what it left aside.

    The file's bytes wait here only until the import ends; the lines left
    aside keep what the result page shows of them (name, address, reasons).
    """

    # TODO(member-import-retention): the result (names and addresses of the
    # lines) is kept with the import for as long as the collectivité exists;
    # it should be purged after some weeks, with the personal logs.

    class Status(models.TextChoices):
        PENDING = "en_attente", "en attente"
        RUNNING = "en_cours", "en cours"
        DONE = "termine", "terminé"
        FAILED = "echec", "échec"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="member_imports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    filename = models.CharField("nom du fichier", max_length=255)
    content = models.BinaryField("contenu du fichier", blank=True)
    file_sha256 = models.CharField("empreinte du fichier", max_length=64)
    # The choices of the preview (``member_import.Settings``) as plain data.
    settings = models.JSONField("choix des colonnes", default=dict)
    invite = models.BooleanField("inviter", default=False)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    lines_done = models.PositiveIntegerField(default=0)
    lines_total = models.PositiveIntegerField(default=0)
    # One entry per line of the file, written in the same transaction as
    # the accounts it created: a retried task skips the lines found here.
    added = models.JSONField("lignes importées", default=list, blank=True)
    left_aside = models.JSONField("lignes laissées de côté", default=list, blank=True)
    error = models.CharField("erreur", max_length=300, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "import d'une liste de membres"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} — {self.collectivite} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse(
            "collectivites:member_import_result",
            kwargs={"collectivite": self.collectivite.slug, "import_id": self.pk},
        )

    @property
    def is_busy(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.RUNNING} and not (
            self.is_stale
        )

    @property
    def is_stale(self) -> bool:
        """Queued or running and silent for long: its worker is gone. Each
        batch of lines touches ``updated_at``, so a long list is not stale."""
        return (
            self.status in {self.Status.PENDING, self.Status.RUNNING}
            and self.updated_at is not None
            and timezone.now() - self.updated_at > IMPORT_STALE_AFTER
        )
