"""What the document page shows of a version's preview.

Apart from the views so that the document page can use it without an
import cycle (the views fetch documents through the documents app).
"""

from typing import Any

from collectivites.access import Context
from documents.filetypes import TYPES
from documents.models import Document, Version
from domain import access
from previews.models import Rendition
from web.progress import Progress

# The preview of these is the image drawn again, shown as an image.
IMAGE_TYPES = frozenset(t.mime for t in TYPES.values() if t.family == "image")


def rendition_of(version: Version) -> Rendition | None:
    return (
        Rendition.objects.select_related("output")
        .filter(source_id=version.blob_id, kind=Rendition.Kind.PREVIEW)
        .first()
    )


def preview_panel(ctx: Context, document: Document) -> dict[str, Any] | None:
    """What the document page shows of its current version's preview."""
    version = document.current_version
    if version is None:
        return None
    return state_context(ctx, document, version) | {
        "can_compare": document.versions.count() > 1,
    }


def state_context(ctx: Context, document: Document, version: Version) -> dict[str, Any]:
    if not version.blob.is_clean:
        # Held back by the antivirus: the page says so, and shows nothing.
        return {
            "document": document,
            "version": version,
            "rendition": None,
            "shown_as": "",
            "can_request": False,
            "scan_state": version.blob.scan_state,
            "progress": None,
        }
    rendition = rendition_of(version)
    return {
        "document": document,
        "version": version,
        "rendition": rendition,
        "shown_as": shown_as(version, rendition),
        "can_request": access.can_request_preview(ctx.actor, document.workspace_id),
        "scan_state": "",
        "progress": preview_progress(rendition),
    }


def preview_progress(rendition: Rendition | None) -> Progress | None:
    """While the preview is made, what the work is doing."""
    if rendition is None or not rendition.is_busy:
        return None
    if rendition.state == Rendition.State.PENDING:
        step = "en attente de démarrage"
    else:
        step = "conversion en PDF et lecture du texte"
    return Progress("Préparation de l'aperçu", step=step)


def shown_as(version: Version, rendition: Rendition | None) -> str:
    """How the page shows a ready preview: "image", "pdf" in the browser's
    viewer, or "" when there is nothing to show."""
    if (
        rendition is None
        or rendition.state != Rendition.State.READY
        or rendition.output_id is None
    ):
        return ""
    return "image" if version.content_type in IMAGE_TYPES else "pdf"
