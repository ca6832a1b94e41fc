"""Markers that only the right people ever see.

Each document of the world carries a marker in its title, its file name
and its content. Those who may see the document find the marker on their
dashboard, the workspace page, the document page, in the download and in
the search; nobody else finds it anywhere: not in any page they reach by
following links from their dashboard, not by typing the document's
addresses, not by typing any address that someone allowed saw.

Two points of the council carry markers the same way, in their title, their
draft and their annex: a draft point of a séance in preparation, and a point
à huis clos of a convened séance. A PDF is read as a person reads it: its
text, its bookmarks and its title.
"""

import io
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pypdf
import pytest
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from convocations.models import Delivery
from convocations.services import send_convocation
from dossiers.models import DossierBuild
from dossiers.services import request_build
from quorum.testing import ECOLE_MARKER, FINANCES_MARKER, OTHER_MARKER, World
from seances.annex_uploads import upload_annex
from seances.models import AgendaItem, Seance
from seances.services import add_item
from seances.tests.access_rows import make_seance, validate_point
from seances.workflow import save_draft
from web.tests.matrix import ECOLE, FINANCES, PERSONAS

# Enough for every page of the world; a crawl that reaches it stops there.
CRAWL_LIMIT = 300

BROUILLON_MARKER = "CANARI-BROUILLON"
HUIS_CLOS_MARKER = "CANARI-HUIS-CLOS"
# Before the convocation: the maire, the secrétaire and the rapporteur.
SEES_BROUILLON = frozenset({"maire", "secretaire", "adjointe"})
# From the convocation: every élu in office, the administration, and the
# agent named on the point.
SEES_HUIS_CLOS = frozenset({"maire", "adjointe", "conseiller", "secretaire", "agent"})


def _nothing(world: World) -> None:
    return None


def _no_pages(world: World) -> list[str]:
    return []


@dataclass(frozen=True)
class Secret:
    marker: str
    seen_by: frozenset[str]
    # One of them, whose addresses the others type.
    witness: str
    # The pages where those who may see it find it, each reached by links
    # from their home page.
    pages: Callable[[World], list[str]]
    # The addresses of the document itself: nobody else reaches them.
    document_urls: Callable[[World], list[str]]
    # What the world needs besides its documents for this secret.
    prepare: Callable[[World], None] = _nothing
    # Pages reached through a form (the search box), not a link.
    typed: Callable[[World], list[str]] = _no_pages

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


def _search(slug: str, words: str) -> list[str]:
    """The results of ``words``, which are in the marked title but are not
    the marker: the page repeats what was typed, and a marker typed into
    the search box is no leak."""
    return [reverse("search:results", args=[slug]) + "?" + urlencode({"q": words})]


def make_council(world: World) -> None:
    """The séances the point markers live in, through the services.

    In preparation, a séance whose one point is a draft reported by the
    adjointe (who therefore reads its whole dossier too). Convened, with its
    convocation sent, a séance of two points on which the agent works: one
    of them à huis clos. Each marked point has a draft and an annex that
    carry its marker; every dossier is compiled, the public one included.
    """
    secretaire = world.personas.secretaire
    adjointe = world.memberships["adjointe"]
    agent = world.memberships["agent"]

    preparing = make_seance(world, days=20)
    _marked_point(
        world, preparing, "Décision modificative", BROUILLON_MARKER, named=False
    )

    convened = make_seance(world, days=30)
    cantine = add_item(
        convened,
        by=secretaire,
        title="Tarifs de la cantine",
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=adjointe,
        agents=[agent],
    )
    save_draft(cantine, by=secretaire, based_on=0, articles="Tarifs.", nature="1")
    validate_point(world, cantine)
    validate_point(
        world,
        _marked_point(world, convened, "Protection fonctionnelle", HUIS_CLOS_MARKER),
    )
    send_convocation(convened, by=world.personas.maire)

    for seance, variant in (
        (preparing, DossierBuild.Variant.CONSEILLERS),
        (convened, DossierBuild.Variant.CONSEILLERS),
        (convened, DossierBuild.Variant.PUBLIC),
    ):
        build = request_build(seance, variant=variant, by=secretaire)
        build.refresh_from_db()
        assert build.status == DossierBuild.Status.READY, build.error


def _marked_point(
    world: World, seance: Seance, title: str, marker: str, *, named: bool = True
) -> AgendaItem:
    """A point reported by the adjointe; the agent works on it if ``named``."""
    secretaire = world.personas.secretaire
    item = add_item(
        seance,
        by=secretaire,
        title=f"{title} {marker}",
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=world.memberships["adjointe"],
        agents=[world.memberships["agent"]] if named else [],
        huis_clos=marker == HUIS_CLOS_MARKER,
    )
    save_draft(
        item,
        by=secretaire,
        based_on=0,
        visas="Vu le code général des collectivités territoriales,",
        articles=f"Le conseil décide ({marker}).",
        nature="1",
    )
    content = f"Annexe {marker}\n".encode()
    upload_annex(
        item,
        by=secretaire,
        stream=io.BytesIO(content),
        filename=f"annexe-{marker}.txt",
        size=len(content),
        title=f"Annexe {marker}",
    )
    return item


def _marked(marker: str) -> AgendaItem:
    return AgendaItem.objects.select_related("seance__collectivite").get(
        title__contains=marker
    )


def _point_pages(world: World, marker: str) -> list[str]:
    """The séance page, the point and its annex, the ordre du jour and the
    councillors' dossier."""
    item = _marked(marker)
    seance = {"collectivite": world.slug, "seance_id": item.seance_id}
    return [
        item.seance.get_absolute_url(),
        item.get_absolute_url(),
        *_annex_urls(item, world.slug),
        reverse("dossiers:agenda", kwargs=seance),
        _dossier_url(world.slug, item.seance_id, "conseillers"),
    ]


def _dossier_url(slug: str, seance_id: object, variant: str) -> str:
    ids = {"collectivite": slug, "seance_id": seance_id, "variant": variant}
    return reverse("dossiers:download", kwargs=ids)


def _annex_urls(item: AgendaItem, slug: str) -> list[str]:
    return [
        reverse(
            "seances:annex_download",
            kwargs={"collectivite": slug, "item_id": item.pk, "annex_id": annex.pk},
        )
        for annex in item.annexes.all()
    ]


def _point_urls(world: World, marker: str) -> list[str]:
    """The point's addresses and those of its séance's documents, under its
    collectivité's slug and under the other one's."""
    item = _marked(marker)
    urls = []
    for slug in (world.commune.slug, world.other.slug):
        ids = {"collectivite": slug, "item_id": item.pk}
        seance = {"collectivite": slug, "seance_id": item.seance_id}
        urls += [
            reverse(f"seances:{name}", kwargs=ids)
            for name in ("point", "point_edit", "draft_edit", "draft_compare")
        ]
        urls += _annex_urls(item, slug)
        urls += [
            reverse(f"dossiers:{name}", kwargs=seance)
            for name in ("convocation", "agenda", "state")
        ]
        urls += [
            _dossier_url(slug, item.seance_id, variant)
            for variant in DossierBuild.Variant.values
        ]
    return urls


SECRETS = [
    Secret(
        FINANCES_MARKER,
        FINANCES,
        "secretaire",
        lambda w: _pages(w, "finances_doc"),
        lambda w: _document_urls(w, "finances_doc"),
        typed=lambda w: _search(w.slug, "primitif"),
    ),
    # The secrétaire administers every workspace, this one included, and
    # reaches its page to manage its members: never its documents.
    Secret(
        ECOLE_MARKER,
        ECOLE,
        "agent",
        lambda w: _pages(w, "ecole_doc"),
        lambda w: _document_urls(w, "ecole_doc"),
        typed=lambda w: _search(w.slug, "extension"),
    ),
    # The outsider is the secrétaire of autre-test: nobody of saint-test.
    Secret(
        OTHER_MARKER,
        frozenset({"outsider"}),
        "outsider",
        lambda w: _pages(w, "other_doc"),
        lambda w: _document_urls(w, "other_doc"),
        typed=lambda w: _search(w.other.slug, "voirie"),
    ),
    # Not the conseiller before the convocation, nor the agent, who is not
    # named on it.
    Secret(
        BROUILLON_MARKER,
        SEES_BROUILLON,
        "secretaire",
        lambda w: [
            reverse("web:dashboard", args=[w.slug]),
            *_point_pages(w, BROUILLON_MARKER),
        ],
        lambda w: _point_urls(w, BROUILLON_MARKER),
        prepare=make_council,
        typed=lambda w: _search(w.slug, "modificative"),
    ),
    # Never public, and nobody of another collectivité; the conseiller, a
    # member of the council who prepares nothing, is the one whose
    # addresses the others type.
    Secret(
        HUIS_CLOS_MARKER,
        SEES_HUIS_CLOS,
        "conseiller",
        lambda w: _point_pages(w, HUIS_CLOS_MARKER),
        lambda w: _point_urls(w, HUIS_CLOS_MARKER),
        prepare=make_council,
        typed=lambda w: _search(w.slug, "fonctionnelle"),
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
    secret.prepare(world)
    client.force_login(world.user(persona))

    for url in [*secret.pages(world), *secret.typed(world)]:
        status, body = fetch(client, url)
        assert status == 200, f"{persona} should reach {url}, got {status}"
        assert secret.marker in body, f"{persona} should see {secret} on {url}"
    found = crawl(client, ["/"])
    assert set(secret.pages(world)) <= set(found), "not every page is linked"


@pytest.mark.parametrize(("secret", "persona"), _cases(seen=False))
def test_marker_is_not_in_any_page_reached_by_links(
    client: Client, world: World, secret: Secret, persona: str
) -> None:
    secret.prepare(world)
    _log_in(client, world, persona)
    starts = ["/", *(reverse("web:dashboard", args=[slug]) for slug in _slugs(world))]

    pages = crawl(client, starts)

    leaks = [url for url, body in pages.items() if secret.marker in body]
    assert not leaks, f"{persona} sees {secret} on {leaks}"


@pytest.mark.parametrize(("secret", "persona"), _cases(seen=False))
def test_marker_is_not_reached_by_typing_its_addresses(
    client: Client, world: World, secret: Secret, persona: str
) -> None:
    secret.prepare(world)
    _log_in(client, world, persona)

    for url in [*secret.pages(world), *secret.typed(world)]:
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
    secret.prepare(world)
    witness = Client()
    witness.force_login(world.user(secret.witness))
    urls = crawl(witness, ["/", *secret.pages(world), *secret.typed(world)])
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


def test_no_point_marker_is_on_a_public_page_nor_in_the_public_dossier(
    client: Client, world: World
) -> None:
    """A point à huis clos is never public (CGCT L2121-18), a draft even
    less: not on the page a convocation's personal link opens without
    login, not on any page reached from it, not in the public dossier."""
    make_council(world)
    convened = _marked(HUIS_CLOS_MARKER).seance
    links = [
        reverse("convocations:link", kwargs={"token": delivery.token})
        for delivery in Delivery.objects.filter(convocation__seance=convened)
    ]
    assert links, "the convocation reached nobody"

    public = crawl(client, ["/", reverse("accounts:login"), *links])

    assert set(links) <= set(public)
    for url, body in public.items():
        for marker in (BROUILLON_MARKER, HUIS_CLOS_MARKER):
            assert marker not in body, f"{marker} is public on {url}"
    client.force_login(world.personas.maire)
    status, dossier = fetch(client, _dossier_url(world.slug, convened.pk, "public"))
    _, councillors = fetch(client, _dossier_url(world.slug, convened.pk, "conseillers"))
    assert status == 200
    assert "Tarifs de la cantine" in dossier
    assert HUIS_CLOS_MARKER not in dossier
    assert HUIS_CLOS_MARKER in councillors


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
    text = content.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/pdf"):
        text = _pdf_text(content)
    return response.status_code, headers + "\n" + text


def _pdf_text(content: bytes) -> str:
    """What a reader of the PDF sees: its title, its bookmarks and the text
    of its pages, words separated by single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    parts = [str((reader.metadata or {}).get("/Title", ""))]
    parts += _outline_titles(reader.outline)
    parts += [page.extract_text() or "" for page in reader.pages]
    return " ".join(" ".join(parts).split())


def _outline_titles(outline: list[object]) -> list[str]:
    titles: list[str] = []
    for entry in outline:
        if isinstance(entry, list):
            titles += _outline_titles(entry)
        else:
            titles.append(str(getattr(entry, "title", "")))
    return titles


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
