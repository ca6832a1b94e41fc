"""A dossier compiled before a change of its séance is "à recompiler", and
the convocation is not sent with it: the élus receive the dossier of what
they are convened on (CGCT L2121-13)."""

import html
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from dossiers.freshness import fingerprints
from dossiers.models import DossierBuild
from dossiers.services import request_build
from dossiers.tests.conftest import Built, make_built
from quorum.testing import World
from seances.models import AgendaItem, Seance
from seances.services import change_item, set_outcome
from seances.workflow import ask_changes, link_annex, request_review, save_draft

Change = Callable[[World, Built], object]


def _compile(world: World, built: Built) -> DossierBuild:
    build = request_build(
        built.seance, variant="conseillers", by=world.personas.secretaire
    )
    build.refresh_from_db()
    assert build.status == DossierBuild.Status.READY, build.error
    return build


def _withdraw(world: World, built: Built) -> object:
    return set_outcome(
        built.cantine, by=world.personas.secretaire, outcome=AgendaItem.Outcome.RETIRE
    )


def _redraft(world: World, built: Built) -> object:
    return save_draft(
        built.cantine, by=world.personas.secretaire, based_on=1, articles="Autre."
    )


def _retitle(world: World, built: Built) -> object:
    item = built.cantine
    return change_item(
        item,
        by=world.personas.secretaire,
        title="Tarifs de la restauration scolaire",
        kind=item.kind,
        rapporteur=item.rapporteur,
        huis_clos=item.huis_clos,
        concerns_icpe=item.concerns_icpe,
        agents=[],
        validator=item.validator,
    )


def _annex(world: World, built: Built) -> object:
    return link_annex(
        built.cantine, by=world.personas.secretaire, document=world.finances_doc
    )


@pytest.mark.parametrize("change", [_withdraw, _redraft, _retitle, _annex])
def test_a_change_of_the_agenda_makes_the_dossier_out_of_date(
    world: World, change: Change
) -> None:
    built = make_built(world, convene=False)
    before = fingerprints(built.seance)

    change(world, built)

    assert fingerprints(built.seance) != before


def test_a_step_of_the_review_leaves_the_dossier_as_it_is(world: World) -> None:
    built = make_built(world, convene=False)
    _redraft(world, built)
    before = fingerprints(built.seance)

    request_review(built.cantine, by=world.personas.secretaire)
    ask_changes(built.cantine, by=world.personas.adjointe, message="Un visa.")

    assert fingerprints(built.seance) == before


def test_the_convocation_waits_for_the_dossier_compiled_again(
    client: Client, world: World
) -> None:
    built = make_built(world, convene=False)
    _compile(world, built)
    _withdraw(world, built)
    client.force_login(world.personas.maire)
    send = reverse(
        "convocations:send",
        kwargs={"collectivite": world.slug, "seance_id": built.seance.pk},
    )

    page = html.unescape(client.get(built.seance.get_absolute_url()).content.decode())
    refused = client.post(send, {"urgence_reason": ""})
    refused_body = html.unescape(refused.content.decode())
    built.seance.refresh_from_db()
    status_after_refusal = built.seance.status
    _compile(world, built)
    fresh = html.unescape(client.get(built.seance.get_absolute_url()).content.decode())
    sent = client.post(send, {"urgence_reason": ""})

    assert "À recompiler" in page
    assert refused.status_code == 200
    assert "les élus recevraient un dossier périmé" in refused_body
    assert "Compiler à nouveau" in refused_body
    assert status_after_refusal == Seance.Status.PREPARATION
    assert "À recompiler" not in fresh
    assert sent.status_code == 302
    built.seance.refresh_from_db()
    assert built.seance.status == Seance.Status.CONVOQUEE


def test_a_seance_never_compiled_is_sent_as_before(
    client: Client, world: World
) -> None:
    built = make_built(world, convene=False)
    client.force_login(world.personas.maire)

    sent = client.post(
        reverse(
            "convocations:send",
            kwargs={"collectivite": world.slug, "seance_id": built.seance.pk},
        ),
        {"urgence_reason": ""},
    )

    assert sent.status_code == 302
    built.seance.refresh_from_db()
    assert built.seance.status == Seance.Status.CONVOQUEE
