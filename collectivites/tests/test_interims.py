"""Handing one's tasks for a while, through the pages: who holds what, the
journal, the refusals, and what is pending showing its holder. Who may do
what during and after the period is in the access matrix
(``seances/tests/access_rows.py``)."""

import html
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collectivites.models import Interim
from domain.french import elide
from domain.interim import Scope
from journal.models import JournalEntry
from quorum.testing import World
from seances.tests.access_rows import make_draft_point
from seances.tests.interims import hand
from seances.workflow import approve, request_review

pytestmark = pytest.mark.django_db


def interims_url(world: World) -> str:
    return reverse("collectivites:interims", kwargs={"collectivite": world.slug})


def handing(world: World, giver: str, holder: str, scope: Scope) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "giver": world.memberships[giver].pk,
        "holder": world.memberships[holder].pk,
        "scope": scope.value,
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=6)).isoformat(),
        "reason": "congés",
    }


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_an_adjointe_hands_her_reviews_and_the_journal_says_so(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.adjointe)

    response = client.post(
        interims_url(world), handing(world, "adjointe", "conseiller", Scope.REVIEWS)
    )

    assert response.status_code == 302
    interim = Interim.objects.get()
    assert interim.holder == world.memberships["conseiller"]
    assert interim.runs_on(timezone.localdate())
    entry = JournalEntry.objects.filter(action="interim.handed_over").get()
    assert entry.data["scope"] == "relectures"
    listing = text(client.get(interims_url(world)))
    assert "Les relectures des projets dont je suis rapporteur" in listing
    assert world.personas.conseiller.full_name in listing


def test_l2122_17_the_maire_cannot_skip_his_first_adjoint(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.maire)

    response = client.post(
        interims_url(world),
        handing(world, "maire", "conseiller", Scope.VALIDATIONS),
    )

    assert response.status_code == 200
    assert "premier adjoint disponible dans l'ordre du tableau" in text(response)
    assert not Interim.objects.exists()
    assert not JournalEntry.objects.filter(action="interim.handed_over").exists()


def test_an_agents_preparation_never_goes_to_an_elu(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.agent)

    response = client.post(
        interims_url(world), handing(world, "agent", "adjointe", Scope.PREPARATION)
    )

    assert response.status_code == 200
    assert "confiée à un autre agent" in text(response)
    assert not Interim.objects.exists()


def test_the_holder_finds_the_review_on_his_dashboard_and_the_point_says_who_holds_it(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    hand(world, "adjointe", "conseiller", Scope.REVIEWS)

    client.force_login(world.personas.conseiller)
    dashboard = text(
        client.get(reverse("web:dashboard", kwargs={"collectivite": world.slug}))
    )
    client.force_login(world.personas.secretaire)
    point = text(client.get(item.get_absolute_url()))

    assert item.title in dashboard
    assert f"en intérim {elide('de', world.personas.adjointe.full_name)}" in dashboard
    holder = world.personas.conseiller.full_name
    assert (
        f"En attente chez {holder}, "
        f"en intérim {elide('de', world.personas.adjointe.full_name)}" in point
    )


def test_the_validation_waits_for_the_adjointe_in_interim_of_the_maire(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    approve(item, by=world.personas.adjointe)
    hand(world, "maire", "adjointe", Scope.VALIDATIONS)
    client.force_login(world.personas.secretaire)

    point = text(client.get(item.get_absolute_url()))

    adjointe, maire = world.personas.adjointe, world.personas.maire
    assert (
        f"En attente chez {adjointe.full_name}, "
        f"en intérim {elide('de', maire.full_name)}" in point
    )


def test_ending_an_interim_gives_the_tasks_back(client: Client, world: World) -> None:
    item = make_draft_point(world)
    request_review(item, by=world.personas.secretaire)
    interim = hand(world, "adjointe", "conseiller", Scope.REVIEWS)
    approve_url = reverse(
        "seances:review_approve",
        kwargs={"collectivite": world.slug, "item_id": item.pk},
    )
    client.force_login(world.personas.adjointe)

    ended = client.post(
        reverse(
            "collectivites:interim_end",
            kwargs={"collectivite": world.slug, "interim_id": interim.pk},
        )
    )
    client.force_login(world.personas.conseiller)
    refused = client.post(approve_url)

    assert ended.status_code == 302
    interim.refresh_from_db()
    assert interim.ended_at is not None
    assert JournalEntry.objects.filter(action="interim.ended").count() == 1
    assert refused.status_code == 404
    item.refresh_from_db()
    assert item.rapporteur_approved_at is None


def test_the_interims_page_costs_the_same_whatever_their_number(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    hand(world, "adjointe", "conseiller", Scope.REVIEWS)
    client.force_login(world.personas.secretaire)
    client.get(interims_url(world))
    with django_assert_max_num_queries(30) as few:
        client.get(interims_url(world))
    hand(world, "agent", "secretaire", Scope.PREPARATION)
    hand(world, "conseiller", "maire", Scope.REVIEWS)

    with django_assert_max_num_queries(len(few.captured_queries)):  # type: ignore[attr-defined]
        response = client.get(interims_url(world))

    assert response.status_code == 200


def test_the_agent_given_a_points_preparation_sees_that_point_and_nothing_more(
    client: Client, world: World
) -> None:
    """The secrétaire names the agent on one point (``AgendaItem.agents``):
    he drafts it, and sees neither the other points nor the séance's
    documents, nor builds the agenda or convenes."""
    from seances.services import add_item  # noqa: PLC0415

    seance_item = make_draft_point(world)
    other = add_item(
        seance_item.seance,
        by=world.personas.secretaire,
        title="Subvention au club de football",
        kind="deliberation",
    )
    client.force_login(world.personas.secretaire)
    mine = add_item(
        seance_item.seance,
        by=world.personas.secretaire,
        title="Travaux de la salle des fêtes",
        kind="deliberation",
    )
    edit = client.post(
        reverse(
            "seances:point_edit",
            kwargs={"collectivite": world.slug, "item_id": mine.pk},
        ),
        {
            "title": mine.title,
            "kind": "deliberation",
            "rapporteur": world.memberships["adjointe"].pk,
            "agents": [world.memberships["agent"].pk],
        },
    )
    assert edit.status_code == 302
    seance = seance_item.seance

    def status(name: str, **kwargs: object) -> int:
        url = reverse(name, kwargs={"collectivite": world.slug, **kwargs})
        return client.get(url).status_code

    client.force_login(world.personas.agent)
    assert status("seances:point", item_id=mine.pk) == 200
    assert status("seances:draft_edit", item_id=mine.pk) == 200
    assert status("seances:point", item_id=other.pk) == 404
    assert status("seances:point_edit", item_id=mine.pk) == 404
    assert status("seances:convene", seance_id=seance.pk) == 404
    assert status("dossiers:agenda", seance_id=seance.pk) == 404
    assert JournalEntry.objects.filter(action="agenda.item_changed").exists()
