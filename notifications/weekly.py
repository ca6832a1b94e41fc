"""The maire's weekly summary of the commune's activity, instead of one
e-mail for each thing (``NotificationPreference.EmailMode.WEEKLY``).

It says what happened in the last seven days in counts, never in contents
(the journal's actions, read in plain French), lists the séances of the
next two weeks with how many members acknowledged their convocation, and
carries the maire's own notifications not yet e-mailed, like the daily
summary."""

import logging
from collections import Counter
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from collectivites.models import Membership
from journal.models import JournalEntry
from notifications.emails import _lock_pending, _mark_emailed, _still_visible
from notifications.models import NotificationPreference
from seances.models import Seance

logger = logging.getLogger(__name__)

WEEK = timedelta(days=7)
# The séances the summary announces.
AHEAD = timedelta(days=14)
# A second run within this is the same week's: nothing is sent twice.
ONCE_A_WEEK = timedelta(days=6)

# What the journal's actions mean, for the summary; others are not counted.
# TODO(weekly-summary-actions): the actes, publication and minutes apps'
# actions (délibérations signed, published) join this list once they land.
ACTIVITY = {
    "seance.created": "séance(s) créée(s)",
    "agenda.item_added": "point(s) ajouté(s) à un ordre du jour",
    "draft.saved": "projet(s) de délibération enregistré(s)",
    "review.requested": "relecture(s) demandée(s)",
    "review.answered": "relecture(s) rendue(s)",
    "convocation.sent": "convocation(s) envoyée(s)",
    "delivery.acknowledged": "accusé(s) de réception de convocation",
    "procuration.given": "procuration(s) donnée(s)",
    "vote.recorded": "vote(s) enregistré(s)",
    "document.created": "document(s) déposé(s)",
    "membership.added": "personne(s) ajoutée(s)",
}


def activity_lines(membership: Membership, now: datetime) -> list[str]:
    """ "12 documents déposés"…, for the last week, in the order above."""
    counts = Counter(
        dict(
            JournalEntry.objects.filter(
                collectivite_id=membership.collectivite_id,
                at__gt=now - WEEK,
                at__lte=now,
                action__in=ACTIVITY,
            )
            .values_list("action")
            .annotate(n=Count("id"))
        )
    )
    return [
        f"{counts[action]} {label}"
        for action, label in ACTIVITY.items()
        if counts[action]
    ]


def upcoming_seances(membership: Membership, now: datetime) -> list[Seance]:
    return list(
        Seance.objects.filter(
            collectivite_id=membership.collectivite_id,
            starts_at__gte=now,
            starts_at__lte=now + AHEAD,
        )
        .annotate(
            convened=Count("convocation__deliveries", distinct=True),
            acknowledged=Count(
                "convocation__deliveries",
                filter=Q(convocation__deliveries__acknowledged_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("starts_at")
    )


def send_weekly_summary(membership_id: str | UUID, now: datetime | None = None) -> bool:
    """Claim this week's summary of one member, then send it; whether it
    left."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = (
            NotificationPreference.objects.filter(
                membership_id=membership_id,
                email_mode=NotificationPreference.EmailMode.WEEKLY,
            )
            .filter(
                Q(summary_sent_at__isnull=True)
                | Q(summary_sent_at__lte=now - ONCE_A_WEEK)
            )
            .update(summary_sent_at=now, updated_at=now)
        )
        if not claimed:
            return False
        membership = Membership.objects.select_related("user", "collectivite").get(
            pk=membership_id
        )
        user, collectivite = membership.user, membership.collectivite
        pending = _lock_pending(str(user.pk), collectivite_id=collectivite.pk)
        context = {
            "user": user,
            "collectivite": collectivite,
            "since": now - WEEK,
            "activity": activity_lines(membership, now),
            "seances": upcoming_seances(membership, now),
            "notifications": _still_visible(pending),
            "site_url": settings.SITE_URL,
            "link": settings.SITE_URL + collectivite.get_absolute_url(),
            "preferences_link": settings.SITE_URL
            + reverse(
                "notifications:preferences",
                kwargs={"collectivite": collectivite.slug},
            ),
        }
        template = "notifications/emails/weekly"
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        EmailMessage(
            subject=subject,
            body=render_to_string(f"{template}.txt", context),
            to=[user.email],
        ).send()
        _mark_emailed(pending)
    logger.info("weekly summary sent membership=%s", membership_id)
    return True
