"""What the demo shows of the council: a past séance, a convened one with a
point à huis clos, and the next one in preparation with five points at
every step of the review, real annexes from the corpus, a draft written in
three revisions by two people and a late review.

The demo is seeded once for the module, with the real corpus, inside a
transaction rolled back at the end: each test runs in a savepoint of it
and leaves nothing behind.
"""

import hashlib
import html
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from pytest_django import DjangoDbBlocker, Settings

from demo import data
from demo.builder import seed_demo
from demo.seances import (
    BROUILLON_MARKER,
    CONVENTION_ANNEX,
    HUIS_CLOS_MARKER,
    PV_ANNEX,
    SUBSIDIES_ANNEX,
    AnnexFile,
)
from demo.sittings import PAST_POINTS
from documents.storage import open_blob
from domain import scdl
from quorum.testing import pass_second_step
from seances.annex_uploads import annex_workspace
from seances.models import AgendaItem, Annex, Seance

State = AgendaItem.State
SLUG = data.CORPUS_TOWN
LOGINS = {
    person.key: person.email
    for town in data.TOWNS
    for person in town.people
    if person.login
}
# The corpus names real people: of the demo accounts, these alone may read
# it; the adjointe holds the maire's validations this week (demo.interims),
# and so reads the points in preparation as the maire does.
SEES_CORPUS = {LOGINS["secretaire"], LOGINS["maire"], LOGINS["adjointe_finances"]}
NEXT_AGENDA = [
    ("1", "Approbation du procès-verbal de la séance du"),
    ("2", "Décision modificative n° 2 du budget principal"),
    ("2.1", "Décision modificative du budget annexe de l'eau"),
    ("3", "Subventions aux associations pour 2027"),
    ("4", "Tarifs de la cantine scolaire"),
    ("5", "Convention d'entretien de la voirie avec le SIVOM"),
]
# The points of the next séance that carry a file of the corpus.
ANNEXED = [
    pytest.param("Approbation du procès-verbal de la séance du", PV_ANNEX, id="pv"),
    pytest.param("Subventions aux associations", SUBSIDIES_ANNEX, id="subventions"),
    pytest.param("Convention d'entretien de la voirie", CONVENTION_ANNEX, id="sivom"),
]


@dataclass(frozen=True)
class Seeded:
    media: Path
    corpus: Path


@pytest.fixture(scope="module")
def seeded(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Seeded]:
    """The demo with the corpus, built once; the settings of the root
    conftest's ``_test_settings`` that seeding needs, set for the module."""
    corpus = Path(settings.QUORUM_CORPUS_DIR)
    assert corpus.is_dir(), f"Le corpus est introuvable : {corpus}"
    media = tmp_path_factory.mktemp("demo-media")
    quick = override_settings(
        MEDIA_ROOT=media,
        MAILERS={
            "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        },
        TASKS={
            "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), quick, transaction.atomic():
        seed_demo(corpus_dir=corpus)
        yield Seeded(media=media, corpus=corpus)
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded: Seeded, db: None, _test_settings: None, settings: Settings) -> Seeded:
    """The seeded demo, its files where the seeding stored them (after the
    root conftest has pointed MEDIA_ROOT at the test's own directory)."""
    settings.MEDIA_ROOT = seeded.media
    return seeded


def seance(status: str) -> Seance:
    """The latest of its status: an earlier séance is closed too, for the
    procès-verbal the past one approved (``demo.minutes``)."""
    return Seance.objects.filter(
        collectivite__slug=SLUG, status=status, workspace__isnull=True
    ).latest("starts_at")


def agenda(of: Seance) -> list[tuple[str, AgendaItem]]:
    """The points as the agenda numbers them: 1, 2, 2.1, 3…"""
    lines = []
    for top in of.items.filter(parent=None).order_by("position"):
        lines.append((str(top.position), top))
        for sub in top.children.order_by("position"):
            lines.append((f"{top.position}.{sub.position}", sub))
    return lines


def point(title: str) -> AgendaItem:
    """The point of the latest séance whose title begins so: each séance
    approves the procès-verbal of the one before (``minutes.services``)."""
    found = (
        AgendaItem.objects.select_related("rapporteur__user")
        .filter(seance__collectivite__slug=SLUG, title__startswith=title)
        .order_by("-seance__starts_at")
        .first()
    )
    assert found is not None, title
    return found


def logged_in(key: str) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": LOGINS[key], "password": data.PASSWORD},
    )
    response = pass_second_step(client, response, LOGINS[key])
    assert response.status_code == 302, f"{key} cannot log in"
    return client


def annex_url(annex: Annex) -> str:
    return reverse(
        "seances:annex_download",
        kwargs={"collectivite": SLUG, "item_id": annex.item_id, "annex_id": annex.pk},
    )


def download(client: Client, url: str) -> tuple[int, bytes]:
    """The status and the bytes of ``url``, a download read to its end (the
    test client then closes its file)."""
    response = client.get(url)
    if response.streaming:
        content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    else:
        content = response.content
    return response.status_code, content


def read(annex: Annex) -> bytes:
    with open_blob(annex.version.blob) as stored:
        return stored.read()


def test_the_demo_has_a_past_a_convened_and_a_next_seance(demo: Seeded) -> None:
    past = seance(Seance.Status.CLOSE)
    convened = seance(Seance.Status.CONVOQUEE)
    upcoming = seance(Seance.Status.PREPARATION)

    assert past.starts_at < convened.starts_at < upcoming.starts_at
    assert convened.convened_on is not None
    assert {item.state for item in convened.items.all()} == {State.INSCRIT}
    [huis_clos] = convened.items.filter(huis_clos=True)
    assert HUIS_CLOS_MARKER in huis_clos.title


def test_the_next_seance_has_five_points_at_every_step_of_the_review(
    demo: Seeded,
) -> None:
    lines = agenda(seance(Seance.Status.PREPARATION))

    assert len(lines) == len(NEXT_AGENDA)
    for (number, item), (expected_number, title) in zip(
        lines, NEXT_AGENDA, strict=True
    ):
        assert (number, item.title[: len(title)]) == (expected_number, title)
    steps = {number: (item.state, item.review_is_late) for number, item in lines}
    assert steps == {
        "1": (State.VALIDE, False),
        "2": (State.BROUILLON, False),
        "2.1": (State.BROUILLON, False),
        "3": (State.BROUILLON, False),
        "4": (State.RELECTURE, True),
        "5": (State.RELECTURE, False),
    }
    by_number = dict(lines)
    assert by_number["4"].rapporteur_approved_at is None
    assert by_number["5"].rapporteur_approved_at is not None
    assert not any(item.huis_clos for _, item in lines)


def test_the_brouillon_marker_is_a_draft_of_the_adjointe_aux_finances(
    demo: Seeded,
) -> None:
    dm = point("Décision modificative n° 2")

    assert BROUILLON_MARKER in dm.title
    assert dm.state == State.BROUILLON
    assert dm.seance.status == Seance.Status.PREPARATION
    assert dm.rapporteur is not None
    assert dm.rapporteur.user.email == LOGINS["adjointe_finances"]
    assert not dm.agents.exists()
    assert AgendaItem.objects.filter(title__contains=BROUILLON_MARKER).count() == 1


def test_a_draft_was_written_in_three_revisions_by_two_people(demo: Seeded) -> None:
    subventions = point("Subventions aux associations")

    revisions = list(subventions.revisions.order_by("number"))

    assert [revision.number for revision in revisions] == [1, 2, 3]
    assert subventions.draft_revision == 3
    authors = [revision.author for revision in revisions]
    assert authors[0] == authors[2] != authors[1]
    assert {author.email for author in authors} == {
        LOGINS["secretaire"],
        "sandrine.petit@example.org",
    }
    assert revisions[0].articles != revisions[1].articles
    assert revisions[1].expose != revisions[2].expose
    compare = logged_in("secretaire").get(
        reverse(
            "seances:draft_compare",
            kwargs={"collectivite": SLUG, "item_id": subventions.pk},
        )
    )
    assert compare.status_code == 200
    assert "Vingt-trois associations" in compare.content.decode()


def test_the_late_review_waits_on_the_dashboards_of_those_who_prepare(
    demo: Seeded,
) -> None:
    cantine = point("Tarifs de la cantine scolaire")
    assert cantine.review_is_late
    assert cantine.rapporteur is not None

    for key in ("secretaire", "maire"):
        page = logged_in(key).get(reverse("web:dashboard", args=[SLUG]))

        late = page.content.decode().partition("Relectures en retard")[2]
        assert cantine.title in late, key
        assert cantine.rapporteur.user.full_name in late, key


def test_the_maire_has_the_approved_convention_to_validate(demo: Seeded) -> None:
    convention = point("Convention d'entretien de la voirie")
    maire = logged_in("maire")

    page = maire.get(convention.get_absolute_url())
    response = maire.post(
        reverse(
            "seances:point_validate",
            kwargs={"collectivite": SLUG, "item_id": convention.pk},
        ),
        {"revision": convention.draft_revision},
    )

    assert "Valider le point" in page.content.decode()
    assert response.status_code == 302
    convention.refresh_from_db()
    assert convention.state == State.VALIDE


@pytest.mark.parametrize(("title", "annex"), ANNEXED)
def test_the_points_carry_real_annexes_from_the_corpus(
    demo: Seeded, title: str, annex: AnnexFile
) -> None:
    [linked] = Annex.objects.filter(item=point(title)).select_related(
        "document__workspace", "version__blob"
    )
    # Two file names of Flaux are in NFD; the demo imports them in NFC.
    [source] = [
        path
        for path in (demo.corpus / annex.folder).iterdir()
        if unicodedata.normalize("NFC", path.name) == annex.filename
    ]

    status, downloaded = download(logged_in("secretaire"), annex_url(linked))

    assert linked.document.workspace.name == annex.workspace
    assert linked.document.folder == annex.folder
    assert linked.version.filename == annex.filename
    assert _sha(read(linked)) == _sha(source.read_bytes())
    assert status == 200
    assert _sha(downloaded) == _sha(source.read_bytes())


def test_the_brouillon_carries_the_finances_budget_as_annexes(demo: Seeded) -> None:
    annexes = Annex.objects.filter(item=point("Décision modificative n° 2"))

    assert {annex.document.workspace.name for annex in annexes} == {data.FINANCES}
    assert annexes.count() == 2


def test_the_corpus_goes_only_on_points_no_other_account_sees(demo: Seeded) -> None:
    """Its files name real people: a point that carries one is in
    preparation, and reported and worked on by people without a login."""
    private = Annex.objects.filter(
        item__seance__collectivite__slug=SLUG,
        document__workspace__name__in=[data.ARCHIVES, data.TEST_FILES],
    ).select_related("item__seance", "item__rapporteur__user")
    assert private.count() == 3

    for annex in private:
        item = annex.item
        people = [item.rapporteur, *item.agents.all()]
        assert item.seance.status == Seance.Status.PREPARATION, item.title
        outsiders = {m.user.email for m in people if m is not None} - SEES_CORPUS
        assert not outsiders & set(LOGINS.values()), item.title
    for key, email in LOGINS.items():
        client = logged_in(key)
        for annex in private:
            status, _ = download(client, annex_url(annex))
            assert (status == 200) == (email in SEES_CORPUS), (key, annex.item.title)


@pytest.mark.parametrize("key", sorted(LOGINS))
def test_each_account_sees_the_markers_of_the_points_as_the_rules_say(
    demo: Seeded, key: str
) -> None:
    """The brouillon: the secrétaire, the maire and its rapporteur; the huis
    clos point: every member of Saint-Exemple's council."""
    client = logged_in(key)
    upcoming = seance(Seance.Status.PREPARATION)
    convened = seance(Seance.Status.CONVOQUEE)
    pages = [
        client.get(reverse("web:dashboard", args=[SLUG])),
        client.get(upcoming.get_absolute_url()),
        client.get(point("Décision modificative n° 2").get_absolute_url()),
        client.get(convened.get_absolute_url()),
        client.get(point("Protection fonctionnelle").get_absolute_url()),
    ]
    text = "\n".join(page.content.decode() for page in pages)

    sees_draft = key in {"secretaire", "maire", "adjointe_finances"}
    council = {"secretaire", "maire", "adjointe_finances", "conseiller"}
    assert (BROUILLON_MARKER in text) == sees_draft
    assert (HUIS_CLOS_MARKER in text) == (key in council)
    assert pages[2].status_code == (200 if sees_draft else 404)


def test_without_the_corpus_the_points_carry_annexes_the_demo_wrote(
    demo: Seeded, settings: Settings, tmp_path: Path
) -> None:
    settings.QUORUM_CORPUS_DIR = tmp_path / "absent"

    # Rebuilt in this test's savepoint: the module's demo comes back after.
    call_command("seed_demo", reset=True, stdout=io.StringIO())

    for title, annex in (param.values for param in ANNEXED):
        assert isinstance(title, str)
        assert isinstance(annex, AnnexFile)
        item = point(title)
        [written] = Annex.objects.filter(item=item).select_related("version__blob")
        assert written.document.workspace == annex_workspace(item.seance.collectivite)
        assert written.version.filename == annex.stand_in
        assert written.document.title == annex.lines[0]
        content = read(written)
        if annex.stand_in.endswith(".pdf"):
            assert content.startswith(b"%PDF-1.4")
        else:
            assert content.decode().splitlines() == list(annex.lines[1:])
    assert not Annex.objects.filter(
        document__workspace__name__in=[data.ARCHIVES, data.TEST_FILES]
    ).exists()
    assert annex_workspace(point("Tarifs").seance.collectivite).members.count() == 0


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def test_an_anonymous_visitor_of_the_public_pages_finds_the_acts_and_no_marker(
    demo: Seeded,
) -> None:
    """The public pages of Saint-Exemple: its acts put online (the
    délibérations of the past séance, its list, the approved and signed
    procès-verbal of the séance before), each as a page and a PDF; never a
    draft nor a point à huis clos (RULES §11)."""
    from publication.tests.crawl import MARKERS, crawl, text_of  # noqa: PLC0415

    pages = crawl(Client(), reverse("public:index", args=[SLUG]))

    texts = {url: text_of(body) for url, body in pages.items()}
    assert any("/proces-verbaux/" in url and url.endswith("/pdf/") for url in texts)
    assert any("/listes/" in url and url.endswith("/pdf/") for url in texts)
    assert sum("/deliberations/" in url and url.endswith("/pdf/") for url in texts) >= 4
    for url, text in texts.items():
        for marker in MARKERS:
            assert marker not in text, url
    seances = texts[reverse("public:seances", args=[SLUG])]
    assert "Rapport sur le prix et la qualité du service de" in seances
    assert "Point examiné à huis clos" in seances
    # The open-data file, linked from the public home, lists the délibérations
    # put online, each line valid (RULES §9).
    opendata = reverse("opendata:deliberations_csv", args=[SLUG])
    assert opendata in texts[reverse("public:index", args=[SLUG])]
    reading = scdl.read(Client().get(opendata).content)
    assert reading.problems == []
    assert {row.delib_objet for _, row in reading.rows} >= {
        title for title, _ in PAST_POINTS[1:]
    }


# Who is convened to the demo's convened séance: every élu of the council
# (PRODUCT.md: "a convened session's dossier: every member of the
# council"); the secrétaire and the agent prepare it, and are not.
CONVENED_ELUS = {"maire", "adjointe_finances", "conseiller"}


@pytest.mark.parametrize("key", sorted(LOGINS))
def test_each_account_finds_its_convocation_on_its_dashboard_as_the_rules_say(
    demo: Seeded, key: str
) -> None:
    convened = seance(Seance.Status.CONVOQUEE)

    page = html.unescape(
        logged_in(key).get(reverse("web:dashboard", args=[SLUG])).content.decode()
    )

    dossier = reverse("convocations:my_dossier", args=[SLUG, convened.pk])
    is_convened = key in CONVENED_ELUS
    assert ("Mes convocations" in page) == is_convened, key
    assert (dossier in page) == is_convened, key
    if key == "conseiller":
        # demo.convocations: he holds Émilie's procuration, not answered.
        assert "Vous portez la procuration d'Émilie" in page
        assert "Vous n'avez pas encore dit si vous serez présent(e)" in page
