"""Creating notifications, marking them read, choosing how they are mailed."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from uuid import UUID

from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from collectivites.access import Context, visible_workspaces
from collectivites.models import Membership
from documents.models import Document
from notifications.access import context_of, sees_point, visible_point_ids
from notifications.models import Notification, NotificationPreference
from seances.models import AgendaItem

logger = logging.getLogger(__name__)

# Changes to one document, or one point, within this time reach a person as
# one e-mail.
GROUPING_WINDOW = timedelta(minutes=5)
# ...but steady activity would put the e-mail off for ever: it leaves at the
# latest this long after the first change not yet sent.
GROUPING_MAX_DELAY = timedelta(minutes=30)


def notify(
    kind: Notification.Kind,
    *,
    recipients: Iterable[User],
    actor: User | None,
    document: Document | None = None,
    agenda_item: AgendaItem | None = None,
    anchor: str = "",
) -> list[Notification]:
    """Tell each recipient, once, except the person who acted, about a
    document or an agenda point: exactly one of the two.

    The caller has checked that every recipient may see it; the list and the
    e-mails check again when they show it."""
    if document is not None and agenda_item is None:
        collectivite_id = document.collectivite_id
    elif agenda_item is not None and document is None:
        collectivite_id = agenda_item.seance.collectivite_id
    else:
        raise ValueError("a notification is about a document or an agenda point")
    unique = {user.pk: user for user in recipients if actor is None or user != actor}
    notifications = Notification.objects.bulk_create(
        Notification(
            collectivite_id=collectivite_id,
            recipient=user,
            kind=kind,
            actor=actor,
            document=document,
            agenda_item=agenda_item,
            anchor=anchor,
        )
        for user in unique.values()
    )
    logger.info(
        "notifications created kind=%s document=%s agenda_item=%s count=%s",
        kind,
        document.pk if document is not None else None,
        agenda_item.pk if agenda_item is not None else None,
        len(notifications),
    )
    return notifications


def notify_rapporteur(
    kind: Notification.Kind, *, item: AgendaItem, actor: User | None
) -> list[Notification]:
    """Tell the point's rapporteur, while they see the point (they may have
    left office, or the commission of the séance)."""
    if item.rapporteur_id is None:
        return []
    rapporteur = Membership.objects.select_related("user").get(pk=item.rapporteur_id)
    ctx = context_of(rapporteur.user, item.seance.collectivite)
    if ctx is None or not sees_point(ctx, item):
        return []
    return notify(kind, recipients=[rapporteur.user], agenda_item=item, actor=actor)


def visible_notifications(
    ctx: Context, *, unread_only: bool = False
) -> QuerySet[Notification]:
    """The actor's own notifications in this collectivité, about what they
    still see: documents out of the trash in the workspaces they see, and
    the points that ``can_see_point`` shows them (decided here, two queries
    whatever the number of points).

    TODO(point-visibility-query): every point the person was ever told about
    is loaded to decide; a few hundred a year in a commune, to be turned
    into a query if the rule ever becomes one."""
    own = Notification.objects.filter(
        recipient_id=ctx.membership.user_id, collectivite=ctx.collectivite
    )
    if unread_only:
        own = own.filter(read_at__isnull=True)
    points = AgendaItem.objects.filter(
        pk__in=own.filter(agenda_item__isnull=False).values("agenda_item_id")
    )
    return own.filter(
        Q(
            document__deleted_at__isnull=True,
            document__workspace__in=visible_workspaces(ctx),
        )
        | Q(agenda_item_id__in=visible_point_ids(ctx, points))
    )


def mark_read(ctx: Context, notification_id: UUID | None = None) -> int:
    """Mark one notification, or all of them, read; the number marked."""
    unread = visible_notifications(ctx, unread_only=True)
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


def _pairs_choosing(*modes: str) -> set[tuple[object, object]]:
    """(person, collectivité) pairs that chose one of ``modes``."""
    return set(
        NotificationPreference.objects.filter(email_mode__in=modes).values_list(
            "membership__user_id", "membership__collectivite_id"
        )
    )


def pending_groups(now: datetime) -> list[tuple[UUID, UUID | None, UUID | None]]:
    """(recipient, document, agenda point) to e-mail now, one of the last
    two set, for people who chose mail at once: nothing new about the
    document or the point for ``GROUPING_WINDOW``, or the oldest change not
    yet sent is ``GROUPING_MAX_DELAY`` old."""
    immediate = _pairs_choosing(NotificationPreference.EmailMode.IMMEDIATE)
    groups = (
        Notification.objects.filter(emailed_at__isnull=True)
        .values("recipient_id", "document_id", "agenda_item_id", "collectivite_id")
        .annotate(first=Min("created_at"), last=Max("created_at"))
        .filter(
            Q(last__lte=now - GROUPING_WINDOW) | Q(first__lte=now - GROUPING_MAX_DELAY)
        )
        .order_by("recipient_id", "document_id", "agenda_item_id")
    )
    return [
        (group["recipient_id"], group["document_id"], group["agenda_item_id"])
        for group in groups
        if (group["recipient_id"], group["collectivite_id"]) in immediate
    ]


def daily_digest_pairs() -> list[tuple[object, object]]:
    """(recipient, collectivité) pairs who get the daily summary (the
    default: everyone who chose neither mail at once nor the weekly
    summary) and have something not yet e-mailed."""
    others = _pairs_choosing(
        NotificationPreference.EmailMode.IMMEDIATE,
        NotificationPreference.EmailMode.WEEKLY,
    )
    pending = set(
        Notification.objects.filter(emailed_at__isnull=True).values_list(
            "recipient_id", "collectivite_id"
        )
    )
    return sorted(pending - others, key=str)


def weekly_summary_members() -> list[Membership]:
    """The members in office who chose the weekly summary of their
    commune's activity."""
    return list(
        Membership.objects.current()
        .filter(
            notification_preference__email_mode=(
                NotificationPreference.EmailMode.WEEKLY
            ),
            user__is_active=True,
        )
        .select_related("user", "collectivite")
        .order_by("pk")
    )
