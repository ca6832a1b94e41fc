"""Each délibération has its rapporteur (PRODUCT: "each point has a
rapporteur"): the élu who reviews its draft before the maire validates it.
The point form asks for one, and a point left without says what is missing
and how to fix it, on its page and when the convocation is refused."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quorum.testing import World
from seances.models import AgendaItem
from seances.services import add_item, mark_convened
from seances.tests.access_rows import make_seance


def _create_url(world: World, seance_id: object) -> str:
    return reverse(
        "seances:point_create",
        kwargs={"collectivite": world.slug, "seance_id": seance_id},
    )


def test_a_deliberation_is_not_added_without_its_rapporteur(
    client: Client, world: World
) -> None:
    seance = make_seance(world)
    client.force_login(world.personas.secretaire)

    response = client.post(
        _create_url(world, seance.pk),
        {"title": "Tarifs de la cantine", "kind": "deliberation"},
    )

    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Choisissez le rapporteur" in body
    assert 'value="Tarifs de la cantine"' in body
    assert not seance.items.exists()


def test_a_point_of_information_needs_no_rapporteur(
    client: Client, world: World
) -> None:
    seance = make_seance(world)
    client.force_login(world.personas.secretaire)

    response = client.post(
        _create_url(world, seance.pk),
        {"title": "Point sur les travaux", "kind": AgendaItem.Kind.INFORMATION},
    )

    assert response.status_code == 302
    assert seance.items.get().rapporteur is None


def test_a_deliberation_without_rapporteur_says_what_is_missing(
    client: Client, world: World
) -> None:
    seance = make_seance(world)
    item = add_item(
        seance,
        by=world.personas.secretaire,
        title="Tarifs de la cantine",
        kind=AgendaItem.Kind.DELIBERATION,
    )
    client.force_login(world.personas.secretaire)

    page = html.unescape(client.get(item.get_absolute_url()).content.decode())
    with pytest.raises(ValidationError) as refused:
        mark_convened(seance, by=world.personas.maire, sent_on=timezone.localdate())

    assert "Ce point n'a pas de rapporteur" in page
    assert "avec « Modifier le point »" in page
    assert "Tarifs de la cantine (sans rapporteur" in " ".join(refused.value.messages)


def test_the_add_form_proposes_the_maire_as_rapporteur(
    client: Client, world: World
) -> None:
    seance = make_seance(world)
    client.force_login(world.personas.secretaire)

    page = client.get(_create_url(world, seance.pk)).content.decode()

    maire = world.memberships["maire"]
    assert f'<option value="{maire.pk}" selected>' in page
