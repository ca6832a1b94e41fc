"""The scheduler: each job at its cadence, a daily job once a day whatever
the passes, restarts and schedulers, and the hours those of Paris."""

import io
import logging
import os
import signal
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from pytest_django import Settings

from notifications.models import Notification
from notifications.services import notify, set_email_mode
from quorum.testing import World
from quorum.tests.test_configuration import run_manage
from scheduling.jobs import PARIS, Daily, Every, Job
from scheduling.models import ScheduledJob
from scheduling.services import run_due_jobs


class Counter:
    def __init__(self) -> None:
        self.runs: list[datetime] = []

    def __call__(self, now: datetime) -> int:
        self.runs.append(now)
        return 1


def paris(day: str, hour: int, minute: int = 0, second: float = 0) -> datetime:
    start = datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=PARIS)
    return start + timedelta(seconds=second)


def test_a_daily_job_runs_once_a_day_whatever_the_passes_and_schedulers(
    db: None,
) -> None:
    counter = Counter()
    job = Job("test_daily", Daily(7), counter)

    run_due_jobs(paris("2027-01-14", 6, 59), only=[job])
    for minute in range(5):
        run_due_jobs(paris("2027-01-14", 7, minute), only=[job])
    # A second scheduler, or one restarted, at the same moment and later on.
    run_due_jobs(paris("2027-01-14", 7, 4), only=[job])
    run_due_jobs(paris("2027-01-14", 23, 59), only=[job])
    run_due_jobs(paris("2027-01-15", 0, 1), only=[job])
    run_due_jobs(paris("2027-01-15", 7, 0, 30), only=[job])

    assert counter.runs == [paris("2027-01-14", 7, 0), paris("2027-01-15", 7, 0, 30)]
    assert ScheduledJob.objects.get(name="test_daily").last_run_at == counter.runs[-1]


def test_a_scheduler_stopped_for_days_catches_up_once_when_it_starts_again(
    db: None,
) -> None:
    counter = Counter()
    job = Job("test_daily", Daily(7), counter)
    run_due_jobs(paris("2027-01-11", 7, 0), only=[job])

    # Down from the 11th to the 14th at 10:30, after the hour of the job.
    run_due_jobs(paris("2027-01-14", 10, 30), only=[job])
    run_due_jobs(paris("2027-01-14", 10, 31), only=[job])

    assert counter.runs == [paris("2027-01-11", 7, 0), paris("2027-01-14", 10, 30)]


def test_a_frequent_job_runs_once_in_each_minute(db: None) -> None:
    counter = Counter()
    job = Job("test_minute", Every(timedelta(minutes=1)), counter)

    # The passes wake a little after the minute turns, sometimes later.
    for second in (0.5, 30, 59.9, 60.2, 61, 125):
        run_due_jobs(paris("2027-01-14", 12, 0, second), only=[job])

    assert counter.runs == [
        paris("2027-01-14", 12, 0, 0.5),
        paris("2027-01-14", 12, 0, 60.2),
        paris("2027-01-14", 12, 0, 125),
    ]


def test_a_failing_job_is_tried_again_and_stops_no_other(
    db: None, caplog: pytest.LogCaptureFixture
) -> None:
    attempts = []

    def fails_once(now: datetime) -> int:
        attempts.append(now)
        if len(attempts) == 1:
            raise RuntimeError("SMTP en panne")
        return 0

    counter = Counter()
    jobs = [Job("test_fails", Daily(7), fails_once), Job("test_ok", Daily(7), counter)]

    first = run_due_jobs(paris("2027-01-14", 7, 0), only=jobs)
    second = run_due_jobs(paris("2027-01-14", 7, 1), only=jobs)

    assert (first.ran, first.failed) == (["test_ok"], ["test_fails"])
    assert (second.ran, second.failed) == (["test_fails"], [])
    assert len(counter.runs) == 1
    assert "scheduled job failed job=test_fails" in caplog.text


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        ("2027-01-15", 6),  # winter: UTC+1
        ("2027-03-28", 5),  # the morning after clocks go forward
        ("2027-07-15", 5),  # summer: UTC+2
        ("2027-10-31", 6),  # the morning after clocks go back
    ],
)
def test_the_daily_digest_leaves_at_its_hour_in_paris_summer_and_winter(
    world: World, settings: Settings, day: str, utc_hour: int
) -> None:
    settings.QUORUM_DIGEST_HOUR = 7
    set_email_mode(world.memberships["adjointe"], "daily")
    notify(
        Notification.Kind.MENTION,
        recipients=[world.personas.adjointe],
        document=world.finances_doc,
        actor=world.personas.secretaire,
    )
    utc = datetime.fromisoformat(day).replace(hour=utc_hour, tzinfo=UTC)

    run_due_jobs(utc - timedelta(minutes=1))
    assert mail.outbox == []
    run_due_jobs(utc)
    run_due_jobs(utc + timedelta(hours=5))

    (digest,) = mail.outbox
    assert "résumé" in digest.subject
    assert utc.astimezone(PARIS).hour == 7


def test_a_digest_already_sent_today_waits_for_tomorrow(world: World) -> None:
    adjointe = world.personas.adjointe
    set_email_mode(world.memberships["adjointe"], "daily")

    def mention() -> None:
        notify(
            Notification.Kind.MENTION,
            recipients=[adjointe],
            document=world.finances_doc,
            actor=world.personas.secretaire,
        )

    mention()
    run_due_jobs(paris("2027-01-14", 7, 0))
    mention()
    run_due_jobs(paris("2027-01-14", 18, 0))
    assert len(mail.outbox) == 1
    run_due_jobs(paris("2027-01-15", 7, 0))

    assert [m.to for m in mail.outbox] == [[adjointe.email]] * 2


def test_one_pass_sends_the_due_emails_and_logs_each_job(
    world: World, caplog: pytest.LogCaptureFixture
) -> None:
    set_email_mode(world.memberships["adjointe"], "immediate")
    caplog.set_level(logging.INFO, logger="scheduling")
    (notification,) = notify(
        Notification.Kind.MENTION,
        recipients=[world.personas.adjointe],
        document=world.finances_doc,
        actor=world.personas.secretaire,
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at - timedelta(minutes=10)
    )

    call_command("run_schedule", "--once", stdout=io.StringIO())
    call_command("run_schedule", "--once", stdout=io.StringIO())

    (message,) = mail.outbox
    assert message.to == [world.personas.adjointe.email]
    assert "scheduled job ran job=send_notifications count=1 " in caplog.text


def test_one_pass_fails_loudly_for_cron_when_a_job_fails(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(now: datetime) -> int:
        raise RuntimeError("base indisponible")

    broken_job = Job("test_broken", Every(timedelta(minutes=1)), broken)
    monkeypatch.setattr("scheduling.services.jobs", lambda: [broken_job])

    with pytest.raises(CommandError, match="test_broken"):
        call_command("run_schedule", "--once", stdout=io.StringIO())


def test_the_loop_stops_cleanly_on_sigterm(
    db: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="scheduling")
    passes = []

    def one_pass() -> None:
        passes.append(1)
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(
        "scheduling.management.commands.run_schedule.run_due_jobs", one_pass
    )
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        call_command("run_schedule", stdout=io.StringIO())
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    assert passes == [1]
    assert "scheduler stopped" in caplog.text


def test_a_digest_hour_that_is_not_an_hour_stops_the_start() -> None:
    result = run_manage("check", QUORUM_DIGEST_HOUR="25")

    assert result.returncode != 0
    assert "QUORUM_DIGEST_HOUR" in result.stderr
