"""Two days before the séance, a reminder to whoever has not opened their
convocation: at most one per delivery, whatever the number of runs."""

import logging
import smtplib
from datetime import date, timedelta
from uuid import UUID

from django.core import mail
from django.db.models import QuerySet
from django.utils import timezone

from convocations.emails import reminder_message
from convocations.models import Delivery
from journal.services import record
from seances.models import Seance

logger = logging.getLogger(__name__)

REMIND_BEFORE = timedelta(days=2)


def due_reminders(today: date) -> QuerySet[Delivery]:
    """The deliveries the server accepted and nobody opened nor
    acknowledged, not yet reminded, whose convened séance is held within
    ``REMIND_BEFORE`` of ``today`` and is still to come. A convocation sent
    today is not reminded today, even in urgence."""
    now = timezone.now()
    return Delivery.objects.filter(
        status=Delivery.Status.ACCEPTED,
        first_opened_at__isnull=True,
        acknowledged_at__isnull=True,
        reminded_at__isnull=True,
        convocation__sent_on__lt=today,
        convocation__seance__status=Seance.Status.CONVOQUEE,
        convocation__seance__starts_at__gt=now,
        convocation__seance__starts_at__date__lte=today + REMIND_BEFORE,
    )


def queue_reminders(today: date) -> int:
    """Hand each due reminder to the worker; the number queued. Running it
    again before the worker sent them queues them again, and the worker
    still sends each once (``send_reminder`` claims it first)."""
    from convocations.tasks import send_convocation_reminder  # noqa: PLC0415

    ids = [str(pk) for pk in due_reminders(today).values_list("pk", flat=True)]
    for delivery_id in ids:
        send_convocation_reminder.enqueue(delivery_id)
    logger.info("convocation reminders queued count=%s", len(ids))
    return len(ids)


def send_reminder(delivery_id: str | UUID) -> bool:
    """Claim the reminder, then send it; whether it left.

    The claim comes first so that two runs never both send; a failed
    sending gives the claim back, so that the next day's run tries again."""
    now = timezone.now()
    claimed = Delivery.objects.filter(
        pk=delivery_id,
        reminded_at__isnull=True,
        first_opened_at__isnull=True,
        acknowledged_at__isnull=True,
    ).update(reminded_at=now, updated_at=now)
    if not claimed:
        return False
    delivery = Delivery.objects.select_related(
        "recipient__user", "convocation__seance__collectivite"
    ).get(pk=delivery_id)
    convocation = delivery.convocation
    try:
        mail.mailers.default.send_messages([reminder_message(delivery, convocation)])
    except (smtplib.SMTPException, OSError, ValueError):
        Delivery.objects.filter(pk=delivery_id).update(
            reminded_at=None, updated_at=timezone.now()
        )
        logger.warning("convocation reminder failed delivery=%s", delivery_id)
        return False
    record(
        "delivery.reminded",
        collectivite=convocation.seance.collectivite,
        target=delivery,
        convocation=str(convocation.pk),
        recipient=str(delivery.recipient_id),
        email=delivery.email,
    )
    return True
