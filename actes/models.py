"""The délibérations of a séance, their numbers, signatures and
transmission to the préfecture (CGCT L2121-23, R2121-9, L2131-1, L2131-2).

A ``Deliberation`` is built once, when the séance closes, from the draft in
force and the séance record; its texts and counts are frozen then, so that
later edits of the draft never change an act already taken.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString

from collectivites.models import Collectivite, Membership
from documents.models import Blob
from domain import actes
from seances import richtext
from seances.models import AgendaItem, DraftRevision, Seance


class NumberSequence(models.Model):
    """The last annual number given in a collectivité: locked while a
    number is taken, so that two séances closing at once never share one
    and leave no gap."""

    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField("année")
    last = models.PositiveIntegerField("dernier numéro donné", default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "numérotation annuelle"
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "year"], name="number_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collectivite} {self.year} : {self.last}"


class Deliberation(models.Model):
    class Outcome(models.TextChoices):
        ADOPTEE = "adoptee", "Adoptée"
        REJETEE = "rejetee", "Rejetée"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="deliberations"
    )
    # A délibération taken in Quorum has its séance and its point; one
    # loaded from an SCDL file of the collectivité's history has neither,
    # only its date, its own identifier and what the file said.
    seance = models.ForeignKey(
        Seance,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliberations",
    )
    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="deliberation",
    )
    adopted_on = models.DateField("date de la délibération")
    source_id = models.CharField(
        "identifiant d'origine",
        max_length=60,
        blank=True,
        help_text="Le DELIB_ID d'une délibération importée d'un fichier SCDL.",
    )
    source_url = models.URLField(
        "adresse d'origine",
        max_length=500,
        blank=True,
        help_text="Le DELIB_URL d'une délibération importée d'un fichier SCDL.",
    )
    budget_year = models.CharField("année budgétaire", max_length=9, blank=True)
    budget_name = models.CharField("budget concerné", max_length=200, blank=True)
    revision = models.ForeignKey(
        DraftRevision,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="version du projet retenue",
    )
    # Order number within the séance (R2121-9), then the annual sequence
    # shown as "2026-012" and sent to ACTES as "2026_012" (RULES §7, §8.3).
    order = models.PositiveSmallIntegerField(
        "numéro d'ordre dans la séance", null=True, blank=True
    )
    year = models.PositiveSmallIntegerField("année")
    sequence = models.PositiveIntegerField("numéro annuel", null=True, blank=True)
    title = models.CharField("objet", max_length=300)
    nature = models.CharField(
        "nature de l'acte (ACTES)",
        max_length=2,
        choices=actes.nature_choices(),
        default="1",
    )
    matiere = models.CharField(
        "matière (ACTES)", max_length=5, blank=True, choices=actes.MATIERES
    )
    expose = models.TextField("exposé", blank=True)
    visas = models.TextField("visas", blank=True)
    considerants = models.TextField("considérants", blank=True)
    articles = models.TextField("articles", blank=True)
    outcome = models.CharField("résultat", max_length=8, choices=Outcome.choices)
    # Counts at the vote (SCDL VOTE_*, RULES §9).
    # Counts at the vote; an imported délibération may lack them.
    en_exercice = models.PositiveSmallIntegerField(
        "membres en exercice", null=True, blank=True
    )
    presents = models.PositiveSmallIntegerField("présents", null=True, blank=True)
    representes = models.PositiveSmallIntegerField("représentés", null=True, blank=True)
    votants = models.PositiveSmallIntegerField("votants", null=True, blank=True)
    pour = models.PositiveSmallIntegerField("pour", null=True, blank=True)
    contre = models.PositiveSmallIntegerField("contre", null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField("abstentions", null=True, blank=True)
    # The facts of the séance as they stood at its closing, for the header
    # and the vote (``actes.services.mentions_of``): dates, names of the
    # present, represented and absent, president, secrétaire, named votes.
    mentions = models.JSONField("mentions de la séance", default=dict)
    # The secrétaire says that the act is one of the exceptions of L2131-2
    # I 1° and is not sent to the préfet.
    transmission_exempted = models.BooleanField(
        "non transmissible (exception de l'article L2131-2)", default=False
    )
    transmission_exemption_reason = models.CharField(
        "motif de la non-transmission", max_length=500, blank=True
    )
    transmission_exempted_at = models.DateTimeField(
        "déclarée non transmissible le", null=True, blank=True
    )
    transmission_exempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déclarée non transmissible par",
    )
    pdf = models.ForeignKey(
        Blob,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="PDF de la délibération",
    )
    signed_pdf = models.ForeignKey(
        Blob,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="PDF signé électroniquement (PAdES)",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "délibération"
        ordering = ["collectivite", "year", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "year", "sequence"],
                name="deliberation_number_unique",
            ),
            models.UniqueConstraint(
                fields=["seance", "order"], name="deliberation_order_unique"
            ),
            models.UniqueConstraint(
                fields=["collectivite", "source_id"],
                condition=~Q(source_id=""),
                name="deliberation_source_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"Délibération n° {self.display_number} — {self.title}"

    @property
    def display_number(self) -> str:
        if self.sequence is None:
            return self.source_id
        return actes.display_number(self.year, self.sequence)

    @property
    def actes_number(self) -> str:
        if self.sequence is None:
            return ""
        return actes.actes_number(self.year, self.sequence)

    @property
    def is_adopted(self) -> bool:
        return self.outcome == self.Outcome.ADOPTEE

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


class SigningCertificate(models.Model):
    """The collectivité's certificate for PAdES signatures: a PKCS#12 file
    and its passphrase. It never leaves this server: the export leaves it
    out (``portability.registry.EXCLUDED``) and no page shows it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.OneToOneField(
        Collectivite, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField("nom du certificat", max_length=200, blank=True)
    pkcs12 = models.BinaryField("fichier PKCS#12")
    passphrase = models.CharField("phrase secrète", max_length=200, blank=True)
    # What the page shows, read from the certificate when it is installed,
    # so that the key is never opened to show it.
    subject = models.CharField("titulaire", max_length=300, blank=True)
    issuer = models.CharField("émetteur", max_length=300, blank=True)
    not_after = models.DateTimeField("valable jusqu'au", null=True, blank=True)
    fingerprint = models.CharField(
        "empreinte SHA-256 du certificat", max_length=64, blank=True
    )
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="installé par",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "certificat de signature"

    def __str__(self) -> str:
        return self.label or f"Certificat — {self.collectivite}"


class Signature(models.Model):
    """A signature given in Quorum by the maire (or the president of the
    séance) or by the secrétaire de séance, on a délibération or on a
    procès-verbal (L2121-23, L2121-15): the act of the person, with their
    account, on the exact bytes of the PDF they read."""

    # TODO(agreed-capacity): the signing button and the journal say
    # « président de séance » whoever signs; the act itself agrees the title
    # with the person (domain.french.president_title), these labels not yet.
    class Capacity(models.TextChoices):
        PRESIDENT = "president", "Président de séance"
        SECRETAIRE = "secretaire", "Secrétaire de séance"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="+"
    )
    deliberation = models.ForeignKey(
        Deliberation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatures",
    )
    proces_verbal = models.ForeignKey(
        "minutes.ProcesVerbal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="signatures",
    )
    capacity = models.CharField(
        "en qualité de", max_length=12, choices=Capacity.choices
    )
    signer = models.ForeignKey(
        Membership,
        on_delete=models.RESTRICT,
        related_name="+",
        verbose_name="signataire",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    pdf_sha256 = models.CharField("empreinte du PDF signé", max_length=64)
    signed_at = models.DateTimeField("signé le")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "signature"
        ordering = ["signed_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deliberation__isnull=False, proces_verbal__isnull=True)
                | Q(deliberation__isnull=True, proces_verbal__isnull=False),
                name="signature_of_one_act",
            ),
            models.UniqueConstraint(
                fields=["deliberation", "capacity"],
                condition=Q(deliberation__isnull=False),
                name="signature_once_per_deliberation",
            ),
            models.UniqueConstraint(
                fields=["proces_verbal", "capacity"],
                condition=Q(proces_verbal__isnull=False),
                name="signature_once_per_proces_verbal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_capacity_display()} : {self.signer}"


class Transmission(models.Model):
    """The sending of an act to the contrôle de légalité (L2131-2) through
    an approved operator, outside Quorum, and its acknowledgement, whose
    date fills the SCDL ``PREF_DATE``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="+"
    )
    deliberation = models.OneToOneField(
        Deliberation, on_delete=models.CASCADE, related_name="transmission"
    )
    prefecture_id = models.CharField(
        "service du contrôle de légalité",
        max_length=12,
        blank=True,
        help_text="PREFNNN, SPREFNNNM ou SGARNNN (par exemple PREF038).",
    )
    sent_on = models.DateField("transmise le", null=True, blank=True)
    acknowledged_on = models.DateField("accusé de réception du", null=True, blank=True)
    acknowledgement_id = models.CharField(
        "identifiant de l'accusé de réception", max_length=60, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "transmission au contrôle de légalité"
        verbose_name_plural = "transmissions au contrôle de légalité"

    def __str__(self) -> str:
        return f"Transmission — {self.deliberation}"


# A registre still "en cours" after this long lost its worker.
REGISTRE_STALE_AFTER = timedelta(minutes=30)


class RegistreBuild(models.Model):
    """One drawing of a year's registre des délibérations, with its progress.

    Derived data: ``key`` fingerprints the acts of the year as they were
    drawn, so that the PDF is offered again until one of them changes."""

    class Status(models.TextChoices):
        PENDING = "en_attente", "en attente"
        RUNNING = "en_cours", "en cours"
        READY = "pret", "prêt"
        FAILED = "echec", "échec"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    collectivite = models.ForeignKey(
        Collectivite, on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveIntegerField("année")
    key = models.CharField("empreinte des délibérations", max_length=64)
    status = models.CharField(max_length=12, choices=Status, default=Status.PENDING)
    acts_done = models.PositiveIntegerField(default=0)
    acts_total = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
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
        verbose_name = "préparation du registre des délibérations"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["collectivite", "year", "key"], name="registre_key")
        ]

    def __str__(self) -> str:
        return f"Registre {self.year} — {self.collectivite} ({self.status})"

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
            and timezone.now() - since > REGISTRE_STALE_AFTER
        )
