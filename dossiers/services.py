"""Asking for a dossier de séance and recording how its compilation went."""

import logging
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from documents.models import Blob
from documents.storage import store
from dossiers.assembly import assemble, collect, pieces_count
from dossiers.content import seance_content
from dossiers.freshness import fingerprints
from dossiers.models import DossierBuild
from dossiers.parts import CONVERTING, HELD
from journal.services import record
from previews.models import Rendition
from seances.models import Annex, Seance

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Une erreur inattendue a empêché de compiler le dossier. Vous pouvez "
    "relancer la compilation ; si l'erreur revient, prévenez l'assistance."
)


def request_build(
    seance: Seance, *, variant: str, by: User | None, fresh: bool = False
) -> DossierBuild:
    """Queue a compilation of the séance's dossier, unless one of the same
    variant is on its way already; with ``fresh``, unless one is waiting
    that has not read the séance yet (one already running may have read it
    before the change that asks for a new one)."""
    with transaction.atomic():
        Seance.objects.select_for_update().filter(pk=seance.pk).first()
        busy = [
            build
            for build in DossierBuild.objects.filter(seance=seance, variant=variant)
            if build.is_busy
            and not (fresh and build.status == DossierBuild.Status.RUNNING)
        ]
        if busy:
            return busy[0]
        build = DossierBuild.objects.create(
            seance=seance, variant=variant, requested_by=by
        )
    # Like the previews: a database queue holds the task in this transaction.
    _enqueue(build)
    logger.info("dossier build requested build=%s variant=%s", build.id, variant)
    return build


def rebuild_after_change(seance: Seance, *, by: User | None) -> list[DossierBuild]:
    """Compile again, after a change to what was convened, the councillors'
    dossier and the public one if it was ever compiled; every part that did
    not change is reused (``dossiers.parts``)."""
    variants = [DossierBuild.Variant.CONSEILLERS]
    if DossierBuild.objects.filter(
        seance=seance, variant=DossierBuild.Variant.PUBLIC
    ).exists():
        variants.append(DossierBuild.Variant.PUBLIC)
    return [
        request_build(seance, variant=variant, by=by, fresh=True)
        for variant in variants
    ]


def rebuild_incomplete() -> int:
    """Compile again each dossier whose latest compilation found an annex
    still being converted, once no annex of its séance is converting any
    more; the number queued. Run every minute by the scheduler."""
    latest: dict[tuple[object, str], DossierBuild] = {}
    waiting = DossierBuild.objects.filter(incomplete=True).values("seance_id")
    for build in DossierBuild.objects.filter(seance__in=waiting).select_related(
        "seance__collectivite", "seance__workspace", "requested_by"
    ):
        latest.setdefault((build.seance_id, build.variant), build)
    queued = 0
    for build in latest.values():
        if not (build.incomplete and build.status == DossierBuild.Status.READY):
            continue
        if _converting(build.seance):
            continue
        request_build(build.seance, variant=build.variant, by=build.requested_by)
        queued += 1
    return queued


def _converting(seance: Seance) -> bool:
    """An annex is converting, or waits for the antivirus."""
    blobs = Annex.objects.filter(item__seance=seance).values("version__blob_id")
    if Blob.objects.filter(
        sha256__in=blobs, scan_state=Blob.ScanState.PENDING
    ).exists():
        return True
    return any(
        rendition.is_busy
        for rendition in Rendition.objects.filter(
            source__in=blobs,
            state__in=[Rendition.State.PENDING, Rendition.State.RUNNING],
        )
    )


def _enqueue(build: DossierBuild) -> None:
    from dossiers.tasks import build_dossier  # noqa: PLC0415 - tasks import us

    build_dossier.enqueue(str(build.id))


def start_build(build_id: str) -> DossierBuild | None:
    """Claim a queued compilation; ``None`` when another worker has it or it
    is done (a task may be delivered twice)."""
    with transaction.atomic():
        build = (
            DossierBuild.objects.select_for_update(of=("self",))
            .select_related("seance__collectivite", "seance__workspace")
            .filter(id=build_id)
            .first()
        )
        if build is None or not (
            build.status == DossierBuild.Status.PENDING or build.is_stale
        ):
            return None
        build.status = DossierBuild.Status.RUNNING
        build.started_at = timezone.now()
        build.pieces_done = 0
        build.save(update_fields=["status", "started_at", "pieces_done", "updated_at"])
    return build


def compile_dossier(build: DossierBuild) -> None:
    """Do the work of a claimed compilation and keep the PDF."""
    public = build.variant == DossierBuild.Variant.PUBLIC
    # Read before the content: a change in between shows as "à recompiler".
    build.fingerprint = fingerprints(build.seance)[build.variant]
    content = seance_content(build.seance, public=public)
    build.pieces_total = pieces_count(content)
    build.save(update_fields=["fingerprint", "pieces_total", "updated_at"])

    def progress(done: int) -> None:
        build.pieces_done = done
        build.save(update_fields=["pieces_done", "updated_at"])

    entries = collect(content, progress)
    with tempfile.TemporaryDirectory(prefix="quorum-dossier-") as scratch:
        target = Path(scratch) / "dossier.pdf"
        pages = assemble(content, entries, target, public=public)
        with target.open("rb") as stream:
            output = store(stream)
    incomplete = any(
        annex.reason in (CONVERTING, HELD)
        for entry in entries
        for annex in entry.annexes
    )
    finish_build(build, output_sha=output.sha256, pages=pages, incomplete=incomplete)


def finish_build(
    build: DossierBuild, *, output_sha: str, pages: int, incomplete: bool = False
) -> None:
    """The dossier is there: whoever may read it can download it, which
    the journal keeps as the day it was made available (CGCT L2121-13).
    ``incomplete``: an annex was still being converted; the dossier is
    offered as it is, said incomplete, and compiled again as soon as the
    conversion ends (``rebuild_incomplete``)."""
    with transaction.atomic():
        build.status = DossierBuild.Status.READY
        build.output_id = output_sha
        build.pages = pages
        build.incomplete = incomplete
        build.error = ""
        build.finished_at = timezone.now()
        build.save()
        record(
            "seance.dossier_compiled",
            collectivite=build.seance.collectivite,
            actor=build.requested_by,
            target=build.seance,
            variant=build.variant,
            pages=pages,
            sha256=output_sha,
        )
    logger.info("dossier build finished build=%s pages=%s", build.id, pages)


def fail_build(build: DossierBuild, reason: str = UNEXPECTED) -> None:
    with transaction.atomic():
        build.status = DossierBuild.Status.FAILED
        build.error = reason[:300]
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at", "updated_at"])
    logger.warning("dossier build failed build=%s", build.id)
