"""The PDFs of a séance: convocation, ordre du jour, note, dossier."""

import io
from typing import IO
from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from collectivites.access import ctx_of, require
from documents.storage import open_blob
from dossiers import documents
from dossiers.access import get_documents_seance_for
from dossiers.forms import BuildForm
from dossiers.models import DossierBuild
from dossiers.panel import documents_panel
from dossiers.services import request_build
from journal.services import record_huis_clos_read
from seances.models import Seance
from seances.views.common import acting

SANDBOX = "default-src 'none'; sandbox"


def _pdf_response(data: bytes, name: str, seance: Seance) -> FileResponse:
    day = seance.local_start.date().isoformat()
    return _download(io.BytesIO(data), f"{name} {day}.pdf")


def _download(stream: IO[bytes], filename: str) -> FileResponse:
    """Always downloaded under a sandbox: nothing in a PDF runs in Quorum."""
    response = FileResponse(
        stream, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Content-Security-Policy"] = SANDBOX
    return response


def convocation_pdf(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> FileResponse:
    """The convocation, drawn now from the séance and its agenda."""
    seance, _ = get_documents_seance_for(ctx_of(request), seance_id)
    return _pdf_response(documents.convocation(seance), "Convocation", seance)


def agenda_pdf(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> FileResponse:
    seance, _ = get_documents_seance_for(ctx_of(request), seance_id)
    return _pdf_response(documents.ordre_du_jour(seance), "Ordre du jour", seance)


def note_pdf(request: HttpRequest, collectivite: str, seance_id: UUID) -> FileResponse:
    ctx = ctx_of(request)
    seance, _ = get_documents_seance_for(ctx, seance_id)
    data = documents.note_de_synthese(seance)
    _log_huis_clos(request, seance, "note de synthèse")
    return _pdf_response(data, "Note de synthèse", seance)


def _log_huis_clos(request: HttpRequest, seance: Seance, page: str) -> None:
    """A PDF that holds the points à huis clos: who downloaded it."""
    ctx = ctx_of(request)
    record_huis_clos_read(
        collectivite=ctx.collectivite,
        actor=request.user,
        items=seance.items.filter(huis_clos=True).order_by("position"),
        page=page,
    )


def dossier_state(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    """The dossiers of a séance and their compilation; htmx polls it."""
    ctx = ctx_of(request)
    seance, abilities = get_documents_seance_for(ctx, seance_id)
    followed = request.GET.get("suivi", "").split(",")
    context = documents_panel(ctx, seance, abilities, followed=followed)
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "dossiers/_state.html", context)
    return render(request, "dossiers/dossier.html", context)


@require_POST
def dossier_build(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance, abilities = get_documents_seance_for(ctx, seance_id)
    require(abilities.build)

    form = BuildForm(request.POST)
    if form.is_valid():
        request_build(seance, variant=form.cleaned_data["variant"], by=acting(request))
    else:
        messages.error(request, " ".join(form.errors.get("variant", [])))
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request, "dossiers/_state.html", documents_panel(ctx, seance, abilities)
        )
    return redirect("dossiers:state", collectivite=collectivite, seance_id=seance.pk)


def dossier_download(
    request: HttpRequest, collectivite: str, seance_id: UUID, variant: str
) -> FileResponse:
    ctx = ctx_of(request)
    seance, abilities = get_documents_seance_for(ctx, seance_id)
    if variant not in abilities.variants():
        raise Http404
    build = (
        DossierBuild.objects.select_related("output")
        .filter(seance=seance, variant=variant, status=DossierBuild.Status.READY)
        .exclude(output=None)
        .first()
    )
    if build is None or build.output is None:
        raise Http404
    day = seance.local_start.date().isoformat()
    suffix = " (public)" if variant == DossierBuild.Variant.PUBLIC else ""
    if variant != DossierBuild.Variant.PUBLIC:
        _log_huis_clos(request, seance, f"dossier de séance ({variant})")
    stamp = timezone.localtime(build.finished_at or build.created_at)
    return _download(
        open_blob(build.output),
        f"Dossier de séance {day}{suffix} — compilé le {stamp:%d-%m-%Y %Hh%M}.pdf",
    )
