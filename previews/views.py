"""The preview of a version: its state, the preview shown in the page, its
PDF to download, asking again, comparing two versions."""

from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.csp import CSP
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST

from collectivites.access import Context, ctx_of, require
from documents.filetypes import FileType, Refused, identify
from documents.models import Blob, Document, Version
from documents.storage import open_blob
from documents.views.documents import get_document_for
from domain import access
from previews import compare as comparing
from previews.forms import CompareForm
from previews.models import Rendition
from previews.panel import rendition_of, state_context
from previews.services import retry_rendition


def get_version_for(
    ctx: Context, document_id: UUID, version_id: UUID
) -> tuple[Document, Version]:
    """A version of a document the actor may see the preview of, or 404."""
    document = get_document_for(ctx, document_id)
    require(access.can_see_preview(ctx.actor, document.workspace_id))
    version = (
        document.versions.select_related("blob", "document__collectivite")
        .filter(id=version_id)
        .first()
    )
    if version is None or not version.blob.is_clean:
        # Held back by the antivirus: no preview of it, in any form.
        raise Http404
    return document, version


def version_preview(
    request: HttpRequest, collectivite: str, document_id: UUID, version_id: UUID
) -> HttpResponse:
    """The state of a version's preview and its text; htmx polls the state."""
    ctx = ctx_of(request)
    document, version = get_version_for(ctx, document_id, version_id)
    context = state_context(ctx, document, version)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "previews/_state.html", context)
    return render(request, "previews/version.html", context)


def preview_pdf(
    request: HttpRequest, collectivite: str, document_id: UUID, version_id: UUID
) -> FileResponse:
    """The preview PDF, downloaded under a sandbox."""
    ctx = ctx_of(request)
    _, version = get_version_for(ctx, document_id, version_id)
    output, filetype = _preview_of(version)
    if filetype.code != "pdf":
        raise Http404
    response = FileResponse(
        open_blob(output),
        as_attachment=True,
        filename=f"{_stem(version.filename)} (aperçu).pdf",
        content_type="application/pdf",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# The preview as the page shows it: a document of its own, in a sandbox
# (no script, an origin of its own), that only Quorum's pages may frame;
# Chromium's PDF viewer still draws a PDF there.
SHOWN_CSP: dict[str, Any] = {
    "default-src": [CSP.NONE],
    "frame-ancestors": [CSP.SELF],
    "sandbox": True,
}
# What the page may show of a preview, a PDF or an image drawn again, and
# the extension of its name.
SHOWN_TYPES = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg"}


@xframe_options_sameorigin
@csp_override(SHOWN_CSP)
def show_preview(
    request: HttpRequest, collectivite: str, document_id: UUID, version_id: UUID
) -> FileResponse:
    """The preview PDF or image, shown inside the document's page. Never the
    original file: it is sent only when Quorum read it as a PDF (or drew the
    image again), under the type read from its bytes."""
    ctx = ctx_of(request)
    _, version = get_version_for(ctx, document_id, version_id)
    output, filetype = _preview_of(version)
    if filetype.code not in SHOWN_TYPES:
        raise Http404
    response = FileResponse(
        open_blob(output),
        filename=f"{_stem(version.filename)} (aperçu){SHOWN_TYPES[filetype.code]}",
        content_type=filetype.mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def _preview_of(version: Version) -> tuple[Blob, FileType]:
    """The stored preview of a version and its type read from its bytes,
    or 404 when it has none ready."""
    rendition = rendition_of(version)
    if (
        rendition is None
        or rendition.state != Rendition.State.READY
        or rendition.output is None
    ):
        raise Http404
    try:
        with open_blob(rendition.output) as stream:
            filetype = identify(stream, "")
    except Refused as error:
        raise Http404 from error
    return rendition.output, filetype


def _stem(filename: str) -> str:
    return filename.rsplit(".", 1)[0] if "." in filename else filename


@require_POST
def retry_preview(
    request: HttpRequest, collectivite: str, document_id: UUID, version_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    document, version = get_version_for(ctx, document_id, version_id)
    require(access.can_request_preview(ctx.actor, document.workspace_id))

    retry_rendition(version.blob_id)

    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "previews/_state.html", state_context(ctx, document, version)
        )
    return redirect(document)


def compare_versions(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    """The difference between the texts of two versions, by default the one
    before the current and the current."""
    ctx = ctx_of(request)
    document = get_document_for(ctx, document_id)
    require(access.can_see_preview(ctx.actor, document.workspace_id))
    versions = document.versions.select_related("blob").order_by("number")
    form = CompareForm(request.GET or _defaults(versions), versions=versions)

    context: dict[str, Any] = {"document": document, "form": form, "result": None}
    if form.is_valid():
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
        context["result"] = _comparison(old, new)
    return render(request, "previews/compare.html", context)


def _defaults(versions: QuerySet[Version]) -> dict[str, str]:
    last_two = list(versions.reverse()[:2])
    if len(last_two) < 2:
        return {}
    return {"old": str(last_two[1].id), "new": str(last_two[0].id)}


def _comparison(old: Version, new: Version) -> dict[str, Any]:
    renditions = {
        rendition.source_id: rendition
        for rendition in Rendition.objects.filter(
            source_id__in=[old.blob_id, new.blob_id], kind=Rendition.Kind.PREVIEW
        )
    }
    missing = [
        version
        for version in (old, new)
        if not _has_text(renditions.get(version.blob_id))
    ]
    if missing:
        return {"old": old, "new": new, "missing": missing, "changes": [], "counts": {}}
    changes = comparing.compare(
        renditions[old.blob_id].text, renditions[new.blob_id].text
    )
    return {
        "old": old,
        "new": new,
        "missing": [],
        "changes": changes,
        "counts": comparing.summary(changes),
    }


def _has_text(rendition: Rendition | None) -> bool:
    return rendition is not None and rendition.has_text
