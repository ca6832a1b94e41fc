"""Markers that only the right people ever see.

Each document of the world carries a marker in its title, its file name
and its content. Those who may see the document find the marker on their
dashboard, the workspace page, the document page and in the download;
nobody else finds it anywhere: not in any page they reach by following
links from their dashboard, not by typing the document's addresses, not by
typing any address that someone allowed saw.
"""

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from quorum.testing import ECOLE_MARKER, FINANCES_MARKER, OTHER_MARKER, World
from web.tests.matrix import ECOLE, FINANCES, PERSONAS

# Enough for every page of the world; a crawl that reaches it stops there.
CRAWL_LIMIT = 300


@dataclass(frozen=True)
class Secret:
    marker: str
    seen_by: frozenset[str]
    # One of them, whose addresses the others type.
    witness: str
    # The pages where those who may see it find it, dashboard first.
    pages: Callable[[World], list[str]]
    # The addresses of the document itself: nobody else reaches them.
    document_urls: Callable[[World], list[str]]

    def __str__(self) -> str:
        return self.marker


def _document_urls(world: World, document_name: str) -> list[str]:
    """The document's addresses under its collectivité's slug and under the
    other one's: a member of one must not reach the other's by its id."""
    document = getattr(world, document_name)
    urls = []
    for slug in (world.commune.slug, world.other.slug):
        ids = {"collectivite": slug, "document_id": document.id}
        urls.append(reverse("documents:detail", kwargs=ids))
        urls.append(reverse("documents:new_version", kwargs=ids))
        urls.extend(
            reverse("documents:download", kwargs={**ids, "version_id": version.id})
            for version in document.versions.all()
        )
    return urls


def _pages(world: World, document_name: str) -> list[str]:
    document = getattr(world, document_name)
    return [
        reverse("web:dashboard", args=[document.collectivite.slug]),
        document.workspace.get_absolute_url(),
        document.get_absolute_url(),
        *(version.get_download_url() for version in document.versions.all()),
    ]


SECRETS = [
    Secret(
        FINANCES_MARKER,
        FINANCES,
        "secretaire",
        lambda w: _pages(w, "finances_doc"),
        lambda w: _document_urls(w, "finances_doc"),
    ),
    # The secrétaire administers every workspace, this one included, and
    # reaches its page to manage its members: never its documents.
    Secret(
        ECOLE_MARKER,
        ECOLE,
        "agent",
        lambda w: _pages(w, "ecole_doc"),
        lambda w: _document_urls(w, "ecole_doc"),
    ),
    # The outsider is the secrétaire of autre-test: nobody of saint-test.
    Secret(
        OTHER_MARKER,
        frozenset({"outsider"}),
        "outsider",
        lambda w: _pages(w, "other_doc"),
        lambda w: _document_urls(w, "other_doc"),
    ),
]


def _cases(*, seen: bool) -> list[object]:
    return [
        pytest.param(secret, persona, id=f"{secret}-{persona}")
        for secret in SECRETS
        for persona in PERSONAS
        if (persona in secret.seen_by) == seen
    ]


@pytest.mark.parametrize(("secret", "persona"), _cases(seen=True))
def test_marker_is_seen_by_those_allowed(
    client: Client, world: World, secret: Secret, persona: str
) -> None:
    client.force_login(world.user(persona))

    for url in secret.pages(world):
        status, body = fetch(client, url)
        assert status == 200, f"{persona} should reach {url}, got {status}"
        assert secret.marker in body, f"{persona} should see {secret} on {url}"
    found = crawl(client, [secret.pages(world)[0]])
    assert set(secret.pages(world)) <= set(found), "not every page is linked"


@pytest.mark.parametrize(("secret", "persona"), _cases(seen=False))
def test_marker_is_not_in_any_page_reached_by_links(
    client: Client, world: World, secret: Secret, persona: str
) -> None:
    _log_in(client, world, persona)
    starts = ["/", *(reverse("web:dashboard", args=[slug]) for slug in _slugs(world))]

    pages = crawl(client, starts)

    leaks = [url for url, body in pages.items() if secret.marker in body]
    assert not leaks, f"{persona} sees {secret} on {leaks}"


@pytest.mark.parametrize(("secret", "persona"), _cases(seen=False))
def test_marker_is_not_reached_by_typing_its_addresses(
    client: Client, world: World, secret: Secret, persona: str
) -> None:
    _log_in(client, world, persona)

    for url in secret.pages(world):
        _, body = fetch(client, url)
        assert secret.marker not in body, f"{persona} sees {secret} on {url}"
    for url in secret.document_urls(world):
        status, _ = fetch(client, url)
        expected = 302 if persona == "anonymous" else 404
        assert status == expected, f"{persona} got {status} on {url}"


@pytest.mark.parametrize(("secret", "persona"), _cases(seen=False))
def test_logged_in_user_who_types_urls_another_user_saw_sees_nothing(
    world: World, secret: Secret, persona: str
) -> None:
    witness = Client()
    witness.force_login(world.user(secret.witness))
    urls = crawl(witness, ["/", *secret.pages(world)])
    assert any(secret.marker in body for body in urls.values())
    client = Client()
    _log_in(client, world, persona)

    leaks = [url for url in urls if secret.marker in fetch(client, url)[1]]

    assert not leaks, f"{persona} sees {secret} where {secret.witness} did: {leaks}"


def test_administration_reaches_a_workspace_it_manages_without_its_documents(
    client: Client, world: World
) -> None:
    """The secrétaire manages the Projet école (its members, its name)
    without being one of its members: the page opens, its documents stay
    out of it."""
    client.force_login(world.personas.secretaire)

    status, body = fetch(client, world.ecole.get_absolute_url())

    assert status == 200
    assert world.ecole.name in body
    assert ECOLE_MARKER not in body


def fetch(client: Client, url: str) -> tuple[int, str]:
    return _read(client.get(url))


def crawl(client: Client, starts: Iterable[str]) -> dict[str, str]:
    """Every same-host address reachable from ``starts`` by links and
    redirects, with what each answered; at most ``CRAWL_LIMIT`` of them."""
    found: dict[str, str] = {}
    queue = deque(starts)
    while queue and len(found) < CRAWL_LIMIT:
        url = queue.popleft()
        if url in found:
            continue
        response = client.get(url)
        status, found[url] = _read(response)
        if status in {301, 302, 303, 307, 308}:
            target = _local(url, response["Location"])
            if target:
                queue.append(target)
        elif status == 200 and "text/html" in response.get("Content-Type", ""):
            queue.extend(_links(url, found[url]))
    return found


def _read(response: HttpResponseBase) -> tuple[int, str]:
    """The status and everything a person could read of the answer: its
    headers (a download's file name) and its body (a download's content)."""
    # Read to its end, a download is closed by the test client, which keeps
    # the database connection open (closing it ourselves would not).
    if isinstance(response, StreamingHttpResponse):
        content = b"".join(response.streaming_content)  # type: ignore[arg-type]
    else:
        content = response.content  # type: ignore[attr-defined]
    headers = "\n".join(f"{key}: {value}" for key, value in response.items())
    return response.status_code, headers + "\n" + content.decode(errors="replace")


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"a", "area"}:
            self.hrefs.extend(
                value for name, value in attrs if name == "href" and value
            )


def _links(base: str, html: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html)
    return [link for href in parser.hrefs if (link := _local(base, href))]


def _local(base: str, href: str) -> str | None:
    """The path and query of a link on this site, but for static files."""
    target = urlsplit(urljoin(f"http://testserver{base}", href))
    if target.scheme not in {"http", "https"} or target.netloc != "testserver":
        return None
    if target.path.startswith("/static/"):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def _log_in(client: Client, world: World, persona: str) -> None:
    user = world.user(persona)
    if user is not None:
        client.force_login(user)


def _slugs(world: World) -> list[str]:
    return [world.commune.slug, world.other.slug]
