"""The e-mails of notifications: plain French text, no attachment, only
links to Quorum, and only about what the recipient may see when the e-mail
is written (access is checked again here, not when the event happened)."""

import logging
from uuid import UUID

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from collectivites.models import Collectivite
from discussions.access import sees_document
from notifications.models import Notification

logger = logging.getLogger(__name__)


def send_grouped(recipient_id: str, document_id: str) -> int:
    """One e-mail for everything not yet sent to a person about one
    document; the number of notifications it carried."""
    with transaction.atomic():
        pending = _lock_pending(recipient_id, document_id=document_id)
        visible = _still_visible(pending)
        if visible:
            first = visible[0]
            _send(
                first.recipient,
                "notifications/emails/grouped",
                {
                    "document": first.document,
                    "collectivite": first.collectivite,
                    "notifications": visible,
                    "link": settings.SITE_URL + first.get_absolute_url(),
                },
            )
        _mark_emailed(pending)
    logger.info(
        "notification e-mail document=%s sent=%s skipped=%s",
        document_id,
        len(visible),
        len(pending) - len(visible),
    )
    return len(visible)


def send_digest(recipient_id: str, collectivite_id: str) -> int:
    """The daily summary of a person about one collectivité."""
    with transaction.atomic():
        pending = _lock_pending(recipient_id, collectivite_id=collectivite_id)
        visible = _still_visible(pending)
        if visible:
            _send(
                visible[0].recipient,
                "notifications/emails/digest",
                {
                    "collectivite": visible[0].collectivite,
                    "notifications": visible,
                    "link": settings.SITE_URL
                    + reverse(
                        "notifications:list",
                        kwargs={"collectivite": visible[0].collectivite.slug},
                    ),
                },
            )
        _mark_emailed(pending)
    logger.info(
        "notification digest collectivite=%s sent=%s", collectivite_id, len(visible)
    )
    return len(visible)


def _lock_pending(recipient_id: str, **where: str) -> list[Notification]:
    return list(
        Notification.objects.select_for_update(of=("self",))
        .select_related("recipient", "actor", "collectivite", "document__collectivite")
        .filter(recipient_id=UUID(recipient_id), emailed_at__isnull=True, **where)
        .order_by("created_at")
    )


def _still_visible(notifications: list[Notification]) -> list[Notification]:
    seen: dict[object, bool] = {}
    visible = []
    for notification in notifications:
        document = notification.document
        if document.pk not in seen:
            seen[document.pk] = document.deleted_at is None and sees_document(
                notification.recipient, document
            )
        if seen[document.pk] and notification.recipient.is_active:
            visible.append(notification)
    return visible


def _mark_emailed(notifications: list[Notification]) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now(), updated_at=timezone.now()
    )


def _send(recipient: User, template: str, context: dict[str, object]) -> None:
    collectivite: Collectivite = context["collectivite"]  # type: ignore[assignment]
    context = {
        **context,
        "user": recipient,
        "site_url": settings.SITE_URL,
        "preferences_link": settings.SITE_URL
        + reverse(
            "notifications:preferences", kwargs={"collectivite": collectivite.slug}
        ),
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    EmailMessage(subject=subject, body=body, to=[recipient.email]).send()
