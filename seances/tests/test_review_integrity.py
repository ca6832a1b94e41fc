"""What the review established holds for what was reviewed only: a change
withdraws the rapporteur's approval, a validated point goes back to
brouillon, and a convened agenda is frozen."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from journal.models import JournalEntry
from quorum.testing import World
from seances.models import AgendaItem
from seances.services import change_item, set_outcome
from seances.tests.access_rows import (
    make_convened_point,
    make_draft_point,
    validate_point,
)
from seances.workflow import approve, link_annex, request_review, save_draft

State = AgendaItem.State


def _url(name: str, world: World, item: AgendaItem) -> str:
    return reverse(name, kwargs={"collectivite": world.slug, "item_id": item.pk})


def _approved_point(world: World) -> AgendaItem:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    return approve(item, by=world.personas.adjointe)


def _change(world: World, item: AgendaItem, **new: object) -> AgendaItem:
    """``change_item`` with the point's current values, except ``new``."""
    values: dict[str, object] = {
        "title": item.title,
        "kind": item.kind,
        "rapporteur": item.rapporteur,
        "huis_clos": item.huis_clos,
        "concerns_icpe": item.concerns_icpe,
        "agents": list(item.agents.all()),
        "validator": item.validator,
    }
    return change_item(item, by=world.personas.secretaire, **(values | new))  # type: ignore[arg-type]


def test_a_text_changed_after_the_rapporteurs_approval_withdraws_the_approval(
    client: Client, world: World
) -> None:
    item = _approved_point(world)
    client.force_login(world.personas.secretaire)

    response = client.post(
        _url("seances:draft_edit", world, item),
        {
            "based_on": "1",
            "articles": "Le budget est modifié autrement.",
            "nature": "5",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.RELECTURE
    assert item.rapporteur_approved_at is None
    entry = JournalEntry.objects.get(action="review.approval_withdrawn")
    assert entry.data["revision"] == 2
    client.force_login(world.personas.maire)
    client.post(
        _url("seances:point_validate", world, item), {"revision": item.draft_revision}
    )
    item.refresh_from_db()
    assert item.state == State.RELECTURE, "the maire cannot validate it any more"


def test_the_maire_validates_the_new_text_once_the_rapporteur_approved_it(
    client: Client, world: World
) -> None:
    item = _approved_point(world)
    save_draft(item, by=world.personas.secretaire, based_on=1, articles="Autre.")
    approve(item, by=world.personas.adjointe)
    client.force_login(world.personas.maire)

    response = client.post(_url("seances:point_validate", world, item), {"revision": 2})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.VALIDE
    entry = JournalEntry.objects.get(action="review.validated")
    assert entry.data["revision"] == 2


def test_saving_the_same_text_again_keeps_the_rapporteurs_approval(
    world: World,
) -> None:
    item = _approved_point(world)
    latest = item.revisions.get()

    save_draft(
        item,
        by=world.personas.secretaire,
        based_on=1,
        **{name: getattr(latest, name) for name in ("visas", "articles", "nature")},
        matiere=latest.matiere,
    )

    item.refresh_from_db()
    assert item.rapporteur_approved_at is not None
    assert not JournalEntry.objects.filter(action="review.approval_withdrawn").exists()


def test_the_draft_form_warns_that_saving_withdraws_the_approval(
    client: Client, world: World
) -> None:
    item = _approved_point(world)
    client.force_login(world.personas.secretaire)

    page = client.get(_url("seances:draft_edit", world, item)).content.decode()

    assert "son approbation est retirée" in page


def test_a_validated_point_whose_text_changes_goes_back_to_brouillon(
    client: Client, world: World
) -> None:
    item = validate_point(world, make_draft_point(world))
    client.force_login(world.personas.secretaire)
    url = _url("seances:draft_edit", world, item)
    assert "il repasse en brouillon" in client.get(url).content.decode()

    response = client.post(
        url, {"based_on": "1", "articles": "Une coquille corrigée.", "nature": "5"}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.BROUILLON
    assert item.rapporteur_approved_at is None
    assert item.review_requested_at is None
    entry = JournalEntry.objects.get(action="review.reopened")
    assert entry.data["before"] == "valide"
    assert entry.data["cause"] == "draft"


def test_a_validated_point_whose_title_changes_goes_back_to_brouillon(
    client: Client, world: World
) -> None:
    item = validate_point(world, make_draft_point(world))
    client.force_login(world.personas.secretaire)
    url = _url("seances:point_edit", world, item)
    assert "il repasse en brouillon" in client.get(url).content.decode()

    response = client.post(
        url,
        {
            "title": "Décision modificative n° 1 du budget principal",
            "kind": "deliberation",
            "rapporteur": str(item.rapporteur_id),
            "agents": [str(world.memberships["agent"].pk)],
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == State.BROUILLON
    entry = JournalEntry.objects.get(action="review.reopened")
    assert entry.data["cause"] == "title"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("huis_clos", lambda world: True),
        ("concerns_icpe", lambda world: True),
        ("rapporteur", lambda world: world.memberships["maire"]),
    ],
)
def test_a_validated_point_changed_in_what_is_convened_goes_back_to_brouillon(
    world: World, field: str, value: Callable[[World], object]
) -> None:
    item = validate_point(world, make_draft_point(world))

    item = _change(world, item, **{field: value(world)})

    assert item.state == State.BROUILLON
    assert item.rapporteur_approved_at is None
    entry = JournalEntry.objects.get(action="review.reopened")
    assert entry.data["cause"] == field


def test_changing_only_who_works_on_a_validated_point_keeps_it_validated(
    world: World,
) -> None:
    item = validate_point(world, make_draft_point(world))

    item = _change(world, item, agents=[])

    assert item.state == State.VALIDE
    assert not JournalEntry.objects.filter(action="review.reopened").exists()


def test_a_new_title_after_the_approval_withdraws_it_but_keeps_the_review(
    world: World,
) -> None:
    item = _approved_point(world)

    item = _change(world, item, title="Décision modificative n° 1 bis")

    assert item.state == State.RELECTURE
    assert item.rapporteur_approved_at is None


def test_a_new_rapporteur_of_a_point_under_review_is_asked_from_the_start(
    world: World,
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)

    item = _change(world, item, rapporteur=world.memberships["maire"])

    assert item.state == State.BROUILLON
    assert item.review_requested_at is None


def test_an_annex_added_to_a_validated_point_sends_it_back_to_brouillon(
    world: World,
) -> None:
    item = validate_point(world, make_draft_point(world))

    link_annex(item, by=world.personas.secretaire, document=world.finances_doc)

    item.refresh_from_db()
    assert item.state == State.BROUILLON
    entry = JournalEntry.objects.get(action="review.reopened")
    assert entry.data["cause"] == "annex"


def test_the_annex_form_warns_that_a_validated_point_goes_back_to_brouillon(
    client: Client, world: World
) -> None:
    item = validate_point(world, make_draft_point(world))
    client.force_login(world.personas.secretaire)

    page = client.get(_url("seances:annex_add", world, item)).content.decode()

    assert "repasser en brouillon" in page


def test_a_convened_agenda_is_frozen_except_corrections_and_outcomes(
    world: World,
) -> None:
    """CAA Versailles 03/03/2011 n°09VE03950: nothing joins a convened
    agenda; a correction of a draft (told to every member, see
    ``convocations.changes``) keeps the point inscrit and its old text."""
    item = make_convened_point(world)

    with pytest.raises(ValidationError):
        _change(world, item, title="Autre titre")
    with pytest.raises(ValidationError):
        link_annex(item, by=world.personas.secretaire, document=world.finances_doc)
    save_draft(item, by=world.personas.secretaire, based_on=1, articles="Corrigé.")
    item.refresh_from_db()
    assert item.state == State.INSCRIT
    assert list(item.revisions.values_list("number", flat=True)) == [1, 2]

    item = set_outcome(item, by=world.personas.maire, outcome="reporte")
    assert item.state == State.INSCRIT
    assert item.outcome == "reporte"
    assert item.title == "Tarifs de la cantine"


def test_a_point_with_no_draft_yet_cannot_go_to_review(world: World) -> None:
    """Nothing to review, approve and validate: the secrétaire is told to
    write the draft first, and the point stays a brouillon."""
    item = make_draft_point(world)
    AgendaItem.objects.filter(pk=item.pk).update(draft_revision=0)
    item.revisions.all().delete()

    with pytest.raises(ValidationError, match="Rédigez d'abord le projet"):
        request_review(item, by=world.personas.secretaire)

    item.refresh_from_db()
    assert item.state == State.BROUILLON
    assert not JournalEntry.objects.filter(action="review.requested").exists()
