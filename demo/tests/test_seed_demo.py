import hashlib
import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from collectivites.models import Collectivite, Membership, Workspace
from demo import data
from documents.models import Document
from documents.storage import open_blob
from journal.services import verify
from quorum.testing import pass_second_step

pytestmark = pytest.mark.django_db

LOGIN_URL = "/compte/connexion/"
CRAWL_LIMIT = 450
PER_SHAPE = 6
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NUMBER = re.compile(r"(?<=[?&=-])\d+")
ACCOUNTS = [
    person.email for town in data.TOWNS for person in town.people if person.login
]
# Who must find each marker somewhere in the pages they can reach.
SEES_FINANCES = {
    "secretaire@example.org",
    "maire@example.org",
    "adjointe.finances@example.org",
}
SEES_AUTRE = {"secretaire@autre.example.org"}
SEES_CORPUS = {"secretaire@example.org", "maire@example.org"}


@pytest.fixture
def no_corpus(settings, tmp_path: Path) -> None:
    """Quicker, and these rules hold with or without the real files."""
    settings.QUORUM_CORPUS_DIR = tmp_path / "absent"


def seed(**options: object) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def same_host_links(page_url: str, html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        url = urlsplit(urljoin(page_url, href))
        if url.scheme in ("", "http", "https") and url.netloc in ("", "testserver"):
            links.append(url.path + (f"?{url.query}" if url.query else ""))
    return links


def crawl(client: Client, start: str) -> dict[str, str]:
    """GET every same-host link reachable from ``start``, asserting 200;
    the HTML of each page by URL.

    The pages of one shape (the same path once ids are blanked) are one
    view over different rows: a few of each reach every view while the
    cost stays the same whatever the size of the corpus."""
    pages: dict[str, str] = {}
    queue, seen = deque([start]), {start}
    shapes: Counter[str] = Counter()
    while queue:
        url = queue.popleft()
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{url} → {response.status_code}"
        if response.streaming:
            b"".join(response.streaming_content)  # drains and closes the file
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        pages[url] = response.content.decode()
        for link in same_host_links(url, pages[url]):
            # A query's numbers (a month of the calendar, a page) are one
            # view over other rows too.
            shape = NUMBER.sub("0", UUID.sub("*", link))
            if link not in seen and shapes[shape] < PER_SHAPE:
                seen.add(link)
                shapes[shape] += 1
                queue.append(link)
        assert len(seen) <= CRAWL_LIMIT, "the crawl does not end: a page loops"
    return pages


def log_in(client: Client, email: str) -> None:
    response = client.post(LOGIN_URL, {"username": email, "password": data.PASSWORD})
    response = pass_second_step(client, response, email)
    assert response.status_code == 302, f"{email} cannot log in"


def test_seed_demo_runs_cleanly_twice_and_keeps_the_demo(corpus_dir: Path):
    first = seed()
    documents = set(Document.objects.values_list("id", flat=True))

    second = seed()

    assert "Démo créée" in first
    assert "La démo existe déjà" in second
    assert "conservées" in second
    assert set(Document.objects.values_list("id", flat=True)) == documents
    assert Collectivite.objects.count() == 2
    assert verify() == []


def test_reset_rebuilds_the_demo_and_every_journal_chain_still_holds(
    corpus_dir: Path,
):
    seed()
    before = set(Document.objects.values_list("id", flat=True))

    output = seed(reset=True)

    assert "Démo reconstruite" in output
    after = set(Document.objects.values_list("id", flat=True))
    assert len(after) == len(before)
    assert not after & before
    assert Collectivite.objects.count() == 2
    assert verify() == []


def test_every_demo_account_logs_in_and_every_reachable_page_answers_200(
    corpus_dir: Path,
):
    seed()

    for email in ACCOUNTS:
        client = Client()
        log_in(client, email)

        pages = crawl(client, "/")

        text = "\n".join(pages.values())
        assert len(pages) >= 4, email
        assert ("CANARI-FINANCES" in text) == (email in SEES_FINANCES), email
        assert ("CANARI-AUTRE" in text) == (email in SEES_AUTRE), email
        assert ("CR_reunion_20210129" in text) == (email in SEES_CORPUS), email


def test_markers_sit_in_their_own_workspaces(no_corpus: None):
    seed()

    finances = Document.objects.get(title__contains="CANARI-FINANCES")
    autre = Document.objects.get(title__contains="CANARI-AUTRE")
    assert finances.workspace.name == "Commission des finances"
    assert finances.collectivite.slug == "saint-exemple"
    assert autre.workspace.name == "Commission travaux"
    assert autre.collectivite.slug == "val-dautre"


def test_saint_exemple_has_a_full_council_with_one_replaced_resignation(
    no_corpus: None,
):
    seed()

    commune = Collectivite.objects.get(slug="saint-exemple")
    assert (commune.population_totale, commune.council_seats) == (1240, 15)
    assert commune.insee_code == "38999"
    elus = Membership.objects.filter(collectivite=commune).elus()
    assert elus.current().count() == 15
    assert elus.current().filter(role="maire").count() == 1
    assert elus.current().filter(role="adjoint").exclude(delegation="").count() == 4
    assert elus.current().filter(role="conseiller_delegue").count() == 1
    [resigned] = elus.exclude(ended_on=None)
    assert resigned.end_reason == "démission"
    replacement = elus.get(started_on=resigned.ended_on)
    assert replacement.rank == resigned.rank
    assert Membership.objects.filter(collectivite=commune).agents().count() == 3


def test_the_demo_council_is_written_as_its_people_are(no_corpus: None):
    seed()

    commune = Collectivite.objects.get(slug="saint-exemple")
    members = Membership.objects.filter(collectivite=commune).select_related("user")
    maire = members.get(role="maire")
    assert maire.user.civility == "madame"
    assert maire.title_with_article == "la maire"
    assert members.get(rank=2).title == "1re adjointe au maire"
    assert members.get(rank=3).title == "2e adjoint au maire"
    assert members.get(user__first_name="Julien").title == "conseiller municipal"


def test_login_accounts_are_where_the_demo_says(no_corpus: None):
    seed()

    def spaces(email: str) -> set[str]:
        return set(
            Workspace.objects.filter(
                memberships__membership__user__email=email
            ).values_list("name", flat=True)
        )

    assert spaces("secretaire@example.org") == {
        "Commission des finances",
        "Archives du conseil",
        "Fichiers de test",
    }
    assert spaces("conseiller@example.org") == set()
    assert spaces("agent.technique@example.org") == {"Projet école"}
    assert spaces("secretaire@autre.example.org") == {"Commission travaux"}
    assert (
        Membership.objects.get(user__email="adjointe.finances@example.org")
        .workspace_memberships.get()
        .is_manager
    )
    assert set(
        Membership.objects.filter(
            user__email="secretaire@autre.example.org"
        ).values_list("collectivite__slug", flat=True)
    ) == {"val-dautre"}


def test_fictional_members_cannot_log_in(client: Client, no_corpus: None):
    seed()

    response = client.post(
        LOGIN_URL,
        {"username": "marc.lefebure@example.org", "password": data.PASSWORD},
    )

    assert response.status_code == 200
    assert "mot de passe incorrect" in response.content.decode()


def test_budget_has_three_versions_by_two_people(no_corpus: None):
    seed()

    budget = Document.objects.get(title__contains="propositions par chapitre")
    versions = budget.versions.order_by("number")
    assert [v.created_by.email for v in versions] == [
        "secretaire@example.org",
        "adjointe.finances@example.org",
        "secretaire@example.org",
    ]
    assert len({v.blob_id for v in versions}) == 3
    assert budget.current_version.number == 3


def test_real_corpus_goes_whole_into_private_workspaces_only(corpus_dir: Path):
    output = seed()

    files = [p for p in corpus_dir.rglob("*") if p.is_file()]
    imported = Document.objects.filter(
        workspace__name__in=["Archives du conseil", "Fichiers de test"]
    )
    assert imported.count() == len(files) >= 41
    for workspace in Workspace.objects.filter(
        name__in=["Archives du conseil", "Fichiers de test"]
    ):
        assert [m.user.email for m in workspace.members.all()] == [
            "secretaire@example.org"
        ]
    flaux = imported.filter(folder="fr-flaux-gard")
    assert flaux.count() == 11
    assert flaux.filter(title="PV du 16 décembre 2022").exists()
    assert "0 refusé" in output


def test_without_the_corpus_the_demo_writes_its_own_documents(
    client: Client, no_corpus: None
):
    output = seed()

    assert "Corpus réel absent" in output
    archives = Document.objects.filter(workspace__name="Archives du conseil")
    assert archives.count() == 3
    assert not Document.objects.filter(workspace__name="Fichiers de test").exists()
    pdf = archives.get(current_version__filename__endswith=".pdf")
    with open_blob(pdf.current_version.blob) as stored:
        assert stored.read().startswith(b"%PDF-1.4")
    log_in(client, "secretaire@example.org")
    assert "Liste des délibérations du 25 septembre 2026" in "".join(
        crawl(client, "/").values()
    )


def test_demo_prints_the_address_the_accounts_and_the_imports(
    corpus_dir: Path, monkeypatch
):
    monkeypatch.setenv("PORT", "8123")

    output = seed()

    assert "http://127.0.0.1:8123/" in output
    assert "quorum-demo" in output
    for email in ACCOUNTS:
        assert email in output
    assert "fr-flaux-gard → « Archives du conseil » : 11 importés" in output


def test_imported_corpus_comes_back_byte_for_byte(corpus_dir: Path):
    seed()

    document = Document.objects.get(
        folder="fr-flaux-gard", title="liste des délibérations 16 mai 2025"
    )
    source = next(corpus_dir.glob("fr-flaux-gard/liste des*"))
    with open_blob(document.current_version.blob) as stored:
        assert (
            hashlib.sha256(stored.read()).digest()
            == hashlib.sha256(source.read_bytes()).digest()
        )
