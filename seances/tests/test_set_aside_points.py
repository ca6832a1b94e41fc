"""A point withdrawn or postponed is no longer prepared: its page offers no
review, validation, draft nor annex, only to maintain it again."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from quorum.testing import World
from seances.models import AgendaItem
from seances.services import set_outcome
from seances.tests.access_rows import make_draft_point
from seances.workflow import request_review, save_draft

PREPARATION = (
    "Demander la relecture au rapporteur",
    "Rédiger le projet",
    "Modifier le point",
    "Déposer le fichier",
)


def test_a_withdrawn_point_offers_only_to_be_maintained(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    set_outcome(item, by=world.personas.secretaire, outcome=AgendaItem.Outcome.RETIRE)
    client.force_login(world.personas.secretaire)

    page = html.unescape(client.get(item.get_absolute_url()).content.decode())
    refused = client.post(
        reverse(
            "seances:review_request",
            kwargs={"collectivite": world.slug, "item_id": item.pk},
        ),
        {"revision": 1},
    )

    for action in PREPARATION:
        assert action not in page, action
    assert "Maintenir le point" in page
    assert "Ce point est retiré : il ne se prépare plus." in page
    assert refused.status_code == 404


def test_a_withdrawn_point_is_neither_reviewed_nor_redrafted(world: World) -> None:
    item = make_draft_point(world)
    set_outcome(item, by=world.personas.secretaire, outcome=AgendaItem.Outcome.REPORTE)

    with pytest.raises(ValidationError, match="reporté"):
        request_review(item, by=world.personas.secretaire)
    with pytest.raises(ValidationError, match="reporté"):
        save_draft(item, by=world.personas.secretaire, based_on=1, articles="Autre.")


def test_a_maintained_point_is_prepared_again(client: Client, world: World) -> None:
    item = make_draft_point(world)
    set_outcome(item, by=world.personas.secretaire, outcome=AgendaItem.Outcome.RETIRE)
    set_outcome(item, by=world.personas.secretaire, outcome="")
    client.force_login(world.personas.secretaire)

    page = html.unescape(client.get(item.get_absolute_url()).content.decode())

    assert "Demander la relecture au rapporteur" in page
    assert "il ne se prépare plus" not in page
