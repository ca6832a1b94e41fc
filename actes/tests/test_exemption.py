"""The délibérations that L2131-2 I 1° leaves out of the contrôle de
légalité: declared so by the secrétaire, with the exception they fall
under, and no longer counted among the acts to send to the préfecture."""

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actes.models import Deliberation, Transmission
from actes.tests.access_rows import make_deliberation
from actes.transmission import pending_transmissions
from journal.models import JournalEntry
from quorum.testing import World

pytestmark = pytest.mark.django_db


def _url(name: str, world: World, deliberation: Deliberation) -> str:
    return reverse(
        name, kwargs={"collectivite": world.slug, "deliberation_id": deliberation.pk}
    )


def _secretaire(world: World) -> Client:
    client = Client()
    client.force_login(world.personas.secretaire)
    return client


def test_parking_tariffs_are_declared_not_transmitted_l2131_2(world: World) -> None:
    deliberation = make_deliberation(world)
    client = _secretaire(world)
    dashboard = client.get(
        reverse("web:dashboard", kwargs={"collectivite": world.slug})
    )
    assert "À transmettre à la préfecture" in html.unescape(dashboard.content.decode())

    confirm = client.get(_url("actes:exemption", world, deliberation))
    assert "L2131-2 I 1°" in html.unescape(confirm.content.decode())
    deliberation.refresh_from_db()
    assert not deliberation.transmission_exempted  # a GET changes nothing

    response = client.post(
        _url("actes:exemption", world, deliberation),
        {"exception": "voirie_tarifs", "details": "Stationnement du marché"},
    )
    assert response.status_code == 302
    deliberation.refresh_from_db()
    assert deliberation.transmission_exempted
    assert deliberation.transmission_exempted_by == world.personas.secretaire
    assert deliberation.transmission_exemption_reason.startswith(
        "Tarifs des droits de voirie et de stationnement"
    )
    entry = JournalEntry.objects.get(action="actes.transmission_exempted")
    assert entry.data["exception"] == "voirie_tarifs"
    assert not pending_transmissions(world.commune).exists()

    page = html.unescape(
        client.get(_url("actes:detail", world, deliberation)).content.decode()
    )
    assert "Non transmissible" in page
    assert "Stationnement du marché" in page
    assert _url("actes:transmission", world, deliberation) not in page
    dashboard = client.get(
        reverse("web:dashboard", kwargs={"collectivite": world.slug})
    )
    assert "À transmettre à la préfecture" not in html.unescape(
        dashboard.content.decode()
    )
    # Nothing more to send nor to declare.
    assert (
        client.get(_url("actes:transmission", world, deliberation)).status_code == 404
    )
    assert client.get(_url("actes:exemption", world, deliberation)).status_code == 404


def test_an_exemption_without_its_exception_is_refused_in_french(world: World) -> None:
    deliberation = make_deliberation(world)
    response = _secretaire(world).post(
        _url("actes:exemption", world, deliberation), {"details": "parce que"}
    )
    assert response.status_code == 400
    assert "Choisissez l'exception" in html.unescape(response.content.decode())
    deliberation.refresh_from_db()
    assert not deliberation.transmission_exempted
    assert not JournalEntry.objects.filter(
        action="actes.transmission_exempted"
    ).exists()


def test_an_act_already_sent_cannot_be_declared_not_transmitted(world: World) -> None:
    deliberation = make_deliberation(world)
    Transmission.objects.create(
        collectivite=world.commune,
        deliberation=deliberation,
        sent_on=timezone.localdate(),
    )
    client = _secretaire(world)
    assert client.get(_url("actes:exemption", world, deliberation)).status_code == 404
    page = client.get(_url("actes:detail", world, deliberation)).content.decode()
    assert _url("actes:exemption", world, deliberation) not in page
    assert not pending_transmissions(world.commune).exists()


def test_a_conseiller_is_not_offered_the_exemption(world: World) -> None:
    deliberation = make_deliberation(world)
    client = Client()
    client.force_login(world.personas.conseiller)
    page = client.get(_url("actes:detail", world, deliberation)).content.decode()
    assert _url("actes:exemption", world, deliberation) not in page
    dashboard = client.get(
        reverse("web:dashboard", kwargs={"collectivite": world.slug})
    )
    assert "À transmettre à la préfecture" not in html.unescape(
        dashboard.content.decode()
    )
