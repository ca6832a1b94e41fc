"""A decision on a draft covers the version its page showed, never a newer
one saved meanwhile: the approval, the validation, the review request and
the request for changes carry that version, and a newer one is refused
with the new text to read first, as two saves of the draft at once are."""

import html
from typing import Any

from django.test import Client
from django.urls import reverse

from journal.models import JournalEntry
from quorum.testing import World
from seances.models import AgendaItem
from seances.tests.access_rows import make_draft_point
from seances.workflow import approve, request_review, save_draft

State = AgendaItem.State


def _url(name: str, world: World, item: AgendaItem) -> str:
    return reverse(name, kwargs={"collectivite": world.slug, "item_id": item.pk})


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _second_version(world: World, item: AgendaItem) -> None:
    save_draft(
        item, by=world.personas.secretaire, based_on=1, articles="Le tarif double."
    )


def test_the_rapporteur_who_read_version_1_cannot_approve_version_2(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    client.force_login(world.personas.adjointe)
    page = client.get(item.get_absolute_url())
    _second_version(world, item)

    response = client.post(_url("seances:review_approve", world, item), {"revision": 1})

    assert 'name="revision" value="1"' in page.content.decode()
    assert response.status_code == 409
    body = _text(response)
    assert "Le projet a changé depuis que vous l'avez lu" in body
    assert "Vous avez lu la version 1" in body
    assert "Lire la version 2 et décider" in body
    assert "Le tarif double." in body
    assert "?a=1&amp;b=2" in response.content.decode()
    item.refresh_from_db()
    assert item.rapporteur_approved_at is None
    assert not JournalEntry.objects.filter(action="review.approved").exists()


def test_the_approval_of_the_version_read_is_recorded_with_its_number(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    _second_version(world, item)
    client.force_login(world.personas.adjointe)

    response = client.post(_url("seances:review_approve", world, item), {"revision": 2})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.rapporteur_approved_at is not None
    assert JournalEntry.objects.get(action="review.approved").data["revision"] == 2
    history = _text(client.get(item.get_absolute_url()))
    assert "Sur la version 2 du projet." in history


def test_the_maire_who_read_version_1_cannot_validate_version_2(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    approve(item, by=world.personas.adjointe)
    client.force_login(world.personas.maire)
    page = client.get(item.get_absolute_url())
    _second_version(world, item)
    approve(item, by=world.personas.adjointe)

    refused = client.post(_url("seances:point_validate", world, item), {"revision": 1})
    item.refresh_from_db()
    state_after_refusal = item.state
    done = client.post(_url("seances:point_validate", world, item), {"revision": 2})

    assert "Valider le point" in page.content.decode()
    assert 'name="revision" value="1"' in page.content.decode()
    assert refused.status_code == 409
    assert "version 2" in _text(refused)
    assert state_after_refusal == State.RELECTURE
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.state == State.VALIDE
    assert JournalEntry.objects.get(action="review.validated").data["revision"] == 2


def test_the_review_is_asked_on_the_version_the_drafter_saw(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    _second_version(world, item)
    client.force_login(world.personas.agent)

    refused = client.post(_url("seances:review_request", world, item), {"revision": 1})

    assert refused.status_code == 409
    item.refresh_from_db()
    assert item.state == State.BROUILLON


def test_a_request_for_changes_on_an_old_version_keeps_its_words(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    _second_version(world, item)
    client.force_login(world.personas.adjointe)

    response = client.post(
        _url("seances:review_changes", world, item),
        {"revision": 1, "message": "Précisez le montant."},
    )

    assert response.status_code == 409
    body = _text(response)
    assert "Précisez le montant." in body
    assert 'name="revision" value="2"' in response.content.decode()
    item.refresh_from_db()
    assert item.state == State.RELECTURE


def test_a_decision_without_the_version_read_changes_nothing(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    client.force_login(world.personas.adjointe)

    response = client.post(_url("seances:review_approve", world, item), follow=True)

    assert "ne dit pas quelle version du projet vous avez lue" in _text(response)
    item.refresh_from_db()
    assert item.rapporteur_approved_at is None
