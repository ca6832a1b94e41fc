"""The public search box refuses what nobody types on purpose, as every
other form of Quorum does, and keeps what the visitor typed."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from quorum.testing import CollectiviteFactory
from web.forms import CONTROL_MESSAGE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "words",
    ["cantine\u202efdp", "\u2066cantine\u2069", "can\x00tine", "can\u2028tine"],
    ids=["override", "isolate", "nul", "line-separator"],
)
def test_the_search_box_refuses_invisible_and_bidi_characters(
    client: Client, words: str
) -> None:
    town = CollectiviteFactory()
    url = reverse("public:deliberations", kwargs={"collectivite": town.slug})

    response = client.get(url, {"q": words})

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert CONTROL_MESSAGE in page
    assert "fr-input-group--error" in page


def test_the_search_box_accepts_plain_words(client: Client) -> None:
    town = CollectiviteFactory()
    url = reverse("public:deliberations", kwargs={"collectivite": town.slug})

    response = client.get(url, {"q": "école « Jules-Ferry »"})

    assert response.status_code == 200
    assert CONTROL_MESSAGE not in html.unescape(response.content.decode())
