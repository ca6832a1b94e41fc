"""The yearly registre des délibérations (R2121-9), drawn by the background
worker and kept until one of the acts of its year changes.

A year of some fifty acts takes seconds to draw: the registre page asks for
it, follows its progress, and downloads the PDF once drawn. ``fingerprint``
sums up what the registre shows; a drawing whose fingerprint is the
current one is offered again instead of drawing the same pages twice.
"""

import hashlib
import io
import logging

import pikepdf
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from actes.models import Deliberation, RegistreBuild
from collectivites.models import Collectivite
from documents.storage import store

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "une erreur inattendue a interrompu la préparation ; vous pouvez la relancer."
)


def fingerprint(collectivite: Collectivite, year: int) -> str:
    """What the registre of ``year`` is drawn from: each act of the year,
    its séance and the collectivité, as they were last saved. One query."""
    acts = (
        Deliberation.objects.filter(collectivite=collectivite, year=year)
        .order_by("sequence")
        .values_list("pk", "updated_at", "seance_id", "seance__updated_at")
    )
    digest = hashlib.sha256(
        f"{collectivite.pk}|{collectivite.updated_at.isoformat()}|{year}".encode()
    )
    for pk, updated_at, seance_id, seance_updated_at in acts:
        digest.update(
            f"|{pk}:{updated_at.isoformat()}:{seance_id}:"
            f"{seance_updated_at.isoformat()}".encode()
        )
    return digest.hexdigest()


def latest_registre(collectivite: Collectivite, year: int) -> RegistreBuild | None:
    """The latest drawing of the year's registre with the acts as they are
    now: being drawn, drawn, or failed. ``None`` when an act changed since."""
    return (
        RegistreBuild.objects.select_related("output")
        .filter(
            collectivite=collectivite, year=year, key=fingerprint(collectivite, year)
        )
        .order_by("-created_at")
        .first()
    )


def request_registre(
    collectivite: Collectivite, year: int, *, by: User | None
) -> RegistreBuild:
    """Queue the drawing of the registre of ``year``, unless one with the
    acts as they are is on its way or drawn already."""
    with transaction.atomic():
        # Two clicks at once queue one drawing.
        Collectivite.objects.select_for_update().filter(pk=collectivite.pk).first()
        current = latest_registre(collectivite, year)
        if current is not None and (
            current.is_busy or current.status == RegistreBuild.Status.READY
        ):
            return current
        build = RegistreBuild.objects.create(
            collectivite=collectivite,
            year=year,
            key=fingerprint(collectivite, year),
            requested_by=by,
        )
    _enqueue(build)
    logger.info("registre requested build=%s year=%s", build.pk, year)
    return build


def _enqueue(build: RegistreBuild) -> None:
    from actes.tasks import build_registre  # noqa: PLC0415 - the task imports us

    build_registre.enqueue(str(build.pk))


def start_registre(build_id: str) -> RegistreBuild | None:
    """Claim a queued drawing; ``None`` when another worker has it or it is
    over (a task may be delivered twice)."""
    with transaction.atomic():
        build = (
            RegistreBuild.objects.select_for_update(of=("self",))
            .select_related("collectivite")
            .filter(pk=build_id)
            .first()
        )
        if build is None or not (
            build.status == RegistreBuild.Status.PENDING or build.is_stale
        ):
            return None
        build.status = RegistreBuild.Status.RUNNING
        build.started_at = timezone.now()
        build.acts_done = 0
        build.save(update_fields=["status", "started_at", "acts_done", "updated_at"])
    return build


def draw_registre(build: RegistreBuild) -> None:
    """Draw a claimed registre and keep its PDF. The fingerprint is taken
    before the acts are read: an act changed meanwhile makes the next visit
    ask for a new drawing rather than offer this one as current."""
    from actes.documents import registre_pdf  # noqa: PLC0415 - WeasyPrint

    key = fingerprint(build.collectivite, build.year)

    def progress(done: int, total: int) -> None:
        build.acts_done, build.acts_total = done, total
        build.save(update_fields=["acts_done", "acts_total", "updated_at"])

    data = registre_pdf(build.collectivite, build.year, progress)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = len(pdf.pages)
    with transaction.atomic():
        build.output = store(io.BytesIO(data))
        build.key = key
        build.pages = pages
        build.status = RegistreBuild.Status.READY
        build.error = ""
        build.finished_at = timezone.now()
        build.save()
    logger.info("registre drawn build=%s pages=%s", build.pk, pages)


def fail_registre(build: RegistreBuild, reason: str = UNEXPECTED) -> None:
    with transaction.atomic():
        build.status = RegistreBuild.Status.FAILED
        build.error = reason[:300]
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at", "updated_at"])
    logger.warning("registre failed build=%s", build.pk)
