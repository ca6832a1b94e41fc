"""A workspace's page costs the same number of queries whatever it holds:
the commission with eleven documents and five members opens like the one
with one document and three members."""

import io

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from collectivites.models import Workspace
from documents.models import Document
from documents.services import create_document
from quorum.testing import MembershipFactory, Personas, join


def queries_to_open(client: Client, workspace: Workspace) -> list[str]:
    url = reverse(
        "collectivites:workspace",
        kwargs={
            "collectivite": workspace.collectivite.slug,
            "workspace_id": workspace.id,
        },
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def add_document(personas: Personas, number: int) -> Document:
    content = f"Pièce {number} de la commission\n".encode()
    return create_document(
        workspace=personas.finances,
        author=personas.secretaire,
        stream=io.BytesIO(content),
        filename=f"piece-{number}.txt",
        size=len(content),
        folder=f"2027/Séance {number % 3}" if number % 2 else "",
    )


def test_the_workspace_page_costs_the_same_with_one_document_as_with_eleven(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.secretaire)
    add_document(personas, 0)
    with_one = queries_to_open(client, personas.finances)

    for number in range(1, 11):
        add_document(personas, number)
    for _ in range(2):
        join(personas.finances, MembershipFactory.create(collectivite=personas.commune))
    with_eleven = queries_to_open(client, personas.finances)

    assert len(with_eleven) == len(with_one), "\n".join(with_eleven)
    assert Document.objects.filter(workspace=personas.finances).count() == 11
    page = client.get(personas.finances.get_absolute_url()).content.decode()
    assert page.count("piece-") == 11
