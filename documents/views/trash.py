"""Deleting a document, and the workspace's trash it waits in."""

from datetime import timedelta
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from collectivites import access as collectivite_access
from collectivites.access import Context, ctx_of, require
from documents.models import TRASH_DAYS, Document
from documents.services import delete_document, restore_document
from documents.views.documents import attachment, get_document_for
from domain import access


def get_trashed_document_for(ctx: Context, document_id: UUID) -> Document:
    """A document of the trash, for those who may see that trash, or 404.

    Past ``TRASH_DAYS`` days, or once purged, it is no longer there."""
    document = (
        Document.objects.in_trash(timezone.now())
        .select_related("workspace", "collectivite", "current_version__blob")
        .filter(collectivite=ctx.collectivite, id=document_id)
        .first()
    )
    if document is None or not access.can_see_trash(ctx.actor, document.workspace_id):
        raise Http404
    return document


def delete(request: HttpRequest, collectivite: str, document_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    document = get_document_for(ctx, document_id)
    require(access.can_delete_document(ctx.actor, document.workspace_id))

    if request.method == "POST":
        delete_document(document=document, by=request.user)  # type: ignore[arg-type]
        messages.success(
            request,
            f"« {document.title} » est dans la corbeille de l'espace. Vous pouvez "
            f"le restaurer pendant {TRASH_DAYS} jours.",
        )
        return redirect(document.workspace)
    # seances builds on documents; documents only asks it who uses a file.
    from seances.access import points_using  # noqa: PLC0415

    return render(
        request,
        "documents/delete.html",
        {
            "document": document,
            "trash_days": TRASH_DAYS,
            "points": points_using(ctx, document.id),
        },
    )


def trash(request: HttpRequest, collectivite: str, workspace_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    workspace = collectivite_access.get_workspace_for(ctx, workspace_id)
    require(access.can_see_trash(ctx.actor, workspace.id))

    documents = (
        Document.objects.in_trash(timezone.now())
        .filter(workspace=workspace)
        .select_related("deleted_by", "current_version__blob", "collectivite")
        .order_by("-deleted_at")
    )
    rows = [
        (document, document.deleted_at + timedelta(days=TRASH_DAYS))  # type: ignore[operator]
        for document in documents
    ]
    return render(
        request,
        "documents/trash.html",
        {"workspace": workspace, "rows": rows, "trash_days": TRASH_DAYS},
    )


@require_POST
def restore(request: HttpRequest, collectivite: str, document_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    document = get_trashed_document_for(ctx, document_id)

    try:
        restore_document(document=document, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("documents:trash", collectivite, document.workspace_id)
    messages.success(request, f"« {document.title} » est restauré.")
    return redirect(document)


def download(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    """The current version of a document of the trash, to check it before
    restoring it."""
    ctx = ctx_of(request)
    document = get_trashed_document_for(ctx, document_id)
    if document.current_version is None:
        raise Http404
    return attachment(request, document.current_version)
