"""The document page costs the same number of queries whatever the length of
its history and of its discussion: a budget revised twelve times and argued
over in nineteen comments opens as fast as a first draft."""

import io
from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from discussions.services import reply, request_review, start_thread
from documents.models import Document
from documents.services import add_version
from quorum.testing import World


def queries_to_open(client: Client, url: str) -> list[str]:
    """The SQL of one GET of ``url``, which must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def add_versions(world: World, document: Document, until: int) -> None:
    """New versions, by two people in turn, until the document has ``until``."""
    people = [world.personas.secretaire, world.personas.adjointe]
    for number in range(document.versions.count() + 1, until + 1):
        content = f"Budget primitif 2027, version {number}\n".encode()
        add_version(
            document=document,
            author=people[number % 2],
            stream=io.BytesIO(content),
            filename=f"budget-v{number}.txt",
            size=len(content),
            note=f"révision {number}",
        )


def test_the_document_page_costs_the_same_with_two_versions_as_with_twelve(
    client: Client, world: World
) -> None:
    document = world.finances_doc
    client.force_login(world.personas.secretaire)
    assert document.versions.count() == 2
    with_two = queries_to_open(client, document.get_absolute_url())

    add_versions(world, document, until=12)
    with_twelve = queries_to_open(client, document.get_absolute_url())

    assert len(with_twelve) == len(with_two), "\n".join(with_twelve)
    page = client.get(document.get_absolute_url()).content.decode()
    assert page.count("Restaurer la version") == 11


def test_the_document_page_costs_the_same_with_one_comment_as_with_twenty(
    client: Client, world: World
) -> None:
    p = world.personas
    document = world.finances_doc
    client.force_login(p.secretaire)
    thread = start_thread(
        document=document, author=p.secretaire, body=f"@{p.adjointe.full_name} ?"
    )
    request_review(
        document=document, by=p.secretaire, reviewers=[p.adjointe], due_on=_soon()
    )
    with_one = queries_to_open(client, document.get_absolute_url())

    for n in range(9):
        reply(thread=thread, author=p.adjointe, body=f"@{p.maire.full_name} {n}")
        start_thread(
            document=document, author=p.maire, body=f"@{p.secretaire.full_name} {n}"
        )
    request_review(
        document=document,
        by=p.secretaire,
        reviewers=[p.adjointe, p.maire],
        due_on=_soon(),
    )
    with_twenty = queries_to_open(client, document.get_absolute_url())

    assert len(with_twenty) == len(with_one), "\n".join(with_twenty)
    page = client.get(document.get_absolute_url()).content.decode()
    assert page.count('class="q-comment') == 19


def _soon() -> date:
    return timezone.localdate() + timedelta(days=3)
