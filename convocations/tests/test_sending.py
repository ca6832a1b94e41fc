"""Sending the convocation from the séance page: today's date, the legal
delay, the urgence, and one e-mail per member with their personal link."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from convocations.models import Convocation, Delivery
from convocations.services import send_convocation
from convocations.tests.conftest import ready_seance
from journal.models import JournalEntry
from quorum.testing import MembershipFactory, World, join
from seances.models import Seance


def _send_url(seance: Seance) -> str:
    return reverse(
        "convocations:send",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )


def test_sending_convenes_today_and_mails_each_elu_in_office_once(
    client: Client, world: World, seance: Seance
) -> None:
    client.force_login(world.personas.secretaire)

    response = client.post(_send_url(seance))

    assert response.status_code == 302
    seance.refresh_from_db()
    assert seance.status == Seance.Status.CONVOQUEE
    assert seance.convened_on == timezone.localdate()
    convocation = Convocation.objects.get(seance=seance)
    assert convocation.sent_on == timezone.localdate()
    assert convocation.sent_by == world.personas.secretaire
    # The élus in office; not the agents, not the councillor who resigned.
    expected = {
        world.personas.maire,
        world.personas.adjointe,
        world.personas.conseiller,
    }
    assert {d.recipient.user for d in convocation.deliveries.all()} == expected
    assert set(convocation.deliveries.values_list("status", flat=True)) == {
        Delivery.Status.ACCEPTED
    }
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        user.email for user in expected
    )
    actions = list(JournalEntry.objects.values_list("action", flat=True))
    assert actions.count("convocation.sent") == 1
    assert actions.count("delivery.accepted") == 3


def test_a_typed_sending_date_is_ignored(
    client: Client, world: World, seance: Seance
) -> None:
    client.force_login(world.personas.maire)
    backdated = timezone.localdate() - timedelta(days=10)

    client.post(_send_url(seance), {"sent_on": backdated.isoformat()})

    seance.refresh_from_db()
    assert seance.convened_on == timezone.localdate()


def test_the_email_says_what_it_is_what_is_expected_and_carries_no_document(
    client: Client, world: World, seance: Seance
) -> None:
    client.force_login(world.personas.secretaire)

    client.post(_send_url(seance))

    delivery = Delivery.objects.get(recipient=world.memberships["conseiller"])
    message = next(m for m in mail.outbox if m.to == [delivery.email])
    assert message.subject.startswith("Convocation : Conseil municipal du ")
    assert "accuser réception" in message.subject
    assert "20 h 00" in message.body
    assert "Salle du conseil" in message.body
    assert "1. Tarifs de la cantine scolaire" in message.body
    assert f"/convocation/{delivery.token}/" in message.body
    assert "J'ai bien reçu ma convocation" in message.body
    # The calendar entry, and nothing else.
    assert [attachment.mimetype for attachment in message.attachments] == [
        "text/calendar"
    ]
    assert "TZID=Europe/Paris" in message.attachments[0].content


def test_each_member_gets_a_link_of_their_own(
    client: Client, world: World, seance: Seance
) -> None:
    client.force_login(world.personas.secretaire)

    client.post(_send_url(seance))

    tokens = list(Delivery.objects.values_list("token", flat=True))
    assert len(set(tokens)) == len(tokens) == 3
    assert all(len(token) >= 40 for token in tokens)


def test_a_late_ordinary_seance_is_refused_then_sent_with_an_urgence_reason(
    client: Client, world: World
) -> None:
    # A commune under 3 500: 3 jours francs, and the séance is in 3 days.
    seance = ready_seance(world, days=3)
    client.force_login(world.personas.maire)

    refused = client.post(_send_url(seance))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Trop tard" in page
    assert "Le délai ordinaire est dépassé" in page
    seance.refresh_from_db()
    assert seance.status == Seance.Status.PREPARATION
    assert not mail.outbox

    sent = client.post(
        _send_url(seance), {"urgence_reason": "Subvention à voter avant le 15."}
    )

    assert sent.status_code == 302
    seance.refresh_from_db()
    assert seance.status == Seance.Status.CONVOQUEE
    assert seance.urgence_reason == "Subvention à voter avant le 15."
    assert Convocation.objects.get(seance=seance).urgence_reason
    assert "en urgence" in mail.outbox[0].body


def test_an_urgence_never_goes_below_one_jour_franc(world: World) -> None:
    seance = ready_seance(world, days=1)

    with pytest.raises(ValidationError, match="même en urgence"):
        send_convocation(seance, by=world.personas.maire, urgence_reason="Vite.")

    assert not Convocation.objects.exists()


def test_a_reason_typed_for_a_seance_in_time_is_not_an_urgence(
    world: World, seance: Seance
) -> None:
    send_convocation(seance, by=world.personas.maire, urgence_reason="Par prudence")

    seance.refresh_from_db()
    assert seance.urgence_reason == ""


def test_a_member_without_a_usable_address_is_recorded_and_shown(
    client: Client, world: World, seance: Seance
) -> None:
    User.objects.filter(pk=world.personas.conseiller.pk).update(email="pas-une-adresse")
    client.force_login(world.personas.secretaire)

    client.post(_send_url(seance))

    delivery = Delivery.objects.get(recipient=world.memberships["conseiller"])
    assert delivery.status == Delivery.Status.INVALID_ADDRESS
    assert delivery.sent_at is None
    assert len(mail.outbox) == 2
    refused = JournalEntry.objects.get(action="delivery.refused")
    assert refused.target_id == str(delivery.pk)
    page = client.get(seance.get_absolute_url()).content.decode()
    assert "1 convocation non remise par e-mail" in page
    assert "pas-une-adresse" in page


def test_a_commission_meeting_goes_to_its_members_in_office_only(
    world: World,
) -> None:
    seance = ready_seance(world)
    seance.workspace = world.finances
    seance.save(update_fields=["workspace"])
    join(world.finances, world.memberships["conseiller"])

    convocation = send_convocation(seance, by=world.personas.maire)

    assert {d.recipient.user for d in convocation.deliveries.all()} == {
        world.personas.adjointe,
        world.personas.secretaire,
        world.personas.conseiller,
    }


def test_a_seance_is_sent_once(world: World, seance: Seance) -> None:
    send_convocation(seance, by=world.personas.maire)

    with pytest.raises(ValidationError, match="déjà convoquée"):
        send_convocation(seance, by=world.personas.secretaire)
    assert Delivery.objects.count() == 3
    assert len(mail.outbox) == 3


def test_the_seance_page_offers_the_sending_then_follows_it(
    client: Client, world: World, seance: Seance
) -> None:
    client.force_login(world.personas.secretaire)
    before = client.get(seance.get_absolute_url()).content.decode()
    assert _send_url(seance) in before

    client.post(_send_url(seance))

    after = client.get(seance.get_absolute_url()).content.decode()
    assert _send_url(seance) not in after
    assert "3 acceptées par le serveur" in after
    assert "Preuve de convocation" in after


def test_the_followed_seance_page_query_count_does_not_grow_with_the_council(
    client: Client,
    world: World,
    seance: Seance,
    django_assert_max_num_queries: object,
) -> None:
    send_convocation(seance, by=world.personas.maire)
    client.force_login(world.personas.secretaire)
    url = seance.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(40) as few:  # type: ignore[operator]
        client.get(url)
    # Counted now: the next request empties the connection's query log.
    limit = len(few.captured_queries)
    other = ready_seance(world, days=25)
    for _ in range(6):
        MembershipFactory.create(collectivite=world.commune, role="conseiller")
    send_convocation(other, by=world.personas.maire)
    client.get(other.get_absolute_url())

    with django_assert_max_num_queries(limit):  # type: ignore[operator]
        response = client.get(other.get_absolute_url())

    assert response.status_code == 200
