"""The periodic jobs of Quorum and when each one is due.

Each job is a short pass over the database; what takes time (sending an
e-mail) it hands to the background worker as tasks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from convocations.changes import gather_change_notices
from convocations.reminders import queue_reminders
from discussions.services import send_review_reminders
from documents.services import purge_trash
from dossiers.services import rebuild_incomplete
from notifications.tasks import queue_daily_digests, queue_grouped_emails

# The day of a daily job is the day of the communes, whatever the server's
# clock says.
PARIS = ZoneInfo("Europe/Paris")
# The night, when nobody works in Quorum.
PURGE_HOUR = 3


@dataclass(frozen=True)
class Every:
    """Due once in each slice of ``interval`` (slices counted from the epoch,
    so that a pass a second early or late still runs once a slice)."""

    interval: timedelta

    def is_due(self, last_run_at: datetime | None, now: datetime) -> bool:
        if last_run_at is None:
            return True
        size = self.interval.total_seconds()
        return now.timestamp() // size > last_run_at.timestamp() // size


@dataclass(frozen=True)
class Daily:
    """Due once per day of Europe/Paris, from ``hour`` o'clock there on: a
    scheduler that was stopped at that hour catches up when it starts again,
    the same day; the days it missed entirely are not run again."""

    hour: int

    def is_due(self, last_run_at: datetime | None, now: datetime) -> bool:
        local = now.astimezone(PARIS)
        if local.hour < self.hour:
            return False
        return (
            last_run_at is None or last_run_at.astimezone(PARIS).date() < local.date()
        )


@dataclass(frozen=True)
class Job:
    name: str
    cadence: Every | Daily
    # Does the work for ``now``; returns how many things it did, for the log.
    run: Callable[[datetime], int]


def jobs() -> list[Job]:
    """Every periodic job, in the order a pass runs them: the reminders come
    just before the digest so that those who read the digest get them the
    same morning."""
    return [
        Job("send_notifications", Every(timedelta(minutes=1)), queue_grouped_emails),
        Job(
            "send_change_notices",
            Every(timedelta(minutes=1)),
            gather_change_notices,
        ),
        Job(
            "rebuild_incomplete_dossiers",
            Every(timedelta(minutes=1)),
            lambda now: rebuild_incomplete(),
        ),
        Job(
            "send_review_reminders",
            Daily(settings.QUORUM_DIGEST_HOUR),
            lambda now: send_review_reminders(now.astimezone(PARIS).date()),
        ),
        Job(
            "send_convocation_reminders",
            Daily(settings.QUORUM_DIGEST_HOUR),
            lambda now: queue_reminders(now.astimezone(PARIS).date()),
        ),
        Job(
            "send_daily_digest",
            Daily(settings.QUORUM_DIGEST_HOUR),
            lambda now: queue_daily_digests(),
        ),
        Job("purge_trash", Daily(PURGE_HOUR), lambda now: purge_trash(now=now)),
    ]
