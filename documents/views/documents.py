import re
import unicodedata
from urllib.parse import quote
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from collectivites import access as collectivite_access
from collectivites.access import Context, ctx_of, require
from discussions.panel import document_discussion
from documents.antivirus import HELD_MESSAGE, INFECTED_MESSAGE
from documents.filetypes import TYPES
from documents.forms import UploadForm, VersionForm
from documents.models import Blob, Document, Version
from documents.services import (
    add_version,
    create_document,
    restore_version,
    versions_since,
)
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
    ctx = ctx_of(request)
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
            "can_contribute": access.can_contribute_to_workspace(
                ctx.actor, document.workspace_id
            ),
            "can_delete": access.can_delete_document(ctx.actor, document.workspace_id),
            "preview_panel": preview_panel(ctx, document),
            **document_discussion(ctx, document),
        },
    )


def download(
    request: HttpRequest, collectivite: str, document_id: UUID, version_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    document = get_document_for(ctx, document_id)
    version = document.versions.select_related("blob").filter(id=version_id).first()
    if version is None:
        raise Http404
    return attachment(request, version)


def attachment(request: HttpRequest, version: Version) -> HttpResponse:
    """The file to save, never rendered by the browser: it may carry a
    script. While the antivirus holds it back, a page that says why."""
    if not version.blob.is_clean:
        return held_back(request, version)
    response = FileResponse(
        open_blob(version.blob), content_type="application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition(version.filename)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def held_back(request: HttpRequest, version: Version) -> HttpResponse:
    infected = version.blob.scan_state == Blob.ScanState.INFECTED
    return render(
        request,
        "documents/held_back.html",
        {
            "version": version,
            "document": version.document,
            "message": INFECTED_MESSAGE if infected else HELD_MESSAGE,
            "infected": infected,
        },
        # 409: the file exists but may not be sent in its present state.
        status=409,
    )


_NOT_IN_FALLBACK = re.compile(r'[^\x20-\x7e]|[%"\\]')


def content_disposition(filename: str) -> str:
    """An attachment that browsers save under exactly ``filename``.

    The name always goes in ``filename*`` (RFC 6266 and 8187), which
    browsers take as written. Django puts an ASCII name in a plain
    ``filename="…"`` instead, which Chromium percent-decodes: "hausse
    3%25.txt" would be saved as "hausse 3%.txt". The plain ``filename`` is
    kept only for a client that ignores ``filename*``: in ASCII, without
    accents, quotes nor ``%``."""
    fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore")
    plain = _NOT_IN_FALLBACK.sub("_", fallback.decode()) or "document"
    return (
        f"attachment; filename=\"{plain}\"; filename*=utf-8''{quote(filename, safe='')}"
    )


def upload(request: HttpRequest, collectivite: str, workspace_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
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
                upload_key=form.cleaned_data["upload_key"],
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            return sent(request, document.get_absolute_url())
    return render(
        request, "documents/upload.html", {"workspace": workspace, "form": form}
    )


def new_version(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    document = get_document_for(ctx, document_id)
    require(access.can_contribute_to_workspace(ctx.actor, document.workspace_id))
    current = document.current_version
    form = VersionForm(
        request.POST or None,
        request.FILES or None,
        initial={"seen_number": current.number if current else 0},
    )
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            version = add_version(
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
            _tell_what_happened(request, version, form.cleaned_data["seen_number"])
            return sent(request, document.get_absolute_url())
    return render(
        request, "documents/new_version.html", {"document": document, "form": form}
    )


def _tell_what_happened(
    request: HttpRequest, version: Version, seen: int | None
) -> None:
    """Say the versions others sent meanwhile, and a change of file type."""
    messages.success(request, f"La version {version.number} est enregistrée.")
    if seen is not None:
        others = versions_since(version.document, seen, version)
        if others:
            names = sorted({str(other.created_by) for other in others})
            messages.warning(
                request,
                f"Une nouvelle version a été déposée par {' et '.join(names)} "
                "pendant que vous travailliez : la vôtre devient la version "
                f"{version.number}.",
            )
    previous = version.document.versions.filter(number=version.number - 1).first()
    if previous is not None and previous.content_type != version.content_type:
        messages.info(
            request,
            f"Le type du fichier a changé : la version {version.number} est "
            f"{_type_label(version.content_type)}, la version {previous.number} "
            f"était {_type_label(previous.content_type)}.",
        )


def _type_label(mime: str) -> str:
    """« un PDF », « une image PNG »; a type Quorum does not name is given
    as it is stored."""
    known = next((kind for kind in TYPES.values() if kind.mime == mime), None)
    return known.with_article if known else f"un fichier de type {mime}"


def sent(request: HttpRequest, url: str) -> HttpResponse:
    """Where to go once a file is stored. The progress script sends the
    form itself and asks for the address as JSON: following a redirect
    inside the script would read (and so spend) the page's messages."""
    if request.headers.get("X-Quorum-Upload") == "1":
        return JsonResponse({"redirect": url})
    return redirect(url)


@require_POST
def restore(
    request: HttpRequest, collectivite: str, document_id: UUID, version_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    document = get_document_for(ctx, document_id)
    require(access.can_contribute_to_workspace(ctx.actor, document.workspace_id))
    version = document.versions.filter(id=version_id).first()
    if version is None:
        raise Http404

    try:
        restored = restore_version(version=version, author=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            f"La version {version.number} est restaurée : elle devient la version "
            f"{restored.number}. Les autres versions restent dans l'historique.",
        )
    return redirect(document)
