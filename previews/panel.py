"""What the document page shows of a version's preview.

Apart from the views so that the document page can use it without an
import cycle (the views fetch documents through the documents app).
"""

from typing import Any

from collectivites.access import Context
from documents.models import Document, Version
from domain import access
from previews.models import Rendition


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
    return {
        "document": document,
        "version": version,
        "rendition": rendition_of(version),
        "can_request": access.can_request_preview(ctx.actor, document.workspace_id),
    }
