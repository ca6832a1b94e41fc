"""E-mails of notifications, sent by the background worker, and the
periodic passes that hand them to it (``scheduling`` runs those)."""

import logging
from datetime import datetime

from django.tasks import task

from notifications import emails, weekly
from notifications.services import (
    daily_digest_pairs,
    pending_groups,
    weekly_summary_members,
)

logger = logging.getLogger(__name__)


@task()
def send_grouped_email(
    recipient_id: str, document_id: str = "", agenda_item_id: str = ""
) -> None:
    """One person's e-mail about one document or one agenda point."""
    emails.send_grouped(recipient_id, document_id, agenda_item_id)


@task()
def send_digest_email(recipient_id: str, collectivite_id: str) -> None:
    emails.send_digest(recipient_id, collectivite_id)


def queue_grouped_emails(now: datetime) -> int:
    """Hand the worker one e-mail per person and document, or agenda point,
    that is due now; the number handed. Handing one twice sends nothing
    twice: the task takes only what is not yet e-mailed."""
    groups = pending_groups(now)
    for recipient_id, document_id, agenda_item_id in groups:
        send_grouped_email.enqueue(
            str(recipient_id),
            document_id=str(document_id) if document_id else "",
            agenda_item_id=str(agenda_item_id) if agenda_item_id else "",
        )
    if groups:  # every minute: only when there is something
        logger.info("notification e-mails queued count=%s", len(groups))
    return len(groups)


def queue_daily_digests() -> int:
    """Hand the worker the daily summary of every person who chose it and
    has something not yet e-mailed, one per collectivité; the number."""
    pairs = daily_digest_pairs()
    for recipient_id, collectivite_id in pairs:
        send_digest_email.enqueue(str(recipient_id), str(collectivite_id))
    logger.info("notification digests queued count=%s", len(pairs))
    return len(pairs)


@task()
def send_weekly_summary_email(membership_id: str) -> None:
    weekly.send_weekly_summary(membership_id)


def queue_weekly_summaries() -> int:
    """Hand the worker the weekly summary of each member who chose it; the
    number handed (each leaves once a week, however often this runs)."""
    members = weekly_summary_members()
    for membership in members:
        send_weekly_summary_email.enqueue(str(membership.pk))
    logger.info("weekly summaries queued count=%s", len(members))
    return len(members)
