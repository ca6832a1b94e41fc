"""Addresses typed, truncated or forged: another collectivité's ids, ids
that are no ids, paths that climb out. Always the French 404 page (or the
login page), never an error page, never a row written."""

import pytest
from django.test import Client
from django.urls import reverse

from quorum.testing import World
from robustness.tests.conftest import changed, snapshot

pytestmark = pytest.mark.django_db

NOT_FOUND = "Page introuvable"

BAD_IDS = [
    "123",
    "pas-un-uuid",
    "00000000-0000-0000-0000-00000000000g",
    "00000000-0000-0000-0000-0000000000000",
    "%00",
    "..%2F..%2Fetc%2Fpasswd",
    "%E2%80%AE",
    "🎉",
    "x" * 2000,
]
PREFIXES = [
    "saint-test/documents/{}/",
    "saint-test/espaces/{}/",
    "saint-test/seances/{}/",
    "saint-test/seances/points/{}/",
    "saint-test/membres/{}/",
    "saint-test/discussions/{}/repondre/",
]
TRAVERSALS = [
    "/saint-test/../../etc/passwd",
    "/saint-test/%2e%2e/%2e%2e/etc/passwd",
    "/static/../quorum/settings.py",
    "/static/..%2f..%2fquorum%2fsettings.py",
    "/media/../db.sqlite3",
    "/saint-test/journal/export.%2e%2e%2fsettings",
    "/saint-test/journal/export.exe",
    "/saint-test/seances/00000000-0000-0000-0000-000000000000/dossier/..%2f..%2fx.pdf",
    "/autre-test/journal/",
    "/commune-qui-n-existe-pas/seances/",
    "/saint-test\x00/seances/",
    "/" + "a" * 5000 + "/",
]


@pytest.fixture
def logged(client: Client, world: World) -> Client:
    client.force_login(world.personas.secretaire)
    return client


def assert_not_found(response) -> None:  # noqa: ANN001
    assert response.status_code in (400, 404), response.status_code
    assert NOT_FOUND in response.content.decode() or response.status_code == 400


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("bad", BAD_IDS, ids=range(len(BAD_IDS)))
def test_an_id_that_is_no_id_leads_to_the_french_404(logged, prefix, bad):
    before = snapshot()
    assert_not_found(logged.get("/" + prefix.format(bad)))
    assert changed(before, snapshot()) == {}


@pytest.mark.parametrize("path", TRAVERSALS, ids=range(len(TRAVERSALS)))
def test_a_path_that_climbs_out_leads_nowhere(logged, path):
    before = snapshot()
    response = logged.get(path)
    assert response.status_code in (400, 404), response.status_code
    body = response.content.decode(errors="replace")
    assert "SECRET_KEY" not in body
    assert "SQLite format" not in body
    assert changed(before, snapshot()) == {}


def other_ids(world: World) -> dict[str, str]:
    doc = world.other_doc
    return {
        "documents:detail": reverse(
            "documents:detail",
            kwargs={"collectivite": world.slug, "document_id": doc.pk},
        ),
        "documents:download": reverse(
            "documents:download",
            kwargs={
                "collectivite": world.slug,
                "document_id": doc.pk,
                "version_id": doc.current_version.pk,
            },
        ),
        "collectivites:workspace": reverse(
            "collectivites:workspace",
            kwargs={
                "collectivite": world.slug,
                "workspace_id": world.other_workspace.pk,
            },
        ),
        "collectivites:member": reverse(
            "collectivites:member",
            kwargs={
                "collectivite": world.slug,
                "membership_id": world.memberships["outsider"].pk,
            },
        ),
        "documents:upload": reverse(
            "documents:upload",
            kwargs={
                "collectivite": world.slug,
                "workspace_id": world.other_workspace.pk,
            },
        ),
    }


@pytest.mark.parametrize(
    "name",
    [
        "documents:detail",
        "documents:download",
        "collectivites:workspace",
        "collectivites:member",
        "documents:upload",
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_id_of_another_collectivite_under_ours_is_not_found(
    logged, world, name, method
):
    url = other_ids(world)[name]
    before = snapshot()
    response = logged.get(url) if method == "GET" else logged.post(url, {})
    assert response.status_code in (404, 405), response.status_code
    assert "CANARI-AUTRE" not in response.content.decode(errors="replace")
    assert changed(before, snapshot()) == {}


@pytest.mark.parametrize(
    "query",
    [
        {"page": "-1"},
        {"page": "999999999999999999999"},
        {"page": "1e9"},
        {"start": "2026-02-30"},
        {"action": "x" * 5000},
        {"start": "\x00"},
    ],
    ids=range(6),
)
def test_bad_query_strings_on_a_list_get_a_page(logged, query):
    response = logged.get(
        reverse("journal:page", kwargs={"collectivite": "saint-test"}), query
    )
    assert response.status_code == 200
