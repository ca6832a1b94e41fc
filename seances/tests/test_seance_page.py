"""The séance page warns of a Sunday or a public holiday, which are allowed
(RULES §1.4 rule 5), and says when the convocation must leave at the latest
(CGCT L2121-11, L2121-12)."""

from datetime import date, timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quorum.testing import World
from seances.models import Seance
from web.french import date_format


def _create_on(client: Client, world: World, day: date) -> Seance:
    client.force_login(world.personas.secretaire)
    response = client.post(
        reverse("seances:create", kwargs={"collectivite": world.slug}),
        {
            "day": day.isoformat(),
            "hour": "20:00",
            "place": "Mairie",
            "kind": "ordinaire",
        },
    )
    assert response.status_code == 302, "the date is accepted"
    return Seance.objects.get()


def test_a_seance_on_a_sunday_is_accepted_and_its_page_warns(
    client: Client, world: World
) -> None:
    today = timezone.localdate()
    sunday = today + timedelta(days=6 - today.weekday() + 28)

    seance = _create_on(client, world, sunday)

    page = client.get(seance.get_absolute_url()).content.decode()
    assert "La séance tombe un dimanche" in page


def test_a_seance_on_a_public_holiday_is_accepted_and_its_page_warns(
    client: Client, world: World
) -> None:
    new_year = date(timezone.localdate().year + 1, 1, 1)

    seance = _create_on(client, world, new_year)

    page = client.get(seance.get_absolute_url()).content.decode()
    assert "La séance tombe un jour férié (Jour de l&#x27;an)" in page


def test_the_seance_page_says_when_to_send_the_convocation_at_the_latest(
    client: Client, world: World
) -> None:
    day = timezone.localdate() + timedelta(days=30)

    seance = _create_on(client, world, day)

    page = client.get(seance.get_absolute_url()).content.decode()
    # 1 240 inhabitants: 3 jours francs, so 4 days before the séance.
    latest = date_format(day - timedelta(days=4), "l j F Y")
    assert f"Convocation à envoyer au plus tard le <strong>{latest}</strong>" in page
    assert "3 jours francs" in page
