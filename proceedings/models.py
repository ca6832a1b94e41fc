"""The holding of a séance of the council: its roll call, who arrives and
leaves, each point opened with its quorum, the interested councillors, the
votes with their names, the debates, and the closing (CGCT L2121-14 to
L2121-21, L2131-11).

Rows are written by ``proceedings.services`` and ``proceedings.voting``
only, each change in the journal; they are read back as one record by
``proceedings.record.seance_record``.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from collectivites.models import Membership
from convocations.models import Procuration
from domain.votes import Choice, Outcome, VoteMode
from seances.models import AgendaItem, Seance


class Sitting(models.Model):
    """The holding of one séance, from its opening to its closing.

    ``president`` presides (the maire, or who replaces him, L2121-14,
    L2122-17); ``secretaire`` is the member the council appoints secrétaire
    de séance (L2121-15), helped by ``auxiliary``, an agent who is not a
    member. ``roll_call_at`` is when the roll call was taken: no vote
    before it. A séance closed for want of quorum (``quorum_failed``) is
    ``reconvened_as`` a new séance, convened again on the same points
    (L2121-17). ``members_in_office`` is the base of its quorum, fixed
    at the opening with its roll call: nothing recomputes it afterwards.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seance = models.OneToOneField(
        Seance, on_delete=models.CASCADE, related_name="sitting"
    )
    opened_at = models.DateTimeField("ouverte à")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    president = models.ForeignKey(
        Membership,
        # RESTRICT: removed with its collectivité, never alone.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="président de séance",
    )
    secretaire = models.ForeignKey(
        Membership,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="secrétaire de séance",
    )
    auxiliary = models.CharField(
        "auxiliaire du secrétaire de séance",
        max_length=200,
        blank=True,
        help_text="Par exemple la secrétaire de mairie, qui n'est pas membre.",
    )
    members_in_office = models.PositiveSmallIntegerField(
        "membres en exercice à l'ouverture", null=True, blank=True
    )
    roll_call_at = models.DateTimeField("appel fait à", null=True, blank=True)
    closed_at = models.DateTimeField("close à", null=True, blank=True)
    quorum_failed = models.BooleanField("close faute de quorum", default=False)
    reconvened_as = models.OneToOneField(
        Seance,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reconvened_from",
        verbose_name="nouvelle séance convoquée",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tenue de la séance"
        verbose_name_plural = "tenues des séances"

    def __str__(self) -> str:
        return f"Tenue — {self.seance}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Attendance(models.Model):
    """One member in office at the roll call: present, absent, excused, or
    absent and represented by ``mandataire`` under a written procuration
    (L2121-20), which ``procuration`` names when it was declared before the
    séance."""

    class Status(models.TextChoices):
        PRESENT = "present", "Présent(e)"
        ABSENT = "absent", "Absent(e)"
        EXCUSE = "excuse", "Absent(e) excusé(e)"
        REPRESENTE = "represente", "Absent(e), procuration donnée"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(
        Membership, on_delete=models.RESTRICT, related_name="attendances"
    )
    status = models.CharField(
        "à l'appel", max_length=12, choices=Status.choices, default=Status.ABSENT
    )
    mandataire = models.ForeignKey(
        Membership,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="procuration à",
    )
    procuration = models.ForeignKey(
        Procuration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="procuration déclarée avant la séance",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "présence à l'appel"
        verbose_name_plural = "présences à l'appel"
        ordering = ["sitting", "member__rank", "member__user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "member"], name="attendance_once_per_member"
            ),
            models.UniqueConstraint(
                fields=["sitting", "mandataire"],
                condition=Q(mandataire__isnull=False),
                name="attendance_one_procuration_held",
            ),
            models.CheckConstraint(
                condition=Q(mandataire__isnull=True) | Q(status="represente"),
                name="attendance_mandataire_only_if_represented",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.user} — {self.get_status_display()}"


class Movement(models.Model):
    """A member arriving late or leaving early, at ``at``; leaving, they may
    hand a written procuration to ``mandataire`` for the remaining points."""

    class Kind(models.TextChoices):
        ARRIVEE = "arrivee", "Arrivée"
        DEPART = "depart", "Départ"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="movements"
    )
    member = models.ForeignKey(
        Membership, on_delete=models.RESTRICT, related_name="movements"
    )
    kind = models.CharField("mouvement", max_length=8, choices=Kind.choices)
    at = models.DateTimeField("à")
    mandataire = models.ForeignKey(
        Membership,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="procuration laissée à",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "arrivée ou départ"
        verbose_name_plural = "arrivées et départs"
        ordering = ["sitting", "at", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} de {self.member.user} à {self.at:%H:%M}"


class Examination(models.Model):
    """A point opened for discussion, with the quorum checked then
    (L2121-17: at the opening of each point, not at its vote), and the
    summary of its debates for the procès-verbal (L2121-15)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="examination"
    )
    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="examinations"
    )
    opened_at = models.DateTimeField("ouvert à")
    members_in_office = models.PositiveSmallIntegerField("membres en exercice")
    threshold = models.PositiveSmallIntegerField("quorum requis")
    counted_present = models.PositiveSmallIntegerField("présents pris en compte")
    quorum_required = models.BooleanField("quorum exigé", default=True)
    quorum_met = models.BooleanField("quorum atteint")
    debates = models.TextField("résumé des débats", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "examen d'un point"
        verbose_name_plural = "examens des points"
        ordering = ["sitting", "opened_at"]

    def __str__(self) -> str:
        return f"Examen — {self.item}"


class Interest(models.Model):
    """A member with a personal interest in a point: takes part neither in
    its debate nor its vote, in person or by procuration (L2131-11)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="interests"
    )
    member = models.ForeignKey(
        Membership, on_delete=models.RESTRICT, related_name="interests"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "conseiller intéressé"
        verbose_name_plural = "conseillers intéressés"
        constraints = [
            models.UniqueConstraint(
                fields=["item", "member"], name="interest_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.user} intéressé(e) — {self.item}"


class Vote(models.Model):
    """The vote on a point, or one round of a nomination, as counted.

    A correction never changes a vote: it supersedes it with a new row that
    says why (``correction_reason``); the rows with ``superseded_at`` empty
    are the votes in force. ``at`` is the moment whose room counts: the
    vote itself, kept by its corrections. A secret ballot keeps totals only,
    never who voted what (RULES §4).
    """

    class Kind(models.TextChoices):
        DELIBERATION = "deliberation", "Vote sur la délibération"
        NOMINATION = "nomination", "Désignation"

    MODE_CHOICES = [
        (VoteMode.MAIN_LEVEE.value, "À main levée"),
        (VoteMode.SCRUTIN_PUBLIC.value, "Scrutin public"),
        (VoteMode.SCRUTIN_SECRET.value, "Scrutin secret"),
    ]
    OUTCOME_CHOICES = [
        (Outcome.ADOPTEE.value, "Adoptée"),
        (Outcome.REJETEE.value, "Rejetée"),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(
        "nature", max_length=12, choices=Kind.choices, default=Kind.DELIBERATION
    )
    round_number = models.PositiveSmallIntegerField("tour", default=1)
    mode = models.CharField("mode de scrutin", max_length=16, choices=MODE_CHOICES)
    public_requests = models.PositiveSmallIntegerField(
        "demandes de scrutin public", default=0
    )
    secret_requests = models.PositiveSmallIntegerField(
        "demandes de scrutin secret", default=0
    )
    pour = models.PositiveSmallIntegerField(default=0)
    contre = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(
        "abstentions, blancs et nuls", default=0
    )
    ne_prend_pas_part = models.PositiveSmallIntegerField(
        "ne prennent pas part", default=0
    )
    outcome = models.CharField(
        "résultat", max_length=8, choices=OUTCOME_CHOICES, blank=True
    )
    casting_vote = models.BooleanField("voix prépondérante du président", default=False)
    elected = models.ForeignKey(
        Membership,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="élu(e)",
    )
    decided_by_age = models.BooleanField("au bénéfice de l'âge", default=False)
    explanation = models.TextField("explication")
    president = models.ForeignKey(
        Membership, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField("voté à")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    correction_reason = models.TextField("motif de la correction", blank=True)
    superseded_at = models.DateTimeField("corrigé à", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "vote"
        ordering = ["item", "round_number", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "round_number"],
                condition=Q(superseded_at__isnull=True),
                name="vote_one_in_force_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"Vote — {self.item} (tour {self.round_number})"

    @property
    def is_secret(self) -> bool:
        return self.mode == VoteMode.SCRUTIN_SECRET

    @property
    def suffrages_exprimes(self) -> int:
        return self.pour + self.contre

    @property
    def votants(self) -> int:
        return self.pour + self.contre + self.abstentions

    @property
    def adopted(self) -> bool:
        return self.outcome == Outcome.ADOPTEE


class VoteChoice(models.Model):
    """One named voice of an open vote: the member's own, or cast for him
    by his ``mandataire``. Never written for a secret ballot."""

    CHOICES = [
        (Choice.POUR.value, "Pour"),
        (Choice.CONTRE.value, "Contre"),
        (Choice.ABSTENTION.value, "Abstention"),
        (Choice.NE_PREND_PAS_PART.value, "Ne prend pas part au vote"),
    ]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="choices")
    member = models.ForeignKey(Membership, on_delete=models.RESTRICT, related_name="+")
    choice = models.CharField("vote", max_length=20, choices=CHOICES)
    mandataire = models.ForeignKey(
        Membership,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="exprimé par",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "voix nominative"
        verbose_name_plural = "voix nominatives"
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "member"], name="vote_choice_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.user} : {self.get_choice_display()}"


class NominationTally(models.Model):
    """A candidate's total in one round of a nomination (L2121-21), with
    the birth date needed only to break a tie at the third round."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="tallies")
    candidate = models.ForeignKey(
        Membership, on_delete=models.RESTRICT, related_name="+"
    )
    votes = models.PositiveSmallIntegerField("voix")
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "voix d'un candidat"
        verbose_name_plural = "voix des candidats"
        ordering = ["vote", "-votes"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "candidate"], name="tally_once_per_candidate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate.user} : {self.votes}"


class CarriedPoint(models.Model):
    """A point of a séance closed for want of quorum, put on the agenda of
    the séance convened again: examined there without quorum (L2121-17)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    sitting = models.ForeignKey(
        Sitting, on_delete=models.CASCADE, related_name="carried_points"
    )
    original = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="carried_to"
    )
    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="carried_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "point reporté faute de quorum"
        verbose_name_plural = "points reportés faute de quorum"

    def __str__(self) -> str:
        return f"{self.original} → {self.item.seance}"
