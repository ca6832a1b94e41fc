"""Asking for a dossier de séance and recording how its compilation went."""

import logging
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from documents.storage import store
from dossiers.assembly import assemble, collect, pieces_count
from dossiers.content import seance_content
from dossiers.models import DossierBuild
from journal.services import record
from seances.models import Seance

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Une erreur inattendue a empêché de compiler le dossier. Vous pouvez "
    "relancer la compilation ; si l'erreur revient, prévenez l'assistance."
)


def request_build(seance: Seance, *, variant: str, by: User) -> DossierBuild:
    """Queue a compilation of the séance's dossier, unless one of the same
    variant is on its way already."""
    with transaction.atomic():
        Seance.objects.select_for_update().filter(pk=seance.pk).first()
        busy = [
            build
            for build in DossierBuild.objects.filter(seance=seance, variant=variant)
            if build.is_busy
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
    content = seance_content(build.seance, public=public)
    build.pieces_total = pieces_count(content)
    build.save(update_fields=["pieces_total", "updated_at"])

    def progress(done: int) -> None:
        build.pieces_done = done
        build.save(update_fields=["pieces_done", "updated_at"])

    entries = collect(content, progress)
    with tempfile.TemporaryDirectory(prefix="quorum-dossier-") as scratch:
        target = Path(scratch) / "dossier.pdf"
        pages = assemble(content, entries, target, public=public)
        with target.open("rb") as stream:
            output = store(stream)
    finish_build(build, output_sha=output.sha256, pages=pages)


def finish_build(build: DossierBuild, *, output_sha: str, pages: int) -> None:
    """The dossier is there: whoever may read it can download it, which
    the journal keeps as the day it was made available (CGCT L2121-13)."""
    with transaction.atomic():
        build.status = DossierBuild.Status.READY
        build.output_id = output_sha
        build.pages = pages
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
