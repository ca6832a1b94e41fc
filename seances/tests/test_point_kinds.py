"""Only a délibération is drafted, reviewed and validated; the other points
of the agenda are ready from their creation."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quorum.testing import World
from seances.models import AgendaItem, Seance
from seances.services import add_item, change_item, mark_convened
from seances.tests.access_rows import make_draft_point, make_seance, validate_point
from seances.workflow import request_review

Kind = AgendaItem.Kind
State = AgendaItem.State
WITHOUT_DRAFT = [Kind.INFORMATION, Kind.COMMUNICATION, Kind.DECISIONS, Kind.QUESTIONS]


@pytest.mark.parametrize("kind", WITHOUT_DRAFT)
def test_a_point_other_than_a_deliberation_is_ready_from_its_creation(
    client: Client, world: World, kind: str
) -> None:
    seance = make_seance(world)
    client.force_login(world.personas.secretaire)

    response = client.post(
        reverse(
            "seances:point_create",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        ),
        {"title": "Point sans projet", "kind": kind},
    )

    assert response.status_code == 302
    item = seance.items.get()
    assert item.state == State.VALIDE
    page = client.get(item.get_absolute_url()).content.decode()
    assert ">Prêt</span>" in page
    assert "Demander la relecture" not in page


def test_a_seance_with_an_information_point_and_validated_deliberations_can_be_convened(
    world: World,
) -> None:
    seance = make_seance(world)
    deliberation = validate_point(world, make_draft_point(world, seance))
    information = add_item(
        seance,
        by=world.personas.secretaire,
        title="Point sur les travaux de l'école",
        kind=Kind.INFORMATION,
    )
    questions = add_item(
        seance,
        by=world.personas.secretaire,
        title="Questions orales",
        kind=Kind.QUESTIONS,
    )

    # What the sending of the convocation calls (convocations app).
    mark_convened(seance, by=world.personas.secretaire, sent_on=timezone.localdate())

    seance.refresh_from_db()
    assert seance.status == Seance.Status.CONVOQUEE
    for item in (deliberation, information, questions):
        item.refresh_from_db()
        assert item.state == State.INSCRIT


def test_a_deliberation_not_validated_still_holds_the_convocation_back(
    world: World,
) -> None:
    seance = make_seance(world)
    draft = make_draft_point(world, seance)
    add_item(seance, by=world.personas.secretaire, title="Info", kind=Kind.INFORMATION)

    with pytest.raises(ValidationError) as refused:
        mark_convened(seance, by=world.personas.maire, sent_on=timezone.localdate())

    assert draft.title in " ".join(refused.value.messages)
    assert "Info" not in " ".join(refused.value.messages)


def test_an_information_point_is_never_sent_for_review(world: World) -> None:
    item = add_item(
        make_seance(world),
        by=world.personas.secretaire,
        title="Communication du maire sur la rentrée",
        kind=Kind.COMMUNICATION,
        rapporteur=world.memberships["maire"],
    )

    with pytest.raises(ValidationError, match="Seule une délibération"):
        request_review(item, by=world.personas.secretaire)


def test_a_point_turned_into_a_deliberation_needs_its_draft_and_review(
    world: World,
) -> None:
    item = add_item(
        make_seance(world),
        by=world.personas.secretaire,
        title="Tarifs de la piscine",
        kind=Kind.INFORMATION,
    )

    item = change_item(
        item,
        by=world.personas.secretaire,
        title=item.title,
        kind=Kind.DELIBERATION,
        rapporteur=world.memberships["adjointe"],
        huis_clos=False,
        concerns_icpe=False,
        agents=[],
        validator=None,
    )

    assert item.state == State.BROUILLON


def test_a_deliberation_turned_into_an_information_point_needs_no_validation(
    world: World,
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)

    item = change_item(
        item,
        by=world.personas.secretaire,
        title=item.title,
        kind=Kind.INFORMATION,
        rapporteur=item.rapporteur,
        huis_clos=False,
        concerns_icpe=False,
        agents=[],
        validator=None,
    )

    assert item.state == State.VALIDE
    assert item.review_requested_at is None
