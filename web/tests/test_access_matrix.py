"""Every URL of the project, requested as every persona.

The cases are generated from the URL configuration and the rows that the
apps declare (see ``matrix.py``): a URL without a row fails here, by name.
"""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db.models import Max
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from accounts.models import User
from quorum.testing import PASSWORD, World
from web.tests.matrix import (
    PERSONAS,
    Row,
    collect_rows,
    project_apps,
    row_label,
    walk_urls,
)

ROUTES, ADMIN_ROUTES = walk_urls()
ROUTES_BY_NAME = {route.name: route for route in ROUTES if route.name}
ROWS = collect_rows()


def _cases(*, crossing: bool) -> list[Any]:
    cases = []
    for name, rows in sorted(ROWS.items()):
        route = ROUTES_BY_NAME.get(name)
        if route is None:  # a stale row, reported by its own test
            continue
        if crossing and not (route.in_collectivite and route.names_an_object):
            continue
        for index, row in enumerate(rows):
            label = row_label(name, rows, index)
            cases.extend(
                pytest.param(name, row, persona, id=f"{label}-{persona}")
                for persona in PERSONAS
            )
    return cases


@pytest.mark.parametrize("name", sorted(ROUTES_BY_NAME))
def test_every_url_has_a_row(name: str) -> None:
    if name not in ROWS:
        app = name.split(":", 1)[0]
        pytest.fail(
            f"the URL {name!r} has no row in the access matrix: add one to "
            f"{app}/tests/access_rows*.py (see web/tests/matrix.py)"
        )


def test_every_row_names_a_url() -> None:
    stale = sorted(set(ROWS) - set(ROUTES_BY_NAME))
    assert not stale, f"rows for URLs that do not exist: {stale}"


def test_every_url_has_a_name() -> None:
    unnamed = [route.route for route in ROUTES if not route.name]
    assert not unnamed, f"URLs without a name escape the access matrix: {unnamed}"


@pytest.mark.parametrize(("name", "row", "persona"), _cases(crossing=False))
def test_access(
    client: Client, world: World, name: str, row: Row, persona: str
) -> None:
    kwargs = row.kwargs(world)

    _check(client, world, name, kwargs, row, persona, reaches=row.reaches(persona))


@pytest.mark.parametrize(("name", "row", "persona"), _cases(crossing=True))
def test_no_crossing_between_collectivites(
    client: Client, world: World, name: str, row: Row, persona: str
) -> None:
    """The ids of one collectivité's objects under another's slug lead
    nowhere, even for a member of that other collectivité."""
    kwargs = row.kwargs(world)
    here = kwargs["collectivite"]
    kwargs["collectivite"] = world.other.slug if here == world.slug else world.slug

    _check(client, world, name, kwargs, row, persona, reaches=False)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_staff_reach_the_technical_admin(
    client: Client, world: World, persona: str
) -> None:
    user = world.user(persona)
    if user is not None:
        client.force_login(user)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/connexion/" in response["Location"] or "/login/" in response["Location"]


def test_no_page_of_the_technical_admin_opens_to_the_maire(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.maire)
    pages = [
        route.route
        for route in ADMIN_ROUTES
        if not route.params and route.name not in {"admin:login", "admin:logout"}
    ]
    assert pages

    for page in pages:
        response = client.get("/" + page)
        assert response.status_code in {302, 404}, page


def test_staff_reach_the_technical_admin(client: Client, db: None) -> None:
    User.objects.create_user("exploitant@example.test", PASSWORD, is_staff=True)
    client.login(username="exploitant@example.test", password=PASSWORD)

    assert client.get(reverse("admin:index")).status_code == 200


def _check(
    client: Client,
    world: World,
    name: str,
    kwargs: dict[str, Any],
    row: Row,
    persona: str,
    *,
    reaches: bool,
) -> None:
    url = reverse(name, kwargs=kwargs)
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    data = row.data(world) if row.data else {}
    refused_post = row.method == "POST" and not reaches
    before = _snapshot() if refused_post else None

    response = _request(client, row, url, data)

    if reaches:
        assert response.status_code in row.ok_statuses, (
            f"{persona} should reach {url} ({row.ok_statuses}), "
            f"got {response.status_code}"
        )
        return
    if user is None and not row.public:
        assert _is_login_redirect(response, url), (
            f"anonymous should be sent to the login page from {url}, got "
            f"{response.status_code} {response.get('Location', '')}"
        )
    else:
        assert response.status_code == 404, (
            f"{persona} should get 404 on {url}, got {response.status_code}"
        )
    if refused_post:
        assert _snapshot() == before, f"POST {url} by {persona} changed data"


def _request(
    client: Client, row: Row, url: str, data: dict[str, Any]
) -> HttpResponseBase:
    send = client.post if row.method == "POST" else client.get
    response = send(url, data)
    # Read to its end, a download is closed by the test client, which keeps
    # the database connection open (closing it ourselves would not).
    if isinstance(response, StreamingHttpResponse):
        b"".join(response.streaming_content)  # type: ignore[arg-type]
    return response


def _is_login_redirect(response: HttpResponseBase, url: str) -> bool:
    if response.status_code != 302:
        return False
    target = urlsplit(response["Location"])
    return target.path == reverse("accounts:login") and parse_qs(target.query).get(
        "next"
    ) == [url]


def _snapshot() -> dict[str, tuple[int, object]]:
    """How many rows each model of the project holds, and when the latest
    changed: what a refused request must leave as it was."""
    state: dict[str, tuple[int, object]] = {}
    for app in project_apps():
        for model in app.get_models():
            rows = model._base_manager.all()
            fields = {field.name for field in model._meta.get_fields()}
            latest = (
                rows.aggregate(latest=Max("updated_at"))["latest"]
                if "updated_at" in fields
                else None
            )
            state[model._meta.label] = (rows.count(), latest)
    return state
