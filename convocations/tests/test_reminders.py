"""Two days before the séance, one reminder to whoever has not opened it."""

import io
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from convocations.models import Convocation, Delivery
from convocations.reminders import queue_reminders, send_reminder
from convocations.services import record_opening, send_convocation
from convocations.tests.conftest import ready_seance
from journal.models import JournalEntry
from quorum.testing import World
from seances.models import Seance


def _sent_days_ago(world: World, *, seance_in: int, sent: int = 5) -> Convocation:
    """A convocation sent ``sent`` days ago for a séance in ``seance_in`` days."""
    seance = ready_seance(world)
    convocation = send_convocation(seance, by=world.personas.secretaire)
    Seance.objects.filter(pk=seance.pk).update(
        starts_at=seance.starts_at - timedelta(days=20 - seance_in)
    )
    Convocation.objects.filter(pk=convocation.pk).update(
        sent_on=timezone.localdate() - timedelta(days=sent)
    )
    mail.outbox.clear()
    return convocation


def test_those_who_have_not_opened_it_are_reminded_once(world: World) -> None:
    convocation = _sent_days_ago(world, seance_in=2)
    opened = convocation.deliveries.get(recipient=world.memberships["maire"])
    record_opening(opened, by=None)

    first = queue_reminders(timezone.localdate())
    again = queue_reminders(timezone.localdate())

    assert (first, again) == (2, 0)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.personas.adjointe.email, world.personas.conseiller.email]
    )
    assert all(m.subject.startswith("Rappel : ") for m in mail.outbox)
    assert JournalEntry.objects.filter(action="delivery.reminded").count() == 2


def test_a_reminder_queued_twice_still_leaves_once(world: World) -> None:
    convocation = _sent_days_ago(world, seance_in=2)
    delivery = convocation.deliveries.get(recipient=world.memberships["conseiller"])

    assert send_reminder(delivery.pk) is True
    assert send_reminder(delivery.pk) is False
    assert len(mail.outbox) == 1


def test_nobody_is_reminded_too_early_nor_the_day_it_was_sent(world: World) -> None:
    _sent_days_ago(world, seance_in=5)
    send_convocation(
        ready_seance(world, days=2, kind="urgence"),
        by=world.personas.maire,
        urgence_reason="Budget.",
    )
    mail.outbox.clear()

    assert queue_reminders(timezone.localdate()) == 0
    assert Delivery.objects.filter(reminded_at__isnull=False).count() == 0


def test_the_command_reminds_and_can_run_again(world: World) -> None:
    _sent_days_ago(world, seance_in=1)
    out = io.StringIO()

    call_command("send_convocation_reminders", stdout=out)
    call_command("send_convocation_reminders", stdout=out)

    assert out.getvalue().splitlines() == [
        "3 rappel(s) de convocation à envoyer.",
        "0 rappel(s) de convocation à envoyer.",
    ]
    assert len(mail.outbox) == 3
