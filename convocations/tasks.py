"""The background work of convocations: the e-mails, the reminders and
the notices of what changed after the sending."""

import logging
from datetime import timedelta
from uuid import UUID

from django.tasks import task
from django.utils import timezone

from convocations import reminders, sending
from convocations.models import Delivery, NoticeDelivery

logger = logging.getLogger(__name__)

# When the mail server is away or says "try later": again after 5, 10, 15…
# minutes, for about two hours; then the séance page offers to resume.
RETRY_DELAY = timedelta(minutes=5)
MAX_RUNS = 8


@task()
def send_convocation_emails(convocation_id: str, run: int = 1) -> int:
    """Send what is waiting of one convocation; any number of runs at once
    or one after the other send each e-mail once (``convocations.sending``)."""
    try:
        accepted = sending.send_pending(convocation_id)
    except sending.SendingInterrupted:
        _retry_later(convocation_id, run)
        raise
    if Delivery.objects.filter(
        convocation_id=convocation_id, status=Delivery.Status.PENDING
    ).exists():
        _retry_later(convocation_id, run)
    return accepted


@task()
def send_change_notice(notice_id: str, run: int = 1) -> int:
    """Send what is waiting of one change notice, like the convocation."""
    try:
        accepted = sending.send_notice(notice_id)
    except sending.SendingInterrupted:
        _retry_notice_later(notice_id, run)
        raise
    if NoticeDelivery.objects.filter(
        notice_id=UUID(notice_id), status=Delivery.Status.PENDING
    ).exists():
        _retry_notice_later(notice_id, run)
    return accepted


@task()
def send_convocation_reminder(delivery_id: str) -> bool:
    return reminders.send_reminder(delivery_id)


def _retry_later(convocation_id: str, run: int) -> None:
    """Only where the queue can hold a task until later (the database
    worker); elsewhere the séance page's "Relancer l'envoi" does it."""
    if run >= MAX_RUNS or not send_convocation_emails.get_backend().supports_defer:
        logger.warning(
            "convocation e-mails left waiting convocation=%s run=%s",
            convocation_id,
            run,
        )
        return
    later = timezone.now() + RETRY_DELAY * run
    send_convocation_emails.using(run_after=later).enqueue(convocation_id, run + 1)


def _retry_notice_later(notice_id: str, run: int) -> None:
    if run >= MAX_RUNS or not send_change_notice.get_backend().supports_defer:
        logger.warning("change notice left waiting notice=%s run=%s", notice_id, run)
        return
    later = timezone.now() + RETRY_DELAY * run
    send_change_notice.using(run_after=later).enqueue(notice_id, run + 1)
