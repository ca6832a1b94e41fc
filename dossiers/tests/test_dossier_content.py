"""What goes into the dossier, and how it reads: no annex from the trash,
an image annex as a page, French spaces, and a dossier compiled while an
annex was converting compiled again once it is done."""

import io
from datetime import timedelta

import pypdf
from django.utils import timezone
from PIL import Image

from documents.services import delete_document
from documents.storage import open_blob
from dossiers.models import DossierBuild
from dossiers.services import rebuild_incomplete
from dossiers.tests.conftest import make_built, pdf_document, point, small_pdf
from dossiers.tests.test_dossier import compiled, outline_of, pages_text
from dossiers.typography import NBSP
from previews.models import Rendition
from previews.services import request_rendition
from quorum.testing import World
from seances.workflow import link_annex


def _png() -> bytes:
    image = Image.new("RGB", (400, 300), (20, 80, 160))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _raw_text(build: DossierBuild) -> str:
    assert build.output is not None
    with open_blob(build.output) as stream:
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def test_an_annex_whose_document_is_in_the_trash_is_left_out(world: World) -> None:
    built = make_built(world, convene=False)
    kept = pdf_document(world, "Plan conservé.pdf", small_pdf(1))
    trashed = pdf_document(world, "Devis supprimé.pdf", small_pdf(2))
    for document in (kept, trashed):
        link_annex(built.cantine, by=world.personas.secretaire, document=document)
    delete_document(document=trashed, by=world.personas.secretaire)

    build = compiled(built, world)
    cantine = outline_of(build)[-1]

    assert [title for title, _ in cantine[2]] == ["Annexe : Plan conservé"]
    assert "Devis supprimé" not in " ".join(pages_text(build))


def test_an_image_annex_is_a_page_of_the_dossier(world: World) -> None:
    built = make_built(world, convene=False)
    photo = pdf_document(world, "Photo du préau.png", _png())
    link_annex(built.cantine, by=world.personas.secretaire, document=photo)

    build = compiled(built, world)
    cantine = outline_of(build)[-1]
    texts = pages_text(build)

    assert cantine[2] == [("Annexe : Photo du préau", cantine[1] + 1)]
    page = texts[cantine[1]]
    assert "annexe « Photo du préau »" in page
    assert "non reproduite" not in page
    with open_blob(build.output) as stream:  # type: ignore[arg-type]
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
    assert reader.pages[cantine[1]].images  # the picture itself is drawn


def test_a_cut_off_image_is_named_not_drawn(world: World) -> None:
    built = make_built(world, convene=False)
    data = _png()
    cut = pdf_document(world, "Plan abîmé.png", data[: len(data) // 2])
    link_annex(built.cantine, by=world.personas.secretaire, document=cut)

    build = compiled(built, world)

    assert outline_of(build)[-1][2][0][0].startswith("Annexe : Plan abîmé (non repro")


def test_the_texts_keep_french_non_breaking_spaces(world: World) -> None:
    built = make_built(world, convene=False)
    point(
        world,
        built.seance,
        "Travaux du préau",
        expose="Coût : 12 500 € ; voir « le devis » ! Surface 120 m2, d'accord ?",
    )

    text = _raw_text(compiled(built, world))

    assert f"Coût{NBSP}:" in text
    assert f"12{NBSP}500{NBSP}€{NBSP};" in text
    assert f"«{NBSP}le devis{NBSP}»{NBSP}!" in text
    assert f"120{NBSP}m2" in text
    assert f"d'accord{NBSP}?" in text or f"d’accord{NBSP}?" in text


def test_a_dossier_compiled_during_a_conversion_is_compiled_again_after_it(
    world: World,
) -> None:
    built = make_built(world, convene=False)
    late = pdf_document(world, "Rapport en conversion.pdf", small_pdf(2))
    rendition = request_rendition(late.current_version.blob_id)  # type: ignore[union-attr]
    # Another worker is converting it right now.
    Rendition.objects.filter(pk=rendition.pk).update(
        state=Rendition.State.RUNNING, started_at=timezone.now(), output=None
    )
    link_annex(built.cantine, by=world.personas.secretaire, document=late)

    first = compiled(built, world)

    assert first.incomplete
    assert "conversion en cours" in outline_of(first)[-1][2][0][0]
    assert rebuild_incomplete() == 0  # still converting: nothing to gain yet

    Rendition.objects.filter(pk=rendition.pk).update(
        state=Rendition.State.READY,
        output=late.current_version.blob,  # type: ignore[union-attr]
        finished_at=timezone.now() + timedelta(seconds=1),
    )
    assert rebuild_incomplete() == 1

    again = DossierBuild.objects.filter(seance=built.seance).first()
    assert again is not None
    assert again.pk != first.pk
    assert again.status == DossierBuild.Status.READY
    assert not again.incomplete
    assert outline_of(again)[-1][2] == [
        ("Annexe : Rapport en conversion", outline_of(again)[-1][1] + 1)
    ]
    assert rebuild_incomplete() == 0  # the latest one is complete
