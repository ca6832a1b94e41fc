"""The periodic jobs of Quorum and when each one is due.

Each job is a short pass over the database; what takes time (sending an
e-mail) it hands to the background worker as tasks.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from accounts.personal_data import purge_expired_logs
from convocations.changes import gather_change_notices
from convocations.reminders import queue_reminders
from convocations.sending import resume_stalled
from discussions.services import send_review_reminders
from documents.antivirus import scan_held_back
from documents.services import purge_trash
from dossiers.services import rebuild_incomplete
from notifications.tasks import (
    queue_daily_digests,
    queue_grouped_emails,
    queue_weekly_summaries,
)
from previews.services import resume_stalled_renditions

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
class Weekly:
    """Due once per week of Europe/Paris, on ``weekday`` (0 is Monday) from
    ``hour`` o'clock there on; a scheduler stopped that morning catches up
    the same day, not later in the week."""

    weekday: int
    hour: int

    def is_due(self, last_run_at: datetime | None, now: datetime) -> bool:
        local = now.astimezone(PARIS)
        if local.weekday() != self.weekday or local.hour < self.hour:
            return False
        return (
            last_run_at is None or last_run_at.astimezone(PARIS).date() < local.date()
        )


@dataclass(frozen=True)
class Job:
    name: str
    cadence: Every | Daily | Weekly
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
        # A worker killed in the middle of a task leaves it "running" for
        # ever: what it was doing is queued again once it is clearly gone.
        Job("resume_stalled_sendings", Every(timedelta(minutes=1)), resume_stalled),
        Job(
            "resume_stalled_previews",
            Every(timedelta(minutes=1)),
            lambda now: resume_stalled_renditions(),
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
        Job(
            "send_weekly_summary",
            Weekly(0, settings.QUORUM_DIGEST_HOUR),
            lambda now: queue_weekly_summaries(),
        ),
        Job("purge_trash", Daily(PURGE_HOUR), lambda now: purge_trash(now=now)),
        Job("scan_files", Every(timedelta(minutes=5)), scan_held_back),
        Job("purge_personal_logs", Daily(PURGE_HOUR), purge_expired_logs),
    ]
