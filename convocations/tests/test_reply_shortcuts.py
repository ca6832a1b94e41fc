"""The shortest answers to a convocation: naming the colleague gives the
procuration (CGCT L2121-20), and the dossier's button confirms receipt."""

import pytest
from django.test import Client
from django.urls import reverse

from convocations.models import Delivery, Procuration, Reply
from convocations.services import send_convocation
from convocations.tests.conftest import ready_seance
from journal.models import JournalEntry
from quorum.testing import World

pytestmark = pytest.mark.django_db


def test_l2121_20_naming_a_colleague_is_enough_to_give_a_procuration(
    client: Client, world: World
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    client.force_login(world.personas.conseiller)

    response = client.post(
        reverse(
            "convocations:reply",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        ),
        {"mandataire": world.memberships["adjointe"].pk},
    )

    assert response.status_code == 302
    reply = Reply.objects.get(delivery__recipient=world.memberships["conseiller"])
    assert reply.answer == Reply.Answer.PROCURATION
    assert Procuration.objects.get().mandataire == world.memberships["adjointe"]


def test_an_empty_answer_is_still_refused_in_french(
    client: Client, world: World
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    client.force_login(world.personas.conseiller)

    response = client.post(
        reverse(
            "convocations:reply",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        ),
        {},
        follow=True,
    )

    assert "Ce champ est obligatoire" in response.content.decode()
    assert not Reply.objects.exists()


def test_confirming_receipt_from_the_dossier_comes_back_to_it(
    client: Client, world: World
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    client.force_login(world.personas.conseiller)
    dossier = reverse(
        "convocations:my_dossier",
        kwargs={"collectivite": world.slug, "seance_id": seance.pk},
    )
    assert "J'ai bien reçu ma convocation" in client.get(dossier).content.decode()

    response = client.post(
        reverse(
            "convocations:acknowledge",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        ),
        {"retour": "dossier"},
    )

    assert response.status_code == 302
    assert response.url == dossier  # type: ignore[attr-defined]
    delivery = Delivery.objects.get(recipient=world.memberships["conseiller"])
    assert delivery.acknowledged_at is not None
    assert JournalEntry.objects.filter(action="delivery.acknowledged").count() == 1
    assert "J'ai bien reçu ma convocation" not in client.get(dossier).content.decode()
