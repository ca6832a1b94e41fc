"""The e-mails of notifications: plain French text, no attachment, only
links to Quorum, and only about what the recipient may see when the e-mail
is written (access is checked again here, not when the event happened): a
document or an agenda point they no longer see is left out, title and all."""

import logging
from uuid import UUID

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from collectivites.access import Context
from collectivites.models import Collectivite
from discussions.access import sees_document
from notifications.access import context_of, sees_point
from notifications.models import Notification

logger = logging.getLogger(__name__)

# What asks the reader to act: the subject of the e-mail says so.
ASKING = {
    Notification.Kind.REVIEW_REQUESTED,
    Notification.Kind.REVIEW_DUE,
    Notification.Kind.APPROVAL_WITHDRAWN,
}


def send_grouped(
    recipient_id: str, document_id: str = "", agenda_item_id: str = ""
) -> int:
    """One e-mail for everything not yet sent to a person about one
    document, or one agenda point; the number of notifications it carried."""
    if bool(document_id) == bool(agenda_item_id):
        raise ValueError("one e-mail is about a document or an agenda point")
    about = (
        {"document_id": UUID(document_id)}
        if document_id
        else {"agenda_item_id": UUID(agenda_item_id)}
    )
    with transaction.atomic():
        pending = _lock_pending(recipient_id, **about)
        visible = _still_visible(pending)
        if visible:
            first = visible[0]
            _send(
                first.recipient,
                "notifications/emails/grouped",
                {
                    "about": first.subject,
                    "is_point": first.is_about_point,
                    "collectivite": first.collectivite,
                    "notifications": visible,
                    "asks_review": any(n.kind in ASKING for n in visible),
                    "link": settings.SITE_URL + first.get_absolute_url(),
                },
            )
        _mark_emailed(pending)
    logger.info(
        "notification e-mail document=%s agenda_item=%s sent=%s skipped=%s",
        document_id or None,
        agenda_item_id or None,
        len(visible),
        len(pending) - len(visible),
    )
    return len(visible)


def send_digest(recipient_id: str, collectivite_id: str) -> int:
    """The daily summary of a person about one collectivité."""
    with transaction.atomic():
        pending = _lock_pending(recipient_id, collectivite_id=UUID(collectivite_id))
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


def _lock_pending(recipient_id: str, **where: UUID) -> list[Notification]:
    return list(
        Notification.objects.select_for_update(of=("self",))
        .select_related(
            "recipient",
            "actor",
            "collectivite",
            "document__collectivite",
            "agenda_item__seance__collectivite",
        )
        .prefetch_related("agenda_item__agents")
        .filter(recipient_id=UUID(recipient_id), emailed_at__isnull=True, **where)
        .order_by("created_at")
    )


def _still_visible(notifications: list[Notification]) -> list[Notification]:
    """Those of one person's notifications, in one collectivité, that they
    may read today; the others are never sent, even if they see their
    subject again later."""
    if not notifications or not notifications[0].recipient.is_active:
        return []
    first = notifications[0]
    # A point is decided from the person's place in the collectivité.
    ctx = (
        context_of(first.recipient, first.collectivite)
        if any(notification.is_about_point for notification in notifications)
        else None
    )
    seen: dict[tuple[bool, object], bool] = {}
    visible = []
    for notification in notifications:
        key = (notification.is_about_point, notification.subject.pk)
        if key not in seen:
            seen[key] = _sees(notification, ctx)
        if seen[key]:
            visible.append(notification)
    return visible


def _sees(notification: Notification, ctx: Context | None) -> bool:
    document, item = notification.document, notification.agenda_item
    if document is not None:
        return document.deleted_at is None and sees_document(
            notification.recipient, document
        )
    return ctx is not None and item is not None and sees_point(ctx, item)


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
