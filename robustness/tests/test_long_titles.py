"""A title longer than its column is refused, never cut: the browser is
not told a ``maxlength`` (it would cut a pasted text without a word), the
form says the limit in French, and the whole text comes back to shorten."""

import html
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from collectivites.models import Workspace
from documents.models import Document
from quorum.testing import Personas, uploaded_file
from robustness.tests.conftest import assert_french_refusal
from seances.models import AgendaItem, Seance

pytestmark = pytest.mark.django_db

SLUG = "saint-test"


def rows() -> tuple[int, int, int]:
    return (
        Document.objects.count(),
        AgendaItem.objects.count(),
        Workspace.objects.count(),
    )


TITLE = "Convention de mise à disposition de la salle polyvalente " * 18


def document_upload(personas: Personas) -> tuple[str, dict[str, object]]:
    url = reverse(
        "documents:upload",
        kwargs={"collectivite": SLUG, "workspace_id": personas.finances.pk},
    )
    return url, {"file": uploaded_file(), "title": TITLE[:1000], "note": ""}


def point_create(personas: Personas) -> tuple[str, dict[str, object]]:
    seance = Seance.objects.create(
        collectivite=personas.commune,
        starts_at="2030-06-12T18:00:00Z",
        place="Salle du conseil",
    )
    url = reverse(
        "seances:point_create",
        kwargs={"collectivite": SLUG, "seance_id": seance.pk},
    )
    return url, {"title": TITLE[:1000], "kind": AgendaItem.Kind.DELIBERATION}


def workspace_create(personas: Personas) -> tuple[str, dict[str, object]]:
    url = reverse("collectivites:workspace_create", kwargs={"collectivite": SLUG})
    return url, {"kind": Workspace.Kind.COMMISSION, "name": TITLE[:1000]}


@pytest.mark.parametrize(
    ("form", "limit"),
    [(document_upload, 255), (point_create, 300), (workspace_create, 200)],
    ids=["document", "point", "espace"],
)
def test_a_title_of_a_thousand_characters_is_refused_and_kept(
    client: Client,
    personas: Personas,
    form: Callable[[Personas], tuple[str, dict[str, object]]],
    limit: int,
) -> None:
    client.force_login(personas.secretaire)
    url, data = form(personas)
    before = rows()

    response = client.post(url, data)

    assert_french_refusal(
        response, expect=f"Trop long : 1000 caractères, {limit} au plus."
    )
    page = html.unescape(response.content.decode())
    assert f'value="{TITLE[:1000]}"' in page
    assert "maxlength" not in page
    assert rows() == before


def test_a_title_at_the_limit_is_taken_whole(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.secretaire)
    url, data = document_upload(personas)

    client.post(url, {**data, "title": TITLE[:255]})

    assert Document.objects.get(workspace=personas.finances).title == TITLE[:255]
