"""How long a dossier de séance of 40 points and 120 annexes takes to
compile, and to compile again once one annex has changed.

The first compilation converts every annex (as the previews' worker would
have); the one that is timed after an annex changes is what a secrétaire
waits for the evening before the convocation.
"""

import io
import time
from datetime import datetime, timedelta
from datetime import time as clock
from typing import Any

import pikepdf
from django.utils import timezone

from accounts.models import User
from bench.town import make_town
from documents.services import add_version, create_document
from dossiers.models import DossierBuild
from dossiers.services import request_build
from dossiers.tasks import build_dossier
from seances.models import PARIS, AgendaItem, Annex, Seance
from seances.services import add_item, create_seance
from seances.workflow import link_annex, save_draft

POINTS = 40
ANNEXES_PER_POINT = 3
QUICK_POINTS = 2
QUICK_ANNEXES_PER_POINT = 1


def measure(quick: bool) -> dict[str, Any]:
    points = QUICK_POINTS if quick else POINTS
    annexes = QUICK_ANNEXES_PER_POINT if quick else ANNEXES_PER_POINT
    seance, secretaire = _seance_with_annexes(points, annexes)

    started = time.perf_counter()
    first = _compile(seance, secretaire)
    first_seconds = time.perf_counter() - started

    _change_one_annex(seance, secretaire)
    started = time.perf_counter()
    again = _compile(seance, secretaire)
    recompile_seconds = time.perf_counter() - started

    return {
        "points": points,
        "annexes": points * annexes,
        "pages": again.pages or first.pages,
        "first_seconds": round(first_seconds, 2),
        "recompile_seconds": round(recompile_seconds, 2),
    }


def rows(figure: dict[str, Any]) -> list[tuple[str, str]]:
    size = f"{figure['points']} points, {figure['annexes']} annexes"
    return [
        (f"Première compilation ({size})", f"{figure['first_seconds']:.2f} s"),
        (
            "Recompilation après une annexe changée",
            f"{figure['recompile_seconds']:.2f} s",
        ),
        ("Pages du dossier", str(figure["pages"])),
    ]


def _compile(seance: Seance, by: User) -> DossierBuild:
    build = request_build(seance, variant=DossierBuild.Variant.CONSEILLERS, by=by)
    build_dossier.call(str(build.pk))  # nothing when the queue already ran it
    build.refresh_from_db()
    if build.status != DossierBuild.Status.READY:
        raise RuntimeError(build.error or build.status)
    return build


def _change_one_annex(seance: Seance, by: User) -> None:
    annex = (
        Annex.objects.filter(item__seance=seance)
        .select_related("document")
        .order_by("created_at")
        .first()
    )
    if annex is None:
        raise RuntimeError("no annex")
    data = _pdf(4, marker="changée")
    annex.version = add_version(
        document=annex.document,
        author=by,
        stream=io.BytesIO(data),
        filename="changée.pdf",
        size=len(data),
    )
    annex.save(update_fields=["version", "updated_at"])


def _seance_with_annexes(points: int, annexes: int) -> tuple[Seance, User]:
    town = make_town()
    secretaire, workspace = town.secretaire, town.workspaces[0]
    day = timezone.localdate() + timedelta(days=30)
    seance = create_seance(
        collectivite=town.commune,
        by=secretaire,
        starts_at=datetime.combine(day, clock(19, 0), tzinfo=PARIS),
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
    )
    for number in range(1, points + 1):
        item = add_item(
            seance,
            by=secretaire,
            title=f"Point de banc d'essai n° {number}",
            kind=AgendaItem.Kind.DELIBERATION,
        )
        save_draft(
            item,
            by=secretaire,
            based_on=0,
            expose="Un exposé de quelques lignes. " * 20,
            articles="Le conseil adopte.",
            nature="1",
        )
        for index in range(annexes):
            data = _pdf(3, marker=f"{town.commune.slug}-{number}-{index}")
            document = create_document(
                workspace=workspace,
                author=secretaire,
                stream=io.BytesIO(data),
                filename=f"annexe-{number}-{index}.pdf",
                size=len(data),
            )
            link_annex(item, by=secretaire, document=document)
    return seance, secretaire


def _pdf(pages: int, *, marker: str) -> bytes:
    """Blank pages whose bytes differ by ``marker``: each annex is its own."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Subject"] = marker
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
