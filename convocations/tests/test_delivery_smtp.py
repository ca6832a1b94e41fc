"""Delivery through a real SMTP server on loopback: each outcome recorded,
and a sending stopped in the middle never sends twice nor skips anyone."""

from collections import Counter
from datetime import timedelta
from typing import Any

from django.utils import timezone

from convocations.models import Delivery
from convocations.sending import MAX_ATTEMPTS, STALE_CLAIM, delivery_sent
from convocations.services import send_convocation
from convocations.tasks import send_convocation_emails
from convocations.tests.conftest import Mailbox
from journal.models import JournalEntry
from quorum.testing import World
from seances.models import Seance

Status = Delivery.Status


def _statuses(world: World) -> dict[str, str]:
    return {
        name: Delivery.objects.get(recipient=world.memberships[name]).status
        for name in ("maire", "adjointe", "conseiller")
    }


def _everyone(world: World) -> list[str]:
    return sorted(
        world.user(name).email  # type: ignore[union-attr]
        for name in ("maire", "adjointe", "conseiller")
    )


def test_the_server_accepts_or_refuses_each_address_and_both_are_recorded(
    smtp: Mailbox, world: World, seance: Seance
) -> None:
    refused = world.personas.conseiller.email
    smtp.refused.add(refused)

    send_convocation(seance, by=world.personas.secretaire)

    assert _statuses(world) == {
        "maire": Status.ACCEPTED,
        "adjointe": Status.ACCEPTED,
        "conseiller": Status.REFUSED,
    }
    delivery = Delivery.objects.get(email=refused)
    assert delivery.error.startswith("550 5.1.1")
    assert delivery.accepted_at is None
    assert refused not in smtp.recipients()
    assert len(smtp.messages) == 2
    journal = JournalEntry.objects.filter(target_type="convocations.delivery")
    assert sorted(journal.values_list("action", flat=True)) == [
        "delivery.accepted",
        "delivery.accepted",
        "delivery.refused",
    ]
    assert journal.get(action="delivery.refused").data["error"] == delivery.error


def test_the_message_carries_the_calendar_entry_and_no_document(
    smtp: Mailbox, world: World, seance: Seance
) -> None:
    send_convocation(seance, by=world.personas.secretaire)

    message = smtp.messages[0]
    parts = [part.get_content_type() for part in message.iter_attachments()]
    assert parts == ["text/calendar"]
    assert message["Message-ID"].startswith("<convocation.")
    assert "Tarifs de la cantine scolaire" in message.get_body().get_content()  # type: ignore[union-attr]


def test_a_dropped_connection_then_a_new_run_sends_each_email_exactly_once(
    smtp: Mailbox, world: World, seance: Seance
) -> None:
    smtp.drop_after = 1

    convocation = send_convocation(seance, by=world.personas.secretaire)

    assert len(smtp.messages) == 1
    assert Counter(_statuses(world).values()) == {
        Status.ACCEPTED: 1,
        Status.PENDING: 2,
    }

    smtp.drop_after = None
    send_convocation_emails.enqueue(str(convocation.pk))

    assert smtp.recipients() == _everyone(world)
    assert set(_statuses(world).values()) == {Status.ACCEPTED}
    assert JournalEntry.objects.filter(action="delivery.accepted").count() == 3


def test_a_crash_after_the_kth_email_then_a_new_run_sends_each_exactly_once(
    smtp: Mailbox, world: World, seance: Seance
) -> None:
    sent: list[Delivery] = []

    def crash_after_two(delivery: Delivery, **kwargs: Any) -> None:
        sent.append(delivery)
        if len(sent) == 2:
            raise RuntimeError("the worker dies here")

    delivery_sent.connect(crash_after_two)
    try:
        convocation = send_convocation(seance, by=world.personas.secretaire)
    finally:
        delivery_sent.disconnect(crash_after_two)

    assert len(smtp.messages) == 2
    assert Counter(_statuses(world).values()) == {
        Status.ACCEPTED: 2,
        Status.PENDING: 1,
    }

    send_convocation_emails.enqueue(str(convocation.pk))
    send_convocation_emails.enqueue(str(convocation.pk))

    assert smtp.recipients() == _everyone(world)


def test_a_delivery_claimed_by_another_worker_is_left_to_it_until_stale(
    smtp: Mailbox, world: World, seance: Seance
) -> None:
    smtp.drop_after = 0
    convocation = send_convocation(seance, by=world.personas.secretaire)
    smtp.drop_after = None
    mine = Delivery.objects.get(recipient=world.memberships["conseiller"])
    Delivery.objects.filter(pk=mine.pk).update(
        status=Status.SENDING, sent_at=timezone.now()
    )

    send_convocation_emails.enqueue(str(convocation.pk))

    assert mine.email not in smtp.recipients()
    assert len(smtp.messages) == 2

    Delivery.objects.filter(pk=mine.pk).update(
        sent_at=timezone.now() - STALE_CLAIM - timedelta(minutes=1)
    )
    send_convocation_emails.enqueue(str(convocation.pk))

    assert smtp.recipients() == _everyone(world)


def test_a_temporary_refusal_waits_for_the_next_run(
    smtp: Mailbox, world: World, seance: Seance
) -> None:
    later = world.personas.adjointe.email
    smtp.deferred.add(later)

    convocation = send_convocation(seance, by=world.personas.secretaire)

    delivery = Delivery.objects.get(email=later)
    assert delivery.status == Status.PENDING
    assert delivery.error.startswith("451 4.2.2")
    assert not JournalEntry.objects.filter(action="delivery.refused").exists()

    smtp.deferred.clear()
    send_convocation_emails.enqueue(str(convocation.pk))

    delivery.refresh_from_db()
    assert delivery.status == Status.ACCEPTED
    assert smtp.recipients() == _everyone(world)


def test_an_address_that_keeps_saying_later_is_given_up_as_refused(
    smtp: Mailbox, world: World, seance: Seance
) -> None:
    later = world.personas.adjointe.email
    smtp.deferred.add(later)

    convocation = send_convocation(seance, by=world.personas.secretaire)
    for _ in range(MAX_ATTEMPTS - 1):
        send_convocation_emails.enqueue(str(convocation.pk))

    delivery = Delivery.objects.get(email=later)
    assert delivery.status == Status.REFUSED
    assert delivery.attempts == MAX_ATTEMPTS
    assert f"Refusée temporairement {MAX_ATTEMPTS} fois" in delivery.error
