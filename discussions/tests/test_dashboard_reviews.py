"""Whoever asked for a review sees on their dashboard where it stands: who
answered, who has not yet, and whether the date has passed."""

import html
import re
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from discussions.models import Review, ReviewRequest
from discussions.services import answer_review, request_review
from documents.services import delete_document
from quorum.testing import World

HEADING = "Relectures que vous avez demandées"


def dashboard(client: Client, world: World) -> str:
    response = client.get(reverse("web:dashboard", kwargs={"collectivite": world.slug}))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def asked_section(page: str) -> str:
    """The text of the "Relectures que vous avez demandées" section."""
    found = re.search(rf"{HEADING}</h2>(.*?)</section>", page, re.DOTALL)
    assert found, f"no « {HEADING} » section"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def ask(world: World, *reviewers: object, days: int = 3) -> ReviewRequest:
    return request_review(
        document=world.finances_doc,
        by=world.personas.secretaire,
        reviewers=reviewers,  # type: ignore[arg-type]
        due_on=timezone.localdate() + timedelta(days=days),
    )


def test_the_requester_sees_who_answered_and_who_has_not_yet(
    client: Client, world: World
) -> None:
    p = world.personas
    review_request = ask(world, p.adjointe, p.maire)
    answer_review(
        review=review_request.reviews.get(reviewer=p.maire),
        by=p.maire,
        decision=Review.Decision.APPROVED,
    )
    client.force_login(p.secretaire)

    section = asked_section(dashboard(client, world))

    assert world.finances_doc.title in section
    assert f"{p.adjointe} : En attente" in section
    assert f"{p.maire} : Approuvé" in section
    assert "En retard" not in section


def test_a_request_past_its_date_is_marked_late_to_the_requester(
    client: Client, world: World
) -> None:
    review_request = ask(world, world.personas.adjointe)
    ReviewRequest.objects.filter(pk=review_request.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    client.force_login(world.personas.secretaire)

    assert "En retard" in asked_section(dashboard(client, world))


def test_a_request_answered_by_everyone_leaves_the_requester_dashboard(
    client: Client, world: World
) -> None:
    p = world.personas
    review_request = ask(world, p.adjointe)
    answer_review(
        review=review_request.reviews.get(),
        by=p.adjointe,
        decision=Review.Decision.CHANGES,
        comment="Revoir le chapitre 65",
    )
    client.force_login(p.secretaire)

    assert HEADING not in dashboard(client, world)


def test_only_the_requester_sees_the_state_of_a_request(
    client: Client, world: World
) -> None:
    ask(world, world.personas.adjointe)

    client.force_login(world.personas.adjointe)
    page = dashboard(client, world)

    assert HEADING not in page
    assert "Relectures qui vous sont demandées" in page


def test_a_request_on_a_deleted_document_leaves_the_requester_dashboard(
    client: Client, world: World
) -> None:
    ask(world, world.personas.adjointe)
    delete_document(document=world.finances_doc, by=world.personas.adjointe)
    client.force_login(world.personas.secretaire)

    assert HEADING not in dashboard(client, world)


def test_the_dashboard_costs_the_same_whatever_the_number_of_requests(
    client: Client, world: World
) -> None:
    p = world.personas
    ask(world, p.adjointe)
    client.force_login(p.secretaire)
    with CaptureQueriesContext(connection) as one:
        dashboard(client, world)

    for days in range(4, 10):
        ask(world, p.adjointe, p.maire, days=days)
    with CaptureQueriesContext(connection) as seven:
        page = dashboard(client, world)

    assert len(seven) == len(one)
    assert asked_section(page).count(f"{p.maire} : En attente") == 6
