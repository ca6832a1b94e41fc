"""The point « Approbation du procès-verbal de la séance du … » that the
minutes put on the next séance (CGCT L2121-15) starts from a standard
text naming the séance and its date, so that the secrétaire does not start
from nothing."""

import html

from django.test import Client
from django.urls import reverse

from minutes.services import attach_to_next_seance
from minutes.tests.helpers import closed_seance, next_seance
from seances.models import AgendaItem
from web.french import date_format


def test_l2121_15_the_approval_point_opens_on_a_standard_draft(db: None) -> None:
    held = closed_seance(with_huis_clos=False)
    seance = next_seance(held)  # planned by the system: no revision yet
    item = AgendaItem.objects.get(seance=seance)
    assert item.draft_revision == 0
    day = date_format(held.council.seance.local_start, "j F Y")

    client = Client()
    client.force_login(held.council.secretaire)
    page = html.unescape(
        client.get(
            reverse(
                "seances:draft_edit",
                kwargs={"collectivite": seance.collectivite.slug, "item_id": item.pk},
            )
        ).content.decode()
    )
    assert (
        f"Le procès-verbal de la séance du conseil municipal du {day} est approuvé."
        in page
    )
    assert "notamment son article L2121-15" in page
    assert "consulté dans Quorum" in page


def test_l2121_15_put_on_the_agenda_by_someone_the_draft_is_saved(db: None) -> None:
    held = closed_seance(with_huis_clos=False)
    seance = next_seance(held)
    proces_verbal = held.proces_verbal
    proces_verbal.refresh_from_db()
    # Put back off the agenda, then put on it by the secrétaire.
    item = proces_verbal.approval_item
    proces_verbal.approval_item = None
    proces_verbal.save(update_fields=["approval_item"])
    item.delete()

    again = attach_to_next_seance(
        proces_verbal, by=held.council.secretaire, seance=seance
    )

    assert again is not None
    revision = again.revisions.get()
    day = date_format(held.council.seance.local_start, "j F Y")
    assert day in revision.expose
    assert "est approuvé" in revision.articles
    assert revision.matiere == "5.2"
