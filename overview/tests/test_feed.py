"""The calendar feed: a secret, revocable address read without login, that
holds only what its member's calendar shows."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from overview.models import CalendarFeed
from overview.services import renew_feed
from quorum.testing import World
from seances.models import PARIS, Seance
from seances.services import create_seance


def seance_on(world: World, day: date, **extra: Any) -> Seance:
    return create_seance(
        collectivite=extra.pop("collectivite", world.commune),
        by=world.personas.secretaire,
        starts_at=datetime.combine(day, time(20), tzinfo=PARIS),
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
        **extra,
    )


def read(client: Client, token: str) -> Calendar:
    response = client.get(reverse("overview:feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    return Calendar.from_ical(response.content)


def summaries(calendar: Calendar) -> list[str]:
    return [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]


def settings_url(world: World, name: str = "feed_settings") -> str:
    return reverse(f"overview:{name}", kwargs={"collectivite": world.slug})


def test_a_member_creates_their_address_and_an_agenda_reads_it_without_login(
    client: Client, world: World
) -> None:
    seance = seance_on(world, timezone.localdate() + timedelta(days=12))
    client.force_login(world.personas.conseiller)

    client.post(settings_url(world, "feed_renew"))
    page = client.get(settings_url(world))
    feed = CalendarFeed.objects.get(membership=world.memberships["conseiller"])
    assert feed.token in page.content.decode()

    calendar = read(Client(), feed.token)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Conseil municipal"
    assert event.start == seance.local_start
    assert str(event["DTSTART"].params["TZID"]) == "Europe/Paris"
    assert str(event["URL"]).endswith(seance.get_absolute_url())


def test_a_new_address_stops_the_old_one_and_deleting_stops_both(
    client: Client, world: World
) -> None:
    old = renew_feed(world.memberships["conseiller"]).token
    client.force_login(world.personas.conseiller)

    client.post(settings_url(world, "feed_renew"))
    new = CalendarFeed.objects.get().token
    anonymous = Client()
    assert new != old
    assert (
        anonymous.get(reverse("overview:feed", kwargs={"token": old})).status_code
        == 404
    )
    read(anonymous, new)

    client.post(settings_url(world, "feed_revoke"))
    assert (
        anonymous.get(reverse("overview:feed", kwargs={"token": new})).status_code
        == 404
    )
    assert not CalendarFeed.objects.exists()


def test_a_former_members_address_leads_nowhere(client: Client, world: World) -> None:
    token = renew_feed(world.memberships["former"]).token

    response = client.get(reverse("overview:feed", kwargs={"token": token}))

    assert response.status_code == 404


def test_the_feed_holds_only_what_its_member_may_see(
    client: Client, world: World
) -> None:
    today = timezone.localdate()
    seance_on(world, today + timedelta(days=12))
    seance_on(world, today + timedelta(days=8), workspace=world.finances)
    seance_on(world, today + timedelta(days=6), collectivite=world.other)
    conseiller = renew_feed(world.memberships["conseiller"]).token
    secretaire = renew_feed(world.memberships["secretaire"]).token
    outsider = renew_feed(world.memberships["outsider"]).token

    assert summaries(read(client, conseiller)) == ["Conseil municipal"]
    theirs = summaries(read(client, secretaire))
    assert "Réunion de la Commission des finances" in theirs
    assert any(title.startswith("Dernier jour pour convoquer") for title in theirs)
    # The outsider, secrétaire of the other commune, has its séance only.
    assert summaries(read(client, outsider)).count("Conseil municipal") == 1
    assert "Commission" not in " ".join(summaries(read(client, outsider)))
    assert world.commune.name not in read(client, outsider).to_ical().decode()


def test_a_deadline_is_a_whole_day_l2121_11(client: Client, world: World) -> None:
    day = timezone.localdate() + timedelta(days=12)
    seance_on(world, day)
    token = renew_feed(world.memberships["secretaire"]).token

    [deadline] = [
        event
        for event in read(client, token).walk("VEVENT")
        if str(event["SUMMARY"]).startswith("Dernier jour pour convoquer")
    ]

    assert deadline.start == day - timedelta(days=4)
    assert "CGCT L2121-11" in str(deadline["DESCRIPTION"])


def test_the_feed_costs_the_same_queries_with_more_seances(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    today = timezone.localdate()
    seance_on(world, today + timedelta(days=10))
    token = renew_feed(world.memberships["secretaire"]).token
    url = reverse("overview:feed", kwargs={"token": token})

    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for days in (-30, -3, 20, 40, 80):
        seance_on(world, today + timedelta(days=days))
    seance_on(world, today + timedelta(days=11), workspace=world.finances)

    with django_assert_max_num_queries(len(few)):
        assert len(summaries(read(client, token))) > 8
