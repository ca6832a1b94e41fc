"""A meeting of a commission is held in a commission: a project group or
a plain document space holds none, and the secrétaire is told why."""

import html
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quorum.testing import World
from seances.models import PARIS, Seance
from seances.services import change_seance, create_seance
from seances.tests.access_rows import _new_seance, make_seance


def _starts_at() -> datetime:
    day = timezone.localdate() + timedelta(days=30)
    return datetime.combine(day, time(18, 0), tzinfo=PARIS)


def test_a_meeting_cannot_be_created_in_a_project_space(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        create_seance(
            collectivite=world.commune,
            by=world.personas.secretaire,
            starts_at=_starts_at(),
            place="Mairie",
            kind=Seance.Kind.ORDINAIRE,
            workspace=world.personas.ecole,
        )

    message = " ".join(refused.value.message_dict["workspace"])
    assert "« Projet école » est un espace de projet, pas une commission" in message
    assert not Seance.objects.filter(workspace=world.personas.ecole).exists()


def test_a_seance_cannot_be_moved_into_a_project_space(world: World) -> None:
    seance = make_seance(world)

    with pytest.raises(ValidationError, match="pas une commission"):
        change_seance(
            seance,
            by=world.personas.secretaire,
            starts_at=seance.starts_at,
            place=seance.place,
            kind=seance.kind,
            workspace=world.personas.ecole,
        )

    seance.refresh_from_db()
    assert seance.workspace is None


def test_the_form_refuses_a_project_space_in_plain_french_and_keeps_the_input(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.secretaire)
    data = {**_new_seance(world), "workspace": str(world.personas.ecole.pk)}

    response = client.post(
        reverse("seances:create", kwargs={"collectivite": world.slug}), data
    )

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "n'est pas une commission de la commune" in page
    assert 'value="Mairie"' in page
    assert not Seance.objects.filter(workspace=world.personas.ecole).exists()


def test_a_meeting_of_a_commission_is_created(client: Client, world: World) -> None:
    client.force_login(world.personas.secretaire)
    data = {**_new_seance(world), "workspace": str(world.personas.finances.pk)}

    response = client.post(
        reverse("seances:create", kwargs={"collectivite": world.slug}), data
    )

    assert response.status_code == 302
    seance = Seance.objects.get(workspace=world.personas.finances)
    assert seance.title == f"Réunion de la {world.personas.finances}"
