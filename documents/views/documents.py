from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from collectivites import access as collectivite_access
from collectivites.access import Context, require
from discussions.panel import document_discussion
from documents.forms import UploadForm, VersionForm
from documents.models import Document
from documents.services import add_version, create_document
from documents.storage import open_blob
from domain import access
from previews.panel import preview_panel


def get_document_for(ctx: Context, document_id: UUID) -> Document:
    """A live document of a workspace the actor sees, or 404."""
    document = (
        Document.objects.alive()
        .select_related("workspace", "collectivite", "current_version__blob")
        .filter(collectivite=ctx.collectivite, id=document_id)
        .first()
    )
    if document is None or not access.can_see_workspace(
        ctx.actor, document.workspace_id
    ):
        raise Http404
    return document


def document_detail(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    ctx = request.ctx  # type: ignore[attr-defined]
    document = get_document_for(ctx, document_id)
    versions = document.versions.select_related(
        "blob", "created_by", "document__collectivite"
    ).order_by("-number")
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "versions": versions,
            "form": VersionForm(),
            "can_contribute": access.can_contribute_to_workspace(
                ctx.actor, document.workspace_id
            ),
            "preview_panel": preview_panel(ctx, document),
            **document_discussion(ctx, document),
        },
    )


def download(
    request: HttpRequest, collectivite: str, document_id: UUID, version_id: UUID
) -> FileResponse:
    ctx = request.ctx  # type: ignore[attr-defined]
    document = get_document_for(ctx, document_id)
    version = document.versions.select_related("blob").filter(id=version_id).first()
    if version is None:
        raise Http404
    # Always a download, never rendered by the browser: a file may carry a script.
    response = FileResponse(
        open_blob(version.blob),
        as_attachment=True,
        filename=version.filename,
        content_type="application/octet-stream",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def upload(request: HttpRequest, collectivite: str, workspace_id: UUID) -> HttpResponse:
    ctx = request.ctx  # type: ignore[attr-defined]
    workspace = collectivite_access.get_workspace_for(ctx, workspace_id)
    require(access.can_contribute_to_workspace(ctx.actor, workspace.id))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            document = create_document(
                workspace=workspace,
                author=request.user,  # type: ignore[arg-type]
                stream=uploaded,
                filename=uploaded.name,
                size=uploaded.size,
                title=form.cleaned_data["title"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(document)
    return render(
        request, "documents/upload.html", {"workspace": workspace, "form": form}
    )


def new_version(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    ctx = request.ctx  # type: ignore[attr-defined]
    document = get_document_for(ctx, document_id)
    require(access.can_contribute_to_workspace(ctx.actor, document.workspace_id))
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            add_version(
                document=document,
                author=request.user,  # type: ignore[arg-type]
                stream=uploaded,
                filename=uploaded.name,
                size=uploaded.size,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return redirect(document)
    return render(
        request, "documents/new_version.html", {"document": document, "form": form}
    )
