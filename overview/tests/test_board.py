"""The board of the next séance's points: what each person sees on it, and
cards moved only as the review allows, with a reason when refused."""

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from journal.models import JournalEntry
from quorum.testing import World
from seances.models import AgendaItem, Seance
from seances.services import add_item
from seances.tests.access_rows import make_draft_point, make_seance, validate_point
from seances.workflow import approve, request_review, save_draft

State = AgendaItem.State
HTMX = {"HTTP_HX_REQUEST": "true"}


def board_url(world: World, seance: Seance | None = None) -> str:
    url = reverse("overview:board", kwargs={"collectivite": world.slug})
    return f"{url}?seance={seance.pk}" if seance is not None else url


def move_url(world: World, item: AgendaItem) -> str:
    return reverse(
        "overview:move", kwargs={"collectivite": world.slug, "item_id": item.pk}
    )


def as_(client: Client, world: World, persona: str) -> Client:
    user = world.user(persona)
    assert user is not None
    client.force_login(user)
    return client


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def columns(response: Any) -> dict[str, list[str]]:
    return {
        column.state: [card.item.title for card in column.cards]
        for column in response.context["columns"]
    }


def test_the_secretaire_sees_each_point_in_the_column_of_its_step(
    client: Client, world: World
) -> None:
    seance = make_seance(world)
    draft = make_draft_point(world, seance)
    reviewed = make_draft_point(world, seance)
    AgendaItem.objects.filter(pk=reviewed.pk).update(title="En relecture")
    request_review(reviewed, by=world.personas.secretaire)
    validated = make_draft_point(world, seance)
    AgendaItem.objects.filter(pk=validated.pk).update(title="Validé")
    validate_point(world, validated)

    response = as_(client, world, "secretaire").get(board_url(world))

    assert response.status_code == 200
    assert columns(response) == {
        "brouillon": [draft.title],
        "relecture": ["En relecture"],
        "valide": ["Validé"],
        "inscrit": [],
    }
    content = text(response)
    assert "Passer en relecture" in content
    adjointe = world.personas.adjointe.full_name
    assert f"Relecture : {adjointe}" in content


def test_each_card_says_who_holds_the_point(client: Client, world: World) -> None:
    item = make_draft_point(world)
    agent = world.personas.agent.full_name

    response = as_(client, world, "secretaire").get(board_url(world))
    assert f"Rédaction : {agent}" in text(response)

    request_review(item, by=world.personas.secretaire)
    approve(item, by=world.personas.adjointe)
    response = client.get(board_url(world))
    assert "Validation : le maire" in text(response)


def test_a_conseiller_sees_no_draft_on_the_board(client: Client, world: World) -> None:
    make_draft_point(world)

    response = as_(client, world, "conseiller").get(board_url(world))

    assert response.status_code == 200
    assert all(not titles for titles in columns(response).values())
    assert "Décision modificative" not in text(response)


def test_another_collectivites_seance_is_not_on_the_board(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)

    response = as_(client, world, "outsider").get(
        reverse("overview:board", kwargs={"collectivite": world.other.slug})
        + f"?seance={item.seance_id}"
    )

    assert response.status_code == 404


def test_the_secretaire_asks_for_the_review_with_the_button(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)

    response = as_(client, world, "secretaire").post(
        move_url(world, item), {"revision": 1, "to": "relecture"}, **HTMX
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.state == State.RELECTURE
    assert JournalEntry.objects.filter(
        action="review.requested", target_id=str(item.pk)
    ).exists()
    content = text(response)
    assert "La relecture est demandée au rapporteur." in content
    assert f'data-focus="carte-{item.pk}"' in content
    assert columns(response)["relecture"] == [item.title]


def test_without_javascript_a_move_comes_back_to_the_board(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)

    response = as_(client, world, "secretaire").post(
        move_url(world, item), {"revision": 1, "to": "relecture"}, follow=True
    )

    assert response.redirect_chain[0][0].endswith(f"#carte-{item.pk}")
    assert "La relecture est demandée au rapporteur." in text(response)


@pytest.mark.parametrize(
    ("persona", "to", "reason"),
    [
        ("maire", "relecture", "La relecture est demandée par le secrétariat"),
        ("secretaire", "valide", "Un brouillon passe d'abord en relecture"),
        ("secretaire", "inscrit", "Un point est inscrit quand la séance est convoquée"),
        ("secretaire", "brouillon", "Le point est déjà à cette étape."),
    ],
)
def test_a_move_the_rules_refuse_changes_nothing_and_says_why(
    client: Client, world: World, persona: str, to: str, reason: str
) -> None:
    item = make_draft_point(world)
    entries = JournalEntry.objects.count()

    response = as_(client, world, persona).post(
        move_url(world, item), {"revision": 1, "to": to}, **HTMX
    )

    assert response.status_code == 422
    assert reason in text(response)
    item.refresh_from_db()
    assert item.state == State.BROUILLON
    assert JournalEntry.objects.count() == entries


def test_the_maire_cannot_validate_before_the_rapporteur_approves(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)

    response = as_(client, world, "maire").post(
        move_url(world, item), {"revision": 1, "to": "valide"}, **HTMX
    )

    assert response.status_code == 422
    assert "Le rapporteur n'a pas encore approuvé ce projet" in (text(response))

    approve(item, by=world.personas.adjointe)
    response = client.post(
        move_url(world, item), {"revision": 1, "to": "valide"}, **HTMX
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.state == State.VALIDE


def test_the_rapporteur_sends_a_draft_back_only_saying_what_to_change(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    as_(client, world, "adjointe")

    refused = client.post(
        move_url(world, item), {"revision": 1, "to": "brouillon"}, **HTMX
    )
    assert refused.status_code == 422
    assert "Dites ce qu'il faut changer." in text(refused)

    sent_back = client.post(
        move_url(world, item),
        {"revision": 1, "to": "brouillon", "message": "Ajoutez le visa du budget."},
        **HTMX,
    )
    assert sent_back.status_code == 200
    item.refresh_from_db()
    assert item.state == State.BROUILLON
    assert JournalEntry.objects.get(action="review.changes_asked").data["note"] == (
        "Ajoutez le visa du budget."
    )


def test_the_rapporteur_approves_from_the_card(client: Client, world: World) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)

    page = as_(client, world, "adjointe").get(board_url(world))
    assert "Approuver le projet" in text(page)
    response = client.post(
        move_url(world, item), {"revision": 1, "to": "approuve"}, **HTMX
    )

    assert response.status_code == 200
    item.refresh_from_db()
    assert item.rapporteur_approved_at is not None
    assert item.state == State.RELECTURE


def test_a_point_other_than_a_deliberation_has_no_step(
    client: Client, world: World
) -> None:
    seance = make_seance(world)
    info = add_item(
        seance, by=world.personas.secretaire, title="Rentrée", kind="information"
    )

    response = as_(client, world, "secretaire").post(
        move_url(world, info), {"revision": 1, "to": "inscrit"}, **HTMX
    )

    assert response.status_code == 422
    assert "Un point est inscrit quand la séance est convoquée" in (text(response))


def test_an_unknown_step_is_refused(client: Client, world: World) -> None:
    item = make_draft_point(world)

    response = as_(client, world, "secretaire").post(
        move_url(world, item), {"revision": 1, "to": "publie"}, **HTMX
    )

    assert response.status_code == 422
    assert "Cette étape n'existe pas" in text(response)


def test_the_board_costs_the_same_queries_with_more_points(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    seance = make_seance(world)
    make_draft_point(world, seance)
    as_(client, world, "secretaire")
    client.get(board_url(world))  # warm the caches of the session

    with django_assert_max_num_queries(30) as few:
        client.get(board_url(world))
    for _ in range(6):
        item = make_draft_point(world, seance)
        request_review(item, by=world.personas.secretaire)
    make_seance(world, days=30)

    with django_assert_max_num_queries(len(few)):
        response = client.get(board_url(world))
    assert len(columns(response)["relecture"]) == 6


def test_a_request_for_changes_with_invisible_characters_is_refused(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    as_(client, world, "adjointe")

    response = client.post(
        move_url(world, item),
        {
            "revision": 1,
            "to": "brouillon",
            "message": "Ajoutez le visa\u202e du budget.",
        },
        **HTMX,
    )

    assert response.status_code == 422
    assert "caractères invisibles" in text(response)
    item.refresh_from_db()
    assert item.state == State.RELECTURE


def test_a_card_approved_after_a_newer_version_was_saved_is_refused(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    page = as_(client, world, "adjointe").get(board_url(world))
    save_draft(item, by=world.personas.secretaire, based_on=1, articles="Autre.")

    response = client.post(
        move_url(world, item), {"revision": 1, "to": "approuve"}, **HTMX
    )

    assert 'data-revision="1"' in page.content.decode()
    assert response.status_code == 422
    assert "la version 2 a été enregistrée" in text(response)
    item.refresh_from_db()
    assert item.rapporteur_approved_at is None
