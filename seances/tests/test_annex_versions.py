"""An annex carries the version of its document it was linked at; the
secrétaire moves it to a newer one, the older staying in the history."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from documents.services import add_version
from journal.models import JournalEntry
from quorum.testing import World
from seances.models import AgendaItem
from seances.tests.access_rows import (
    make_convened_point,
    make_draft_point,
    validate_point,
)
from seances.workflow import link_annex, update_annex_version


def _third_version(world: World) -> None:
    data = b"Budget primitif 2027, version 3\n"
    add_version(
        document=world.finances_doc,
        author=world.personas.secretaire,
        stream=io.BytesIO(data),
        filename="budget-v3.txt",
        size=len(data),
    )


def test_before_the_convocation_a_newer_version_withdraws_the_review(
    world: World,
) -> None:
    item = make_draft_point(world)
    annex = link_annex(item, by=world.personas.secretaire, document=world.finances_doc)
    validate_point(world, item)
    _third_version(world)

    annex = update_annex_version(annex, by=world.personas.secretaire)

    assert annex.version.number == 3
    item.refresh_from_db()
    assert item.state == AgendaItem.State.BROUILLON
    entry = JournalEntry.objects.get(action="agenda.annex_updated")
    assert (entry.data["old_version"], entry.data["new_version"]) == (2, 3)
    assert world.finances_doc.versions.count() == 3  # nothing is lost


def test_an_annex_already_at_the_latest_version_is_refused_in_french(
    world: World,
) -> None:
    item = make_draft_point(world)
    annex = link_annex(item, by=world.personas.secretaire, document=world.finances_doc)

    with pytest.raises(ValidationError, match="déjà à la dernière version"):
        update_annex_version(annex, by=world.personas.secretaire)


def test_the_secretaire_moves_a_convened_annex_from_the_point_page(
    client: Client, world: World
) -> None:
    item = make_convened_point(world, annexed=True)
    _third_version(world)
    client.force_login(world.personas.secretaire)

    page = client.get(item.get_absolute_url()).content.decode()
    assert "Passer à la version 3 du document" in page
    annex = item.annexes.get()
    response = client.post(
        reverse(
            "seances:annex_update",
            kwargs={
                "collectivite": world.slug,
                "item_id": item.pk,
                "annex_id": annex.pk,
            },
        ),
        follow=True,
    )

    assert "L&#x27;annexe passe à la version 3" in response.content.decode()
    annex.refresh_from_db()
    assert annex.version.number == 3
    item.refresh_from_db()
    assert item.state == AgendaItem.State.INSCRIT
