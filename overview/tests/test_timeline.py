"""The history of a point on its page, from the journal: only for those who
see the point, and the rapporteur's words only for those who prepared it."""

import html
from typing import Any

from django.test import Client
from django.utils import timezone

from minutes.tests.helpers import PUBLIC_POINT, closed_seance, sign_deliberation
from publication.services import publish
from quorum.testing import World
from seances.models import AgendaItem
from seances.services import mark_convened
from seances.tests.access_rows import make_draft_point, validate_point
from seances.workflow import approve, ask_changes, request_review, save_draft


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def steps(response: Any) -> list[str]:
    return [step.label for step in response.context["steps"]]


def test_the_point_page_tells_what_happened_to_the_point_in_order(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    ask_changes(item, by=world.personas.adjointe, message="Ajoutez un visa.")
    validate_point(world, item)
    mark_convened(item.seance, by=world.personas.maire, sent_on=timezone.localdate())
    client.force_login(world.personas.secretaire)

    response = client.get(item.get_absolute_url())

    assert steps(response) == [
        "Point ajouté à l'ordre du jour",
        "Projet rédigé (version 1)",
        "Relecture demandée au rapporteur",
        "Modifications demandées par le rapporteur",
        "Relecture demandée au rapporteur",
        "Projet approuvé par le rapporteur",
        "Point validé",
        "Inscrit à l'ordre du jour de la séance convoquée",
    ]
    content = text(response)
    assert "Historique du point" in content
    assert "Ajoutez un visa." in content
    assert world.personas.adjointe.full_name in content


def test_the_rapporteurs_words_stay_with_those_who_prepared_the_point(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    ask_changes(item, by=world.personas.adjointe, message="CANARI-RELECTURE")
    validate_point(world, item)
    mark_convened(item.seance, by=world.personas.maire, sent_on=timezone.localdate())
    client.force_login(world.personas.conseiller)

    response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert "Modifications demandées par le rapporteur" in steps(response)
    assert "CANARI-RELECTURE" not in text(response)


def test_the_history_holds_nothing_of_another_point(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    other = make_draft_point(world, item.seance)
    request_review(other, by=world.personas.secretaire)
    approve(other, by=world.personas.adjointe)
    client.force_login(world.personas.secretaire)

    response = client.get(item.get_absolute_url())

    assert "Relecture demandée au rapporteur" not in steps(response)


def test_the_history_costs_the_same_queries_however_long(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    item = make_draft_point(world)

    def new_version(number: int) -> AgendaItem:
        item_now = AgendaItem.objects.get(pk=item.pk)
        save_draft(
            item_now,
            by=world.personas.secretaire,
            based_on=item_now.draft_revision,
            articles=f"Version {number}.",
        )
        return item_now

    # A second version first: the page then links to the comparison.
    new_version(2)
    client.force_login(world.personas.secretaire)
    client.get(item.get_absolute_url())

    with django_assert_max_num_queries(60) as few:
        client.get(item.get_absolute_url())
    for number in range(3, 9):
        new_version(number)

    with django_assert_max_num_queries(len(few)):
        response = client.get(item.get_absolute_url())
    assert len(steps(response)) == 9


def test_the_history_goes_on_with_the_vote_the_signatures_and_the_publication(
    client: Client, db: None
) -> None:
    held = closed_seance(with_huis_clos=False)
    item = AgendaItem.objects.get(seance=held.council.seance, title=PUBLIC_POINT)
    publish(sign_deliberation(held, item.deliberation), by=held.council.secretaire)
    client.force_login(held.council.secretaire)

    page = client.get(item.get_absolute_url()).content.decode()

    steps = [
        "Vote du conseil",
        "Adopté",
        "Délibération signée",
        "Délibération signée",
        "Délibération publiée",
    ]
    found = [page.index(step) for step in steps]
    assert found == sorted(found), "the steps come in the order they happened"
