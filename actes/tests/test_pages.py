"""The page of a séance's délibérations: its queries do not grow with the
number of acts, and the PDF and the editable file download."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actes.tests.helpers import closed_council

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_for_one_act_or_four() -> None:
    council, _ = closed_council(titles=("Tarifs",), pdfs=False)
    client = Client()
    client.force_login(council.maire.user)
    one = reverse(
        "actes:seance",
        kwargs={
            "collectivite": council.collectivite.slug,
            "seance_id": council.seance.pk,
        },
    )
    _, more = closed_council(
        titles=("Subvention", "Voirie", "École", "Cimetière"), after=council, pdfs=False
    )
    four = reverse(
        "actes:seance",
        kwargs={
            "collectivite": council.collectivite.slug,
            "seance_id": more[0].seance_id,
        },
    )
    assert len(more) >= 4
    page = client.get(four).content.decode()
    assert "PDF en préparation" in page
    assert _queries(client, four) == _queries(client, one)
