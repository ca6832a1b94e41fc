"""Withdrawing or postponing a point, closing a meeting or a séance: the
first click shows what will happen and changes nothing; only the
confirmation does it."""

import html

from django.test import Client
from django.urls import reverse

from journal.models import JournalEntry
from proceedings.models import Sitting
from proceedings.tests.access_rows import _held, _sitting, _without_quorum
from quorum.testing import World
from seances.models import AgendaItem, Seance
from seances.services import advance_seance
from seances.tests.access_rows import (
    make_convened_meeting,
    make_convened_point,
    make_draft_point,
)


def _outcome_url(world: World, item: AgendaItem) -> str:
    return reverse(
        "seances:point_outcome",
        kwargs={"collectivite": world.slug, "item_id": item.pk},
    )


def test_withdrawing_a_convened_point_says_everyone_will_be_told_then_does_it(
    client: Client, world: World
) -> None:
    item = make_convened_point(world)
    client.force_login(world.personas.secretaire)
    entries = JournalEntry.objects.count()

    asked = client.post(_outcome_url(world, item), {"outcome": "retire"})

    page = html.unescape(asked.content.decode())
    assert asked.status_code == 200
    assert f"Retirer le point « {item.title} » ?" in page
    assert "tous les membres convoqués seront prévenus" in page
    assert 'name="confirme" value="oui"' in page
    assert 'name="outcome" value="retire"' in page
    assert item.get_absolute_url() in page  # the way back
    item.refresh_from_db()
    assert item.outcome == ""
    assert JournalEntry.objects.count() == entries

    done = client.post(
        _outcome_url(world, item), {"outcome": "retire", "confirme": "oui"}
    )

    assert done.status_code == 302
    item.refresh_from_db()
    assert item.outcome == AgendaItem.Outcome.RETIRE


def test_postponing_a_point_in_preparation_says_nobody_is_told_yet(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    client.force_login(world.personas.secretaire)

    asked = client.post(_outcome_url(world, item), {"outcome": "reporte"})

    page = html.unescape(asked.content.decode())
    assert "Reporter le point" in page
    assert "personne n'est prévenu" in page
    assert "séance suivante" in page
    item.refresh_from_db()
    assert item.outcome == ""


def test_maintaining_a_point_again_is_not_asked_twice(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    client.force_login(world.personas.secretaire)
    client.post(_outcome_url(world, item), {"outcome": "retire", "confirme": "oui"})

    response = client.post(_outcome_url(world, item), {"outcome": ""})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.outcome == ""


def test_closing_a_commission_meeting_is_confirmed_first(
    client: Client, world: World
) -> None:
    seance = make_convened_meeting(world)
    advance_seance(seance, by=world.personas.secretaire, to=Seance.Status.EN_COURS)
    client.force_login(world.personas.secretaire)
    url = reverse(
        "seances:advance", kwargs={"collectivite": world.slug, "seance_id": seance.pk}
    )

    asked = client.post(url)
    seance.refresh_from_db()
    still_open = seance.status
    done = client.post(url, {"confirme": "oui"})

    assert "ne peut pas être rouverte" in html.unescape(asked.content.decode())
    assert still_open == Seance.Status.EN_COURS
    assert done.status_code == 302
    seance.refresh_from_db()
    assert seance.status == Seance.Status.CLOSE


def test_closing_a_council_seance_is_confirmed_first(
    client: Client, world: World
) -> None:
    kwargs = _held(world)
    client.force_login(world.personas.secretaire)
    url = reverse("proceedings:close", kwargs=kwargs)

    asked = client.post(url, {"at": ""})

    page = html.unescape(asked.content.decode())
    assert asked.status_code == 200
    assert "Clore la séance ?" in page
    assert "La séance sera close (maintenant)" in page
    assert "ne peut pas être rouverte" in page
    assert 'name="at" value=""' in page
    sitting = Sitting.objects.get(seance_id=kwargs["seance_id"])
    assert sitting.closed_at is None

    client.post(url, {"at": "", "confirme": "oui"})

    sitting.refresh_from_db()
    assert sitting.closed_at is not None


def test_closing_for_lack_of_quorum_says_a_new_seance_will_be_prepared(
    client: Client, world: World
) -> None:
    kwargs = _without_quorum(world)
    client.force_login(world.personas.secretaire)
    url = reverse("proceedings:quorum_failed", kwargs=kwargs)

    asked = client.post(url)

    page = html.unescape(asked.content.decode())
    assert "Une nouvelle séance sera préparée" in page
    assert "L2121-17" in page
    assert not Sitting.objects.get(seance_id=kwargs["seance_id"]).quorum_failed


def test_withdrawing_a_point_during_the_seance_is_confirmed_first(
    client: Client, world: World
) -> None:
    _, item = _sitting(world)
    client.force_login(world.personas.secretaire)
    url = reverse(
        "proceedings:outcome", kwargs={"collectivite": world.slug, "item_id": item.pk}
    )

    asked = client.post(url, {"outcome": "retire"})
    item.refresh_from_db()
    before = item.outcome
    client.post(url, {"outcome": "retire", "confirme": "oui"})

    assert "La séance est en cours" in html.unescape(asked.content.decode())
    assert before == ""
    item.refresh_from_db()
    assert item.outcome == AgendaItem.Outcome.RETIRE
