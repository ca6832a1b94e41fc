"""Accessibility: axe-core's rules on every page of the demo that each person
reaches, in the system Chromium.

The demo is seeded once; each demo account (logged in through the form by
Django's test client, whose session the browser takes) and an anonymous
visitor, who also opens a convocation's personal link, get one browser
context that crawls the demo once, following every link as the demo's own
crawl does (a few pages of each shape: the same view over other rows), so
that a page added to the demo is checked without touching this file. On
each page it runs axe-core (the npm package, ``make node-deps``).
No serious or critical violation may remain; the message names the rule, the
page and the elements.
"""

import contextlib
import io
import re
from collections import Counter, defaultdict, deque
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import Browser, Page
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from collectivites.models import Collectivite
from convocations.models import Delivery
from demo.tests.test_seed_demo import ACCOUNTS, NUMBER, UUID, log_in
from web.tests.browsing import DESKTOP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# The rows of one view rarely differ in what axe checks; two of each shape
# keep the run short while every view is seen.
PER_SHAPE = 2
CRAWL_LIMIT = 400
# Links to files (PDFs made on the fly, downloads, calendar feeds): axe has
# nothing to check there, and drawing each PDF would cost the run seconds.
FILE_LINK = re.compile(r"\.(pdf|ics|csv|zip|json|xml)$|/(pdf|telecharger|afficher)/$")
BLOCKING = ("serious", "critical")

# Runs every axe rule, keeps the violations that block someone and says where.
RUN_AXE = """async (blocking) => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((violation) => blocking.includes(violation.impact))
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
    }));
}"""


@pytest.fixture
def demo(settings: Any, tmp_path: Path) -> None:
    # The generated documents stand for the real corpus: the same pages,
    # without a minute of conversions.
    settings.QUORUM_CORPUS_DIR = tmp_path / "absent"
    call_command("seed_demo", stdout=io.StringIO())


def _shape(url: str) -> str:
    return NUMBER.sub("0", UUID.sub("*", url))


# The same-host links of the page, as the browser resolved them.
LINKS = """() => [...document.querySelectorAll("a[href]")]
  .map((a) => new URL(a.href, document.baseURI))
  .filter((url) => url.origin === location.origin)
  .map((url) => url.pathname + url.search)"""


def crawl_and_check(
    page: Page, base_url: str, starts: list[str], axe: str
) -> dict[str, list[dict[str, Any]]]:
    """Every whole HTML page reached from ``starts`` by links (``PER_SHAPE``
    of each shape, files and static files left out), each checked by axe-core
    once loaded: the serious and critical violations by page."""
    violations: dict[str, list[dict[str, Any]]] = {}
    queue = deque(starts)
    seen = set(starts)
    shapes: Counter[str] = Counter(_shape(url) for url in starts)
    while queue:
        url = queue.popleft()
        try:
            response = page.goto(base_url + url)
        except PlaywrightError:  # a download that FILE_LINK did not foresee
            continue
        # A link that does not answer is the demo crawl's business
        # (demo/tests/test_seed_demo.py), not accessibility's.
        if response is None or response.status != 200:
            continue
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if page.evaluate("document.doctype === null"):
            continue  # an htmx fragment, checked inside its page
        # Evaluated through the DevTools protocol, which the page's
        # Content-Security-Policy does not restrict.
        page.evaluate(axe)
        violations[url] = page.evaluate(RUN_AXE, list(BLOCKING))
        for link in page.evaluate(LINKS):
            path = link.split("?", 1)[0]
            if link in seen or FILE_LINK.search(path) or path.startswith("/static/"):
                continue
            shape = _shape(link)
            if shapes[shape] < PER_SHAPE:
                seen.add(link)
                shapes[shape] += 1
                queue.append(link)
        assert len(seen) <= CRAWL_LIMIT, "the crawl does not end: a page loops"
    return violations


def _visitors() -> list[tuple[str, Client, list[str]]]:
    """Each demo account logged in, then the anonymous visitor with a
    convocation's personal link, with where their crawl starts."""
    visitors = []
    for email in ACCOUNTS:
        client = Client()
        log_in(client, email)
        visitors.append((email, client, ["/"]))
    delivery = Delivery.objects.exclude(token="").first()
    assert delivery is not None, "the demo sent no convocation"
    starts = ["/", f"/convocation/{delivery.token}/"]
    for slug in Collectivite.objects.values_list("slug", flat=True):
        # The public portal of each commune (publication), when it exists.
        with contextlib.suppress(NoReverseMatch):
            starts.append(reverse("public:index", args=[slug]))
    visitors.append(("anonyme", Client(), starts))
    return visitors


def test_no_page_of_the_demo_has_a_serious_accessibility_violation(
    demo: None, browser: Browser, live_server: LiveServer
) -> None:
    if not AXE.exists():
        pytest.fail(f"{AXE} est introuvable : lancez `make node-deps`.")
    axe = AXE.read_text()
    cookie = settings.SESSION_COOKIE_NAME
    found: dict[str, list[str]] = defaultdict(list)
    checked = 0
    for who, client, starts in _visitors():
        context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
        if cookie in client.cookies:
            session = client.cookies[cookie].value
            context.add_cookies(
                [{"name": cookie, "value": session, "url": live_server.url}]
            )
        pages = crawl_and_check(context.new_page(), live_server.url, starts, axe)
        context.close()
        for url, violations in pages.items():
            for violation in violations:
                key = f"{violation['id']} ({violation['impact']}): {violation['help']}"
                found[key].append(f"{who} {url} → {', '.join(violation['nodes'])}")
        checked += len(pages)

    assert checked >= 60, f"only {checked} pages were checked"
    report = "\n".join(
        f"{rule}\n  " + "\n  ".join(places[:8]) for rule, places in found.items()
    )
    assert not found, f"axe-core finds, on {checked} pages:\n{report}"
