"""The procès-verbal of a séance, drafted, edited and approved."""

import io
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from actes.models import Signature
from actes.signatures import expected_signer, sign, signatures_of
from collectivites.access import ctx_of, require
from documents.storage import open_blob
from dossiers.views import SANDBOX
from minutes import pdf
from minutes.access import can_edit, get_proces_verbal_for
from minutes.forms import ProcesVerbalForm
from minutes.models import ProcesVerbal
from minutes.services import ProcesVerbalConflict, save_proces_verbal
from seances import richtext
from seances.views.common import acting, add_errors, refusal


@require_safe
def proces_verbal(
    request: HttpRequest, collectivite: str, proces_verbal_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    proces_verbal = get_proces_verbal_for(ctx, proces_verbal_id)
    context = {
        "proces_verbal": proces_verbal,
        "seance": proces_verbal.seance,
        "can_edit": can_edit(ctx, proces_verbal),
        "signatures": signatures_of(proces_verbal),
        "my_capacities": _my_capacities(ctx, proces_verbal),
        **pdf.proces_verbal_context(proces_verbal),
    }
    context.update(_extra(request, proces_verbal))
    return render(request, "minutes/proces_verbal.html", context)


def _my_capacities(ctx: object, proces_verbal: ProcesVerbal) -> list[tuple[str, str]]:
    """The capacities in which the actor still signs this procès-verbal."""
    if proces_verbal.state != ProcesVerbal.State.APPROUVE:
        return []
    signed = {signature.capacity for signature in signatures_of(proces_verbal)}
    mine = []
    for capacity, label in Signature.Capacity.choices:
        signer = expected_signer(proces_verbal, capacity)
        me = ctx.membership.pk  # type: ignore[attr-defined]
        if capacity not in signed and signer is not None and signer.pk == me:
            mine.append((capacity, label))
    return mine


def _extra(request: HttpRequest, proces_verbal: object) -> dict[str, object]:
    """What the other apps add to the page: the signatures and the
    publication."""
    from publication.panel import panel_for  # noqa: PLC0415 - publication imports minutes

    return panel_for(ctx_of(request), proces_verbal=proces_verbal)


@require_http_methods(["GET", "POST"])
def proces_verbal_edit(
    request: HttpRequest, collectivite: str, proces_verbal_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    proces_verbal = get_proces_verbal_for(ctx, proces_verbal_id)
    require(can_edit(ctx, proces_verbal))

    if request.method == "POST":
        form = ProcesVerbalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                save_proces_verbal(
                    proces_verbal,
                    by=acting(request),
                    based_on=data["based_on"],
                    body=data["body"],
                    huis_clos_body=data["huis_clos_body"],
                )
            except ProcesVerbalConflict as conflict:
                return _conflict(request, conflict, data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "Le procès-verbal est enregistré.")
                return redirect(
                    "minutes:proces_verbal",
                    collectivite=ctx.collectivite.slug,
                    proces_verbal_id=proces_verbal.pk,
                )
    else:
        form = ProcesVerbalForm(
            initial={
                "based_on": proces_verbal.revision,
                "body": proces_verbal.body,
                "huis_clos_body": proces_verbal.huis_clos_body,
            }
        )
    return render(
        request,
        "minutes/proces_verbal_form.html",
        {"proces_verbal": proces_verbal, "form": form},
    )


def _conflict(
    request: HttpRequest, conflict: ProcesVerbalConflict, data: dict[str, object]
) -> HttpResponse:
    """Both texts side by side, the typed one in a form based on the latest
    revision: saving it again replaces the other, knowingly."""
    latest = conflict.latest
    form = ProcesVerbalForm(
        initial={
            "based_on": latest.revision,
            "body": data["body"],
            "huis_clos_body": data["huis_clos_body"],
        }
    )
    saved = pdf.proces_verbal_context(latest)
    return render(
        request,
        "minutes/proces_verbal_conflict.html",
        {
            "proces_verbal": latest,
            "latest": latest,
            "latest_body": saved["body"],
            "typed_body": richtext.as_html(str(data["body"])),
            "form": form,
        },
        status=409,
    )


@require_safe
def proces_verbal_pdf(
    request: HttpRequest, collectivite: str, proces_verbal_id: UUID
) -> FileResponse:
    """The approved original as stored, or the draft as it stands."""
    ctx = ctx_of(request)
    proces_verbal = get_proces_verbal_for(ctx, proces_verbal_id)
    if proces_verbal.pdf_id is not None:
        stream = open_blob(proces_verbal.pdf)
    else:
        stream = io.BytesIO(pdf.proces_verbal_pdf(proces_verbal))
    day = proces_verbal.seance.local_start.date().isoformat()
    return download(stream, f"Procès-verbal {day}.pdf")


def download(stream: object, filename: str) -> FileResponse:
    response = FileResponse(
        stream, as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Content-Security-Policy"] = SANDBOX
    return response


@require_POST
def proces_verbal_sign(
    request: HttpRequest, collectivite: str, proces_verbal_id: UUID
) -> HttpResponse:
    """The president or the secrétaire de séance signs the approved
    procès-verbal with their account (``actes.signatures.sign``)."""
    ctx = ctx_of(request)
    proces_verbal = get_proces_verbal_for(ctx, proces_verbal_id)
    capacity = request.POST.get("capacity", "")
    try:
        if proces_verbal.state != ProcesVerbal.State.APPROUVE:
            raise ValidationError(
                "Le procès-verbal se signe une fois approuvé par le conseil."
            )
        sign(proces_verbal, ctx.membership, acting(request), capacity)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, "Votre signature est enregistrée.")
    return redirect(proces_verbal)
