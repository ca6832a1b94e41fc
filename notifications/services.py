"""Creating notifications, marking them read, choosing how they are mailed."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.models import User
from collectivites.access import Context, visible_workspaces
from collectivites.models import Membership
from documents.models import Document
from notifications.models import Notification, NotificationPreference

logger = logging.getLogger(__name__)

# Changes to one document within this time reach a person as one e-mail.
GROUPING_WINDOW = timedelta(minutes=5)


def notify(
    kind: Notification.Kind,
    *,
    recipients: Iterable[User],
    document: Document,
    actor: User | None,
    anchor: str = "",
) -> list[Notification]:
    """Tell each recipient, once, except the person who acted.

    The caller has checked that every recipient may see the document; the
    list and the e-mails check again when they show it."""
    unique = {user.pk: user for user in recipients if actor is None or user != actor}
    notifications = Notification.objects.bulk_create(
        Notification(
            collectivite_id=document.collectivite_id,
            recipient=user,
            kind=kind,
            actor=actor,
            document=document,
            anchor=anchor,
        )
        for user in unique.values()
    )
    logger.info(
        "notifications created kind=%s document=%s count=%s",
        kind,
        document.pk,
        len(notifications),
    )
    return notifications


def visible_notifications(ctx: Context) -> QuerySet[Notification]:
    """The actor's own notifications in this collectivité, about documents
    they still see."""
    return Notification.objects.filter(
        recipient_id=ctx.membership.user_id,
        collectivite=ctx.collectivite,
        document__deleted_at__isnull=True,
        document__workspace__in=visible_workspaces(ctx),
    )


def mark_read(ctx: Context, notification_id: UUID | None = None) -> int:
    """Mark one notification, or all of them, read; the number marked."""
    unread = visible_notifications(ctx).filter(read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(id=notification_id)
    return unread.update(read_at=timezone.now(), updated_at=timezone.now())


def preference_for(membership: Membership) -> NotificationPreference:
    preference = NotificationPreference.objects.filter(membership=membership).first()
    return preference or NotificationPreference(membership=membership)


def set_email_mode(membership: Membership, email_mode: str) -> NotificationPreference:
    with transaction.atomic():
        preference, _ = (
            NotificationPreference.objects.select_for_update().get_or_create(
                membership=membership
            )
        )
        preference.email_mode = email_mode
        preference.save(update_fields=["email_mode", "updated_at"])
    return preference


def pending_groups(now: datetime) -> list[tuple[object, object]]:
    """(recipient, document) pairs to e-mail now: nothing new about the
    document for the grouping window, and the person wants mail at once."""
    daily = NotificationPreference.objects.filter(
        email_mode=NotificationPreference.EmailMode.DAILY
    ).values_list("membership__user_id", "membership__collectivite_id")
    daily_pairs = set(daily)
    groups = (
        Notification.objects.filter(emailed_at__isnull=True)
        .values("recipient_id", "document_id", "collectivite_id")
        .annotate(last=Max("created_at"))
        .filter(last__lte=now - GROUPING_WINDOW)
        .order_by("recipient_id", "document_id")
    )
    return [
        (group["recipient_id"], group["document_id"])
        for group in groups
        if (group["recipient_id"], group["collectivite_id"]) not in daily_pairs
    ]


def daily_digest_pairs() -> list[tuple[object, object]]:
    """(recipient, collectivité) pairs whose person chose a daily digest and
    who have something not yet e-mailed."""
    daily = set(
        NotificationPreference.objects.filter(
            email_mode=NotificationPreference.EmailMode.DAILY
        ).values_list("membership__user_id", "membership__collectivite_id")
    )
    pending = set(
        Notification.objects.filter(emailed_at__isnull=True).values_list(
            "recipient_id", "collectivite_id"
        )
    )
    return sorted(daily & pending, key=str)
