"""The calendar: séances and commission meetings as each person sees them,
and, for those who prepare the séances, the legal deadlines (CGCT L2121-12
convocation, L2121-25 list of délibérations, L2121-15 procès-verbal)."""

import html
import io
from datetime import date, datetime, time, timedelta
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents import storage
from minutes.models import ListeDeliberations
from publication.models import Publication
from quorum.testing import World
from seances.models import PARIS, Seance
from seances.services import create_seance
from seances.tests.access_rows import make_seance
from web.french import date_format


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def month_url(world: World, day: date) -> str:
    url = reverse("overview:calendar", kwargs={"collectivite": world.slug})
    return f"{url}?mois={day:%Y-%m}"


def list_url(world: World) -> str:
    return reverse("overview:agenda_list", kwargs={"collectivite": world.slug})


def seance_on(world: World, day: date, **extra: Any) -> Seance:
    return create_seance(
        collectivite=extra.pop("collectivite", world.commune),
        by=world.personas.secretaire,
        starts_at=datetime.combine(day, time(20), tzinfo=PARIS),
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
        **extra,
    )


def test_the_month_shows_the_seance_and_its_last_day_to_convene_l2121_11(
    client: Client, world: World
) -> None:
    seance = make_seance(world, days=20)
    day = seance.local_start.date()
    client.force_login(world.personas.secretaire)

    response = client.get(month_url(world, day))

    assert response.status_code == 200
    content = text(response)
    assert "Conseil municipal" in content
    # 1 240 inhabitants: 3 jours francs, sent at the latest 4 days before.
    latest = day - timedelta(days=4)
    deadline = f"Dernier jour pour convoquer le conseil du {date_format(day, 'j F')}"
    if latest.month == day.month:
        assert deadline in content
    assert "3 jours francs (CGCT L2121-11)" in text(client.get(list_url(world)))


def test_a_conseiller_sees_the_seances_and_not_the_deadlines(
    client: Client, world: World
) -> None:
    make_seance(world, days=20)
    client.force_login(world.personas.conseiller)

    content = text(client.get(list_url(world)))

    assert "Conseil municipal" in content
    assert "Dernier jour" not in content


def test_a_commission_meeting_is_in_its_members_calendar_only(
    client: Client, world: World
) -> None:
    day = timezone.localdate() + timedelta(days=9)
    seance_on(world, day, workspace=world.finances)

    client.force_login(world.personas.adjointe)
    assert "Réunion de la Commission des finances" in text(client.get(list_url(world)))
    client.force_login(world.personas.conseiller)
    assert "Commission des finances" not in text(client.get(list_url(world)))
    client.force_login(world.personas.agent)
    assert "Commission des finances" not in text(client.get(list_url(world)))


def test_the_list_and_the_proces_verbal_are_due_a_week_after_l2121_25_l2121_15(
    client: Client, world: World
) -> None:
    today = timezone.localdate()
    earlier = seance_on(world, today - timedelta(days=60))
    held = seance_on(world, today - timedelta(days=3))
    client.force_login(world.personas.maire)

    content = text(client.get(list_url(world)))

    held_day = date_format(held.local_start.date(), "j F Y")
    earlier_day = date_format(earlier.local_start.date(), "j F Y")
    assert (
        f"Dernier jour pour publier la liste des délibérations du conseil du {held_day}"
        in content
    )
    assert (
        f"Dernier jour pour publier le procès-verbal du conseil du {earlier_day}"
        in content
    )
    due = date_format(today + timedelta(days=4), "l j F Y").capitalize()
    assert due in content


def test_nothing_of_another_collectivite_is_in_the_calendar(
    client: Client, world: World
) -> None:
    seance_on(
        world,
        timezone.localdate() + timedelta(days=5),
        collectivite=world.other,
    )
    client.force_login(world.personas.secretaire)

    content = text(client.get(list_url(world)))

    assert "Conseil municipal" not in content
    assert "Rien de prévu" in content


def test_a_month_typed_wrong_shows_this_month(client: Client, world: World) -> None:
    client.force_login(world.personas.secretaire)
    url = reverse("overview:calendar", kwargs={"collectivite": world.slug})

    for value in ("2027", "abc", "2027-13", "0001-01"):
        response = client.get(f"{url}?mois={value}")
        assert response.status_code == 200
        assert response.context["shown"] == timezone.localdate().replace(day=1)


def test_the_calendar_costs_the_same_queries_with_more_seances(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    today = timezone.localdate()
    seance_on(world, today + timedelta(days=10))
    client.force_login(world.personas.secretaire)
    pages = [month_url(world, today), list_url(world)]
    for page in pages:
        client.get(page)

    counts = []
    for page in pages:
        with django_assert_max_num_queries(30) as few:
            client.get(page)
        counts.append(len(few))
    for days in (-20, -5, 2, 12, 15, 25):
        seance_on(world, today + timedelta(days=days))
    seance_on(world, today + timedelta(days=11), workspace=world.finances)

    for page, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            client.get(page)


def test_a_list_put_online_leaves_the_calendar(client: Client, world: World) -> None:
    """Once the list of a séance is published, its deadline is a duty done;
    the procès-verbal, not yet online, stays."""
    today = timezone.localdate()
    earlier = seance_on(world, today - timedelta(days=60))
    held = seance_on(world, today - timedelta(days=3))
    liste = ListeDeliberations.objects.create(collectivite=world.commune, seance=held)
    Publication.objects.create(
        collectivite=world.commune,
        liste=liste,
        pdf=storage.store(io.BytesIO(b"%PDF liste")),
        published_at=timezone.now(),
        published_by=world.personas.secretaire,
    )
    client.force_login(world.personas.maire)

    content = text(client.get(list_url(world)))

    assert "publier la liste des délibérations" not in content
    earlier_day = date_format(earlier.local_start.date(), "j F Y")
    assert (
        f"Dernier jour pour publier le procès-verbal du conseil du {earlier_day}"
        in content
    )
