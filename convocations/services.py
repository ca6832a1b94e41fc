"""Sending a séance's convocation and recording what each member did with
it: opened, acknowledged, answered (present, absent, a procuration).

Each function works in one transaction and writes the journal; the e-mails
themselves leave from the background worker (``convocations.sending``).
The private notes on points are the one exception: they are not a legal
event, and the journal is read by others.
"""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from collectivites.models import Membership
from convocations.models import (
    Channel,
    Convocation,
    ConvocationPreference,
    Delivery,
    PointNote,
    Procuration,
    Reply,
)
from convocations.procurations import HOLDS_ONE_ALREADY, check_procuration
from dossiers.freshness import check_dossier_current
from journal.services import record
from seances.models import AgendaItem, Seance
from seances.services import mark_convened

logger = logging.getLogger(__name__)

INVALID_ADDRESS = "Adresse e-mail manquante ou invalide : rien n'a été envoyé."


def send_convocation(
    seance: Seance, *, by: User, urgence_reason: str = ""
) -> Convocation:
    """Convene the séance today and send its convocation to every member.

    The sending date is today's in Europe/Paris, never a typed one: it is
    the day the jours francs are counted from, and the day the dossier
    becomes visible to every élu (RULES §1.4 rule 3, the later of the two
    for an electronic sending). ``mark_convened`` checks the delay, the
    urgence and the agenda, and freezes it; a refusal stores nothing.

    Each member in office gets a delivery with a personal link; a member
    without a usable address is recorded as such at once, nothing is sent
    to them, and the secrétaire sees it on the séance page. The e-mails are
    queued in the same transaction: the worker's queue lives in the same
    database, so either both the convocation and its task exist, or none.
    A compiled dossier of the councillors older than a change of the
    séance, or one being compiled, refuses the sending
    (``dossiers.freshness``): the élus receive the dossier of what they
    are convened on, never an older one.
    """
    today = timezone.localdate()
    with transaction.atomic():
        check_dossier_current(seance)
        seance = mark_convened(
            seance, by=by, sent_on=today, urgence_reason=urgence_reason
        )
        convocation = Convocation.objects.create(
            seance=seance,
            sent_on=today,
            sent_by=by,
            urgence_reason=seance.urgence_reason,
        )
        deliveries = Delivery.objects.bulk_create(
            _delivery(convocation, member) for member in recipients_of(seance, today)
        )
        record(
            "convocation.sent",
            collectivite=seance.collectivite,
            actor=by,
            target=convocation,
            seance=str(seance.pk),
            sent_on=today.isoformat(),
            urgence_reason=convocation.urgence_reason,
            recipients=[str(delivery.recipient_id) for delivery in deliveries],
        )
        for delivery in deliveries:
            if delivery.status == Delivery.Status.INVALID_ADDRESS:
                record_outcome(delivery, "delivery.refused", convocation)
        queue_sending(convocation)
    logger.info(
        "convocation sent convocation=%s recipients=%s", convocation.pk, len(deliveries)
    )
    return convocation


def recipients_of(seance: Seance, day: date) -> QuerySet[Membership]:
    """Who is convened: the members of the council in office on ``day``
    (its élus), or for a commission's meeting the members of the commission
    in office."""
    members = Membership.objects.current(day).filter(
        collectivite_id=seance.collectivite_id
    )
    if seance.is_council:
        members = members.elus()
    else:
        members = members.filter(workspace_memberships__workspace=seance.workspace_id)
    return members.select_related("user").order_by("rank", "user__last_name", "pk")


def has_usable_address(member: Membership) -> bool:
    try:
        validate_email(member.user.email.strip())
    except ValidationError:
        return False
    return True


def _delivery(convocation: Convocation, member: Membership) -> Delivery:
    delivery = Delivery(
        convocation=convocation, recipient=member, email=member.user.email.strip()
    )
    if not has_usable_address(member):
        delivery.status = Delivery.Status.INVALID_ADDRESS
        delivery.error = INVALID_ADDRESS
    return delivery


def queue_sending(convocation: Convocation) -> None:
    """Hand the e-mails still to send to the worker; harmless to repeat,
    since each delivery is claimed before its e-mail leaves."""
    from convocations.tasks import send_convocation_emails  # noqa: PLC0415

    send_convocation_emails.enqueue(str(convocation.pk))


def resume_sending(convocation: Convocation, *, by: User) -> int:
    """Queue again the e-mails that are still waiting (a worker stopped, the
    mail server was unreachable); the number waiting."""
    waiting = convocation.deliveries.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.SENDING]
    ).count()
    if waiting:
        queue_sending(convocation)
        logger.info(
            "convocation resumed convocation=%s waiting=%s by=%s",
            convocation.pk,
            waiting,
            by.pk,
        )
    return waiting


def record_opening(delivery: Delivery, *, by: User | None) -> Delivery:
    """The first time the personal link is followed; later ones change
    nothing. ``by`` is whoever is logged in, if anyone: the link is personal,
    the opening is the recipient's whoever clicked."""
    open_delivery(delivery, by=by)
    return delivery


def open_delivery(delivery: Delivery, *, by: User | None) -> bool:
    """Record the opening like ``record_opening``; whether this call was the
    first opening (two clicks at once: only one of them is)."""
    with transaction.atomic():
        now = timezone.now()
        opened = Delivery.objects.filter(
            pk=delivery.pk, first_opened_at__isnull=True
        ).update(first_opened_at=now, updated_at=now)
        delivery.refresh_from_db()
        if opened:
            _record_step(delivery, "delivery.opened", by)
    return bool(opened)


def acknowledge(delivery: Delivery, *, by: User) -> Delivery:
    """The member says they received their convocation; once."""
    with transaction.atomic():
        now = timezone.now()
        done = Delivery.objects.filter(
            pk=delivery.pk, acknowledged_at__isnull=True
        ).update(acknowledged_at=now, updated_at=now)
        delivery.refresh_from_db()
        if done:
            _record_step(delivery, "delivery.acknowledged", by)
    return delivery


def set_paper_preference(
    membership: Membership, *, by: User, wants_paper: bool, postal_address: str
) -> ConvocationPreference:
    """Record a member's request for paper and their address (L2121-10)."""
    address = postal_address.strip()
    if wants_paper and not address:
        raise ValidationError(
            {"postal_address": "Indiquez l'adresse où envoyer la convocation."}
        )
    with transaction.atomic():
        preference, _ = ConvocationPreference.objects.select_for_update().get_or_create(
            membership=membership
        )
        if (preference.wants_paper, preference.postal_address) == (
            wants_paper,
            address,
        ):
            return preference
        preference.wants_paper = wants_paper
        preference.postal_address = address
        preference.save(update_fields=["wants_paper", "postal_address", "updated_at"])
        record(
            "convocation.paper_preference",
            collectivite=membership.collectivite,
            actor=by,
            target=preference,
            membership=str(membership.pk),
            wants_paper=wants_paper,
        )
    return preference


def record_reply(
    delivery: Delivery,
    *,
    by: User,
    answer: str,
    mandataire: Membership | None = None,
    channel: str = Channel.ONLINE,
) -> Reply:
    """Record what a convened member will do at the séance, in place of
    their previous answer, until the séance opens.

    ``by`` is the member, online, or the secrétaire who took their answer
    by phone, letter or e-mail (``channel``). An absence with a procuration
    gives it to ``mandataire`` under L2121-20 (``check_procuration``): a
    second one held by the same colleague, one to oneself, one to someone
    not in office or one by phone is refused with the reason. Changing the
    answer revokes the procuration in force, which stays on record.
    Answering online also acknowledges receipt: nobody answers a
    convocation they did not receive.
    """
    with transaction.atomic():
        seance = _lock_open_seance(delivery)
        member = delivery.recipient
        if answer != Reply.Answer.PROCURATION:
            mandataire = None
        elif mandataire is None:
            raise ValidationError(
                {"mandataire": "Choisissez le collègue qui votera pour vous."}
            )
        current = Procuration.objects.filter(
            seance=seance, mandant=member, revoked_at__isnull=True
        ).first()
        reply = Reply.objects.filter(delivery=delivery).first()
        if reply is not None and (reply.answer, _held_by(current)) == (
            answer,
            mandataire,
        ):
            return reply

        _move_procuration(seance, member, current, mandataire, by=by, channel=channel)
        reply = _store_reply(delivery, reply, answer=answer, channel=channel, by=by)
        record(
            "reply.recorded",
            collectivite=seance.collectivite,
            actor=by,
            target=reply,
            seance=str(seance.pk),
            recipient=str(member.pk),
            answer=answer,
            mandataire=str(mandataire.pk) if mandataire else "",
            channel=channel,
            on_behalf=by.pk != member.user_id,
        )
        if by.pk == member.user_id and delivery.acknowledged_at is None:
            acknowledge(delivery, by=by)
    logger.info(
        "reply recorded delivery=%s answer=%s by=%s", delivery.pk, answer, by.pk
    )
    return reply


def _lock_open_seance(delivery: Delivery) -> Seance:
    """The séance, locked so that two members giving a procuration to the
    same colleague at once are checked one after the other; refused once
    it is open."""
    seance = Seance.objects.select_for_update().get(pk=delivery.convocation.seance_id)
    if seance.status != Seance.Status.CONVOQUEE:
        raise ValidationError(
            "La séance est ouverte : les réponses à la convocation ne se "
            "changent plus. Les présences se notent désormais en séance."
        )
    return seance


def _held_by(procuration: Procuration | None) -> Membership | None:
    return procuration.mandataire if procuration is not None else None


def _move_procuration(
    seance: Seance,
    mandant: Membership,
    current: Procuration | None,
    mandataire: Membership | None,
    *,
    by: User,
    channel: str,
) -> None:
    """From ``current`` (or none) to a procuration to ``mandataire`` (or
    none): checked first, so that a refusal changes nothing."""
    if mandataire is not None:
        check_procuration(
            seance, mandant=mandant, mandataire=mandataire, channel=channel
        )
    if _held_by(current) == mandataire:
        return
    if current is not None:
        _revoke(current, seance, by=by)
    if mandataire is not None:
        _give(seance, mandant, mandataire, by=by, channel=channel)


def _store_reply(
    delivery: Delivery, reply: Reply | None, *, answer: str, channel: str, by: User
) -> Reply:
    if reply is None:
        return Reply.objects.create(
            delivery=delivery, answer=answer, channel=channel, recorded_by=by
        )
    reply.answer = answer
    reply.channel = channel
    reply.recorded_by = by
    reply.save(update_fields=["answer", "channel", "recorded_by", "updated_at"])
    return reply


def _give(
    seance: Seance,
    mandant: Membership,
    mandataire: Membership,
    *,
    by: User,
    channel: str,
) -> Procuration:
    try:
        # A savepoint: should the database see a second one in force that
        # the check missed, the refusal is the same as the check's.
        with transaction.atomic():
            procuration = Procuration.objects.create(
                seance=seance,
                mandant=mandant,
                mandataire=mandataire,
                channel=channel,
                recorded_by=by,
            )
    except IntegrityError as error:
        raise ValidationError({"mandataire": HOLDS_ONE_ALREADY}) from error
    record(
        "procuration.given",
        collectivite=seance.collectivite,
        actor=by,
        target=procuration,
        seance=str(seance.pk),
        mandant=str(mandant.pk),
        mandataire=str(mandataire.pk),
        channel=channel,
    )
    return procuration


def _revoke(procuration: Procuration, seance: Seance, *, by: User) -> None:
    """A procuration is always revocable (L2121-20); the row stays."""
    procuration.revoked_at = timezone.now()
    procuration.save(update_fields=["revoked_at", "updated_at"])
    record(
        "procuration.revoked",
        collectivite=seance.collectivite,
        actor=by,
        target=procuration,
        seance=str(seance.pk),
        mandant=str(procuration.mandant_id),
        mandataire=str(procuration.mandataire_id),
    )


def save_point_note(item: AgendaItem, *, author: Membership, body: str) -> PointNote:
    """Keep ``author``'s own notes on a point, replacing the previous text.

    Not journaled: a note is not a legal event, and the journal is read by
    the administration, who must never read it. The log names ids only."""
    with transaction.atomic():
        note, created = PointNote.objects.select_for_update().get_or_create(
            item=item, author=author, defaults={"body": body}
        )
        if not created and note.body != body:
            note.body = body
            note.save(update_fields=["body", "updated_at"])
    logger.info("point note saved note=%s", note.pk)
    return note


def _record_step(delivery: Delivery, action: str, by: User | None) -> None:
    convocation = delivery.convocation
    record(
        action,
        collectivite=convocation.seance.collectivite,
        actor=by,
        target=delivery,
        convocation=str(convocation.pk),
        recipient=str(delivery.recipient_id),
    )


def record_outcome(delivery: Delivery, action: str, convocation: Convocation) -> None:
    """What the mail server said, or that nothing could be sent."""
    record(
        action,
        collectivite=convocation.seance.collectivite,
        target=delivery,
        convocation=str(convocation.pk),
        recipient=str(delivery.recipient_id),
        email=delivery.email,
        status=delivery.status,
        error=delivery.error,
    )
