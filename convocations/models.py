"""The convocation of a séance, its delivery to each member, who asked for
paper, what each member answers (present, absent, a procuration), and the
notes each member keeps on the points for themselves.

The convocation is sent electronically by default and on paper to whoever
asks for it, at home or at another address (CGCT L2121-10, since the loi
n°2019-1461). Each delivery keeps the proof of its sending, of its
acceptance by the mail server, of its first opening and of its
acknowledgement; the journal keeps the same events, chained.
"""

import secrets
import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from collectivites.models import Membership
from seances.models import AgendaItem, Seance


def new_token() -> str:
    """256 random bits: the personal link cannot be guessed from another."""
    return secrets.token_urlsafe(32)


class Convocation(models.Model):
    """The sending of a séance's convocation: one per séance, never redone.

    ``sent_on`` is the commune's calendar day the e-mails were queued on,
    the day the jours francs are counted from (RULES §1.4): it is always the
    day the button was pressed, never a date someone typed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seance = models.OneToOneField(
        Seance, on_delete=models.CASCADE, related_name="convocation"
    )
    sent_on = models.DateField("envoyée le")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    urgence_reason = models.TextField("motif de l'urgence", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "convocation"

    def __str__(self) -> str:
        return f"Convocation — {self.seance}"


class Delivery(models.Model):
    """The convocation of one member: the address used, their personal link
    and what became of the e-mail."""

    class Status(models.TextChoices):
        PENDING = "a_envoyer", "À envoyer"
        # Claimed by a worker, which is handing it to the mail server now.
        SENDING = "en_cours", "Envoi en cours"
        ACCEPTED = "acceptee", "Acceptée par le serveur"
        REFUSED = "refusee", "Refusée"
        INVALID_ADDRESS = "adresse_invalide", "Adresse manquante ou invalide"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    convocation = models.ForeignKey(
        Convocation, on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        Membership,
        # RESTRICT, not PROTECT: deleting a whole collectivité removes its
        # convocations with its members; a member alone is never deleted.
        on_delete=models.RESTRICT,
        related_name="convocation_deliveries",
        verbose_name="destinataire",
    )
    # The address as it was when the convocation left; a text, not an
    # EmailField, since a malformed one is recorded as it was.
    email = models.CharField("adresse utilisée", max_length=254, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token)
    status = models.CharField(
        "état", max_length=20, choices=Status.choices, default=Status.PENDING
    )
    error = models.TextField("réponse du serveur", blank=True)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    sent_at = models.DateTimeField("envoyée à", null=True, blank=True)
    accepted_at = models.DateTimeField("acceptée à", null=True, blank=True)
    first_opened_at = models.DateTimeField("ouverte à", null=True, blank=True)
    acknowledged_at = models.DateTimeField("reçu confirmé à", null=True, blank=True)
    reminded_at = models.DateTimeField("rappel envoyé à", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "envoi de la convocation"
        verbose_name_plural = "envois de la convocation"
        ordering = ["convocation", "recipient__rank", "recipient__user__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["convocation", "recipient"], name="delivery_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convocation} — {self.recipient.user}"

    def get_absolute_url(self) -> str:
        """The personal link of the e-mail, without the site's address."""
        return reverse("convocations:link", kwargs={"token": self.token})

    @property
    def failed(self) -> bool:
        return self.status in {self.Status.REFUSED, self.Status.INVALID_ADDRESS}

    @property
    def last_step_at(self) -> datetime | None:
        return self.acknowledged_at or self.first_opened_at or self.accepted_at


class ConvocationPreference(models.Model):
    """How one member wants to be convened: the e-mail always, and on paper
    at the postal address they gave when they asked for it (CGCT L2121-10).
    Recorded by the secrétaire de mairie, to whom the request is made."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    membership = models.OneToOneField(
        Membership, on_delete=models.CASCADE, related_name="convocation_preference"
    )
    wants_paper = models.BooleanField(
        "demande la convocation sur papier", default=False
    )
    postal_address = models.TextField(
        "adresse postale",
        blank=True,
        help_text="Le domicile, ou l'autre adresse que l'élu a indiquée.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "préférence de convocation"

    def __str__(self) -> str:
        mode = "papier et e-mail" if self.wants_paper else "e-mail"
        return f"{self.membership.user} — {mode}"


class Channel(models.TextChoices):
    """How an answer or a procuration reached the mairie."""

    ONLINE = "en_ligne", "En ligne, par l'élu"
    PAPER = "papier", "Sur papier (courrier, pouvoir signé)"
    EMAIL = "courriel", "Par e-mail à la mairie"
    PHONE = "telephone", "Par téléphone"


# A procuration is written (CGCT L2121-20): a phone call is not one.
WRITTEN_CHANNELS = frozenset({Channel.ONLINE, Channel.PAPER, Channel.EMAIL})


class Reply(models.Model):
    """What a convened member says they will do: come, stay away, or stay
    away and give a procuration (``Procuration``). One per delivery,
    changed until the séance opens; each change is in the journal."""

    class Answer(models.TextChoices):
        PRESENT = "present", "Présent(e)"
        ABSENT = "absent", "Absent(e)"
        PROCURATION = "procuration", "Absent(e), avec procuration"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    delivery = models.OneToOneField(
        Delivery, on_delete=models.CASCADE, related_name="reply"
    )
    answer = models.CharField("réponse", max_length=12, choices=Answer.choices)
    channel = models.CharField(
        "reçue", max_length=12, choices=Channel.choices, default=Channel.ONLINE
    )
    # The member themselves, or the secrétaire who took a call or a letter.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "réponse à la convocation"
        verbose_name_plural = "réponses à la convocation"

    def __str__(self) -> str:
        return f"{self.delivery} — {self.get_answer_display()}"


class Procuration(models.Model):
    """A written procuration from one member of the council to another for
    one séance (CGCT L2121-20, RULES §3): a member holds one at most, and
    gives one at most. A revoked procuration is kept, with its revocation:
    the rows with ``revoked_at`` empty are the ones in force, and the
    database itself refuses a second one in force on either side.

    TODO(procurations): a document covering up to three consecutive
    séances (``domain.procurations.Procuration.seances_covered``) and the
    scan of the signed paper are not stored yet; each séance has its own.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seance = models.ForeignKey(
        Seance, on_delete=models.CASCADE, related_name="procurations"
    )
    mandant = models.ForeignKey(
        Membership,
        # RESTRICT: removed with its collectivité, never alone (see Delivery).
        on_delete=models.RESTRICT,
        related_name="procurations_given",
    )
    mandataire = models.ForeignKey(
        Membership, on_delete=models.RESTRICT, related_name="procurations_held"
    )
    channel = models.CharField(
        "reçue", max_length=12, choices=Channel.choices, default=Channel.ONLINE
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField("révoquée à", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "procuration"
        ordering = ["seance", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["seance", "mandant"],
                condition=models.Q(revoked_at__isnull=True),
                name="procuration_one_given_per_seance",
            ),
            models.UniqueConstraint(
                fields=["seance", "mandataire"],
                condition=models.Q(revoked_at__isnull=True),
                name="procuration_one_held_per_seance",
            ),
            models.CheckConstraint(
                condition=~models.Q(mandant=models.F("mandataire")),
                name="procuration_not_to_oneself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mandant.user} à {self.mandataire.user} — {self.seance}"

    @property
    def in_force(self) -> bool:
        return self.revoked_at is None


class PointNote(models.Model):
    """A member's own notes on a point of a séance they are convened to.

    Read by its author alone: not by the secrétaire, the maire, the
    rapporteur, the search, the notifications or the journal. Only the
    export of the whole collectivité carries it, so that a move to another
    server keeps it for its author."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="private_notes"
    )
    author = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="point_notes"
    )
    body = models.TextField("mes notes", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "note personnelle sur un point"
        verbose_name_plural = "notes personnelles sur les points"
        constraints = [
            models.UniqueConstraint(
                fields=["item", "author"], name="point_note_once_per_author"
            ),
        ]

    def __str__(self) -> str:
        return f"Note de {self.author.user} — {self.item}"


class ConvocationChange(models.Model):
    """One change to what the council was convened on, made between the
    sending and the opening of the séance: a corrected draft, an annex
    moved to a newer version of its document (the older one stays, named
    here), a point withdrawn, postponed or maintained again.

    Waits with ``notice`` empty until a quiet moment, then joins the one
    ``ChangeNotice`` that tells every member about all the changes made
    since the last one (``convocations.changes``)."""

    class Kind(models.TextChoices):
        DRAFT = "projet", "Projet de délibération corrigé"
        ANNEX = "annexe", "Nouvelle version d'une annexe"
        OUTCOME = "sort", "Sort du point changé"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    convocation = models.ForeignKey(
        Convocation, on_delete=models.CASCADE, related_name="changes"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="convocation_changes"
    )
    kind = models.CharField("nature", max_length=8, choices=Kind.choices)
    # What a member reads in the message, without the point's number and
    # title, which are given with it to those who may see the point.
    summary = models.CharField("modification", max_length=400)
    revision = models.PositiveIntegerField("version du projet", null=True, blank=True)
    old_version = models.ForeignKey(
        "documents.Version",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="version remplacée",
    )
    new_version = models.ForeignKey(
        "documents.Version",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="nouvelle version",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notice = models.ForeignKey(
        "ChangeNotice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changes",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "modification après la convocation"
        verbose_name_plural = "modifications après la convocation"
        ordering = ["convocation", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.item} — {self.summary}"


class ChangeNotice(models.Model):
    """The message that tells each convened member what changed since the
    convocation (or since the previous notice): one per quiet moment,
    numbered in the convocation, with a delivery per member who may see at
    least one of its changes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    convocation = models.ForeignKey(
        Convocation, on_delete=models.CASCADE, related_name="change_notices"
    )
    number = models.PositiveIntegerField("numéro")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "avis de modification"
        verbose_name_plural = "avis de modification"
        ordering = ["convocation", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["convocation", "number"], name="change_notice_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convocation} — avis de modification n° {self.number}"


class NoticeDelivery(models.Model):
    """The change notice of one member: sent, claimed and recorded like the
    convocation's e-mail (``convocations.sending``)."""

    Status = Delivery.Status

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    notice = models.ForeignKey(
        ChangeNotice, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The member's convocation: their personal link, the address it used.
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="notice_deliveries"
    )
    email = models.CharField("adresse utilisée", max_length=254, blank=True)
    status = models.CharField(
        "état", max_length=20, choices=Delivery.Status.choices, default="a_envoyer"
    )
    error = models.TextField("réponse du serveur", blank=True)
    attempts = models.PositiveSmallIntegerField("essais", default=0)
    sent_at = models.DateTimeField("envoyé à", null=True, blank=True)
    accepted_at = models.DateTimeField("accepté à", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "envoi d'un avis de modification"
        verbose_name_plural = "envois des avis de modification"
        ordering = ["notice", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["notice", "delivery"], name="notice_delivery_once_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice} — {self.email}"

    @property
    def recipient(self) -> Membership:
        return self.delivery.recipient

    @property
    def failed(self) -> bool:
        return self.status in {Delivery.Status.REFUSED, Delivery.Status.INVALID_ADDRESS}
