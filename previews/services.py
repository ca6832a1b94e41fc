"""Asking for previews and recording what the worker made of them."""

import logging
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from documents.models import Blob
from documents.storage import store
from previews.models import Rendition
from previews.rendering import Result
from search.indexing import index_blob

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Une erreur inattendue a empêché de préparer l'aperçu. Vous pouvez "
    "réessayer ; le fichier reste téléchargeable."
)


def request_rendition(sha256: str) -> Rendition:
    """Queue the preview of stored bytes, unless the same bytes have one
    already: previews are kept per content, whatever the document. Bytes
    the antivirus holds back get a preview that says it is not available
    and runs nothing (``documents.antivirus`` asks again once clean)."""
    if not Blob.objects.filter(sha256=sha256, scan_state=Blob.ScanState.CLEAN).exists():
        return Rendition(
            source_id=sha256,
            kind=Rendition.Kind.PREVIEW,
            state=Rendition.State.UNAVAILABLE,
            reason="Le fichier est retenu par l'antivirus.",
        )
    rendition, created = Rendition.objects.get_or_create(
        source_id=sha256, kind=Rendition.Kind.PREVIEW
    )
    if created:
        _enqueue(rendition)
    return rendition


def retry_rendition(sha256: str) -> Rendition:
    """Queue again a preview that failed or lost its worker, or queue one
    never asked for (bytes stored before previews existed, an import).
    Does nothing to a preview that is fine or on its way."""
    with transaction.atomic():
        rendition, created = Rendition.objects.select_for_update().get_or_create(
            source_id=sha256, kind=Rendition.Kind.PREVIEW
        )
        if not (created or rendition.can_retry):
            return rendition
        rendition.state = Rendition.State.PENDING
        rendition.reason = ""
        rendition.started_at = None
        rendition.save(update_fields=["state", "reason", "started_at", "updated_at"])
        transaction.on_commit(lambda: _enqueue(rendition))
    logger.info("rendition retried rendition=%s", rendition.id)
    return rendition


def _enqueue(rendition: Rendition) -> None:
    from previews.tasks import render_preview  # noqa: PLC0415 - tasks import us

    render_preview.enqueue(str(rendition.id))


def start_rendition(rendition_id: str) -> Rendition | None:
    """Claim a queued preview for this worker; ``None`` when another worker
    has it or it is done (a task may be delivered twice)."""
    with transaction.atomic():
        rendition = (
            Rendition.objects.select_for_update()
            .select_related("source")
            .filter(id=rendition_id)
            .first()
        )
        if rendition is None or not (
            rendition.state == Rendition.State.PENDING or rendition.is_stale
        ):
            return None
        rendition.state = Rendition.State.RUNNING
        rendition.started_at = timezone.now()
        rendition.attempts += 1
        rendition.save(update_fields=["state", "started_at", "attempts", "updated_at"])
    return rendition


def finish_rendition(rendition: Rendition, result: Result) -> None:
    """Keep what the conversion gave: its PDF (or the image drawn again)
    stored once by content hash like any file, its text, and why there is
    no preview when there is none."""
    output = None
    made = result.pdf or result.image
    if made is not None:
        with Path(made).open("rb") as stream:
            output = store(stream)
    elif result.source_is_pdf:
        output = rendition.source
    with transaction.atomic():
        rendition.state = (
            Rendition.State.READY if result.available else Rendition.State.UNAVAILABLE
        )
        rendition.reason = result.reason[:300]
        rendition.locked = result.locked
        rendition.output = output
        rendition.text = result.text
        rendition.text_source = result.text_source
        rendition.finished_at = timezone.now()
        rendition.save()
        index_blob(rendition.source_id)
    logger.info(
        "rendition finished rendition=%s state=%s text_source=%s",
        rendition.id,
        rendition.state,
        rendition.text_source,
    )


def fail_rendition(rendition: Rendition, reason: str = UNEXPECTED) -> None:
    with transaction.atomic():
        rendition.state = Rendition.State.FAILED
        rendition.reason = reason[:300]
        rendition.finished_at = timezone.now()
        rendition.save(update_fields=["state", "reason", "finished_at", "updated_at"])
    logger.warning("rendition failed rendition=%s", rendition.id)


def resume_stalled_renditions() -> int:
    """Queue again the previews whose worker is gone (killed in the middle
    of a conversion, the machine restarted): they stay "en cours" for ever
    otherwise, and their documents without a preview. Each is converted
    again from its stored bytes; ``start_rendition`` lets one worker only
    take it. How many were queued."""
    stale = [
        rendition.source_id
        for rendition in Rendition.objects.filter(
            state__in=[Rendition.State.PENDING, Rendition.State.RUNNING],
            kind=Rendition.Kind.PREVIEW,
        ).only("state", "started_at", "updated_at", "source")
        if rendition.is_stale
    ]
    for sha256 in stale:
        retry_rendition(sha256)
    return len(stale)
