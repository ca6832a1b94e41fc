"""The dossier de séance: one PDF, bookmarked, numbered, compiled in the
background and reusing what did not change."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pikepdf
import pypdf
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents.services import add_version
from documents.storage import open_blob
from dossiers.models import DossierBuild, RenderedPart
from dossiers.services import request_build, start_build
from dossiers.tests.conftest import Built, make_built, pdf_document, small_pdf
from journal.models import JournalEntry
from previews.models import Rendition
from quorum.testing import World
from seances.models import Annex
from seances.workflow import link_annex


def compiled(built: Built, world: World, variant: str = "conseillers") -> DossierBuild:
    build = request_build(built.seance, variant=variant, by=world.personas.secretaire)
    build.refresh_from_db()
    assert build.status == DossierBuild.Status.READY, build.error
    return build


def pages_text(build: DossierBuild) -> list[str]:
    assert build.output is not None
    with open_blob(build.output) as stream:
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def outline_of(build: DossierBuild) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(title, first page from 1, annexes) for each top-level bookmark."""
    assert build.output is not None
    with (
        open_blob(build.output) as stream,
        pikepdf.open(stream) as pdf,
        pdf.open_outline() as outline,
    ):
        return [
            (
                item.title,
                _page(pdf, item),
                [(child.title, _page(pdf, child)) for child in item.children],
            )
            for item in outline.root
        ]


def _page(pdf: pikepdf.Pdf, item: pikepdf.OutlineItem) -> int:
    target = item.destination[0] if item.destination else None
    for index, page in enumerate(pdf.pages, start=1):
        if page.obj.objgen == target.objgen:
            return index
    raise AssertionError(item.title)


def test_the_dossier_bookmarks_every_point_and_annex_and_numbers_every_page(
    world: World, corpus_dir: Path
) -> None:
    built = make_built(world, corpus=corpus_dir)

    build = compiled(built, world)
    texts = pages_text(build)
    outline = outline_of(build)

    assert build.pages == len(texts)
    # Cover and contents, four drafts of one page, the Couthenans minutes
    # (4 and 3 pages), and the text annex laid out on one page.
    corpus_pages = sum(
        len(pypdf.PdfReader(corpus_dir / name).pages)
        for name in (
            "fr-couthenans-haute-saone/CR_conseil_municipal_28_10_2022.pdf",
            "fr-couthenans-haute-saone/CR_conseil_municipal_24_02_2023.pdf",
        )
    )
    assert build.pages == 2 + 4 + corpus_pages + 1
    for number, text in enumerate(texts, start=1):
        assert f"page {number} / {build.pages}" in text
    titles = [title for title, _, _ in outline]
    assert titles == [
        "Sommaire",
        "1. Budget primitif 2027",
        "2. Protection fonctionnelle CANARI-HUIS-CLOS",
        "3. Tarifs de la cantine",
    ]
    # Under the point: its annexes, then its sub-point.
    budget_children = outline[1][2]
    assert [title for title, _ in budget_children] == [
        "Annexe : Budget primitif 2027 CANARI-FINANCES",
        "Annexe : CR_conseil_municipal_28_10_2022",
        "1.1. Subventions aux associations",
    ]
    assert "Point 1 — Budget primitif 2027" in texts[outline[1][1] - 1]
    assert "version 2 CANARI-FINANCES" in texts[budget_children[0][1] - 1]
    assert "CR du conseil municipal 28 octobre 2022" in texts[budget_children[1][1] - 1]
    assert "Point 1.1 — Subventions" in texts[budget_children[2][1] - 1]
    # The table of contents gives the same pages as the bookmarks.
    assert re.search(rf"3 Tarifs de la cantine {outline[3][1]}\b", texts[1])
    assert build.pieces_done == build.pieces_total == 7


def test_the_public_dossier_leaves_out_the_points_a_huis_clos(
    world: World, built: Built
) -> None:
    """CGCT L2121-18: a point examined à huis clos is not public."""
    councillors = " ".join(pages_text(compiled(built, world)))
    public = compiled(built, world, variant="public")
    public_text = " ".join(pages_text(public))

    assert "CANARI-HUIS-CLOS" in councillors
    assert "CANARI-HUIS-CLOS" not in public_text
    assert "points à huis clos n’y figurent pas" in public_text
    # Numbers stay those of the agenda: the point after it is still 3.
    assert [title for title, _, _ in outline_of(public)][-1] == (
        "3. Tarifs de la cantine"
    )


def test_a_locked_annex_is_listed_at_its_place_with_its_reason(world: World) -> None:
    built = make_built(world, convene=False)
    locked = pdf_document(world, "Contrat signé.pdf", small_pdf(2, password="x"))
    link_annex(built.cantine, by=world.personas.secretaire, document=locked)

    build = compiled(built, world)
    texts = pages_text(build)
    cantine = outline_of(build)[-1]

    assert cantine[2] == [
        (
            "Annexe : Contrat signé (non reproduite : protégée par un mot de passe)",
            cantine[1] + 1,
        )
    ]
    assert "Annexe non reproduite : protégée par un mot de passe" in texts[cantine[1]]
    assert "Contrat signé" in texts[1]  # in the table of contents too


def test_recompiling_after_one_annex_changed_reuses_every_other_part(
    world: World, corpus_dir: Path
) -> None:
    built = make_built(world, corpus=corpus_dir)
    first = compiled(built, world)
    parts = dict(RenderedPart.objects.values_list("key", "pdf_id"))
    renditions = Rendition.objects.count()
    # A new version of the cantine's annex (the séance is convened, so the
    # point carries it through a direct change, as no screen does that yet).
    annex = Annex.objects.get(item=built.cantine)
    data = small_pdf(3)
    annex.version = add_version(
        document=annex.document,
        author=world.personas.secretaire,
        stream=io.BytesIO(data),
        filename="Nouveau.pdf",
        size=len(data),
    )
    annex.save(update_fields=["version", "updated_at"])

    second = compiled(built, world)

    assert Rendition.objects.count() == renditions + 1  # the new annex only
    again = dict(RenderedPart.objects.values_list("key", "pdf_id"))
    assert {key: again[key] for key in parts} == parts  # nothing redrawn
    # At most the table of contents and the page footers, whose numbers moved.
    assert len(again) - len(parts) <= 2
    assert second.output_id != first.output_id
    minutes = (
        corpus_dir / "fr-couthenans-haute-saone/CR_conseil_municipal_24_02_2023.pdf"
    )
    assert second.pages == first.pages - len(pypdf.PdfReader(minutes).pages) + 3


def test_the_compilation_shows_its_progress_and_runs_once(
    client: Client, world: World, built: Built
) -> None:
    running = DossierBuild.objects.create(
        seance=built.seance,
        status=DossierBuild.Status.RUNNING,
        started_at=timezone.now(),
        pieces_done=3,
        pieces_total=7,
    )
    client.force_login(world.personas.secretaire)
    url = reverse(
        "dossiers:state",
        kwargs={"collectivite": world.slug, "seance_id": built.seance.pk},
    )

    polled = client.get(url, headers={"HX-Request": "true"}).content.decode()
    again = request_build(built.seance, variant="conseillers", by=world.personas.maire)

    assert "3 sur 7 pièces (43 %)" in polled
    assert 'hx-trigger="every 2s"' in polled
    assert again == running  # not queued twice
    assert start_build(str(running.pk)) is None  # another worker has it

    DossierBuild.objects.filter(pk=running.pk).update(
        started_at=timezone.now() - timedelta(hours=1)
    )
    claimed = start_build(str(running.pk))  # its worker is gone

    assert claimed is not None
    assert claimed.status == DossierBuild.Status.RUNNING


def test_a_manager_compiles_and_a_councillor_downloads(
    client: Client, world: World, built: Built
) -> None:
    kwargs = {"collectivite": world.slug, "seance_id": built.seance.pk}
    client.force_login(world.personas.secretaire)

    response = client.post(
        reverse("dossiers:build", kwargs=kwargs), {"variant": "conseillers"}
    )
    client.force_login(world.personas.conseiller)
    state = client.get(built.seance.get_absolute_url()).content.decode()
    download = client.get(
        reverse("dossiers:download", kwargs=kwargs | {"variant": "conseillers"})
    )
    public = client.get(
        reverse("dossiers:download", kwargs=kwargs | {"variant": "public"})
    )

    assert response.status_code == 302
    assert "Télécharger le dossier des conseillers" in state
    assert "Compiler" not in state
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert public.status_code == 404
    assert JournalEntry.objects.filter(action="seance.dossier_compiled").count() == 1


def test_a_wrong_variant_is_refused_in_french(
    client: Client, world: World, built: Built
) -> None:
    client.force_login(world.personas.secretaire)
    kwargs = {"collectivite": world.slug, "seance_id": built.seance.pk}

    response = client.post(
        reverse("dossiers:build", kwargs=kwargs), {"variant": "tout"}, follow=True
    )

    assert "Choisissez le dossier des conseillers ou le dossier public." in (
        response.content.decode()
    )
    assert not DossierBuild.objects.exists()
