"""The pages of the délibérations: those of a séance, one délibération
with its files and signatures, its transmission, and the annual registre."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.login_flow import has_recent_auth, reauth_redirect
from actes import documents
from actes.access import (
    deliberations_of,
    get_deliberation_for,
    get_transmittable_for,
)
from actes.forms import SignForm, TransmissionForm
from actes.models import Deliberation, Signature
from actes.services import pdf_progress, years_of
from actes.signatures import expected_signer, sign, signatures_of
from actes.transmission import is_due, record_transmission
from collectivites.access import ctx_of, require
from documents.storage import open_blob
from domain import access
from domain.transmission import TransmissionError
from seances.access import get_seance_for
from seances.views.common import acting, add_errors, refusal


def _pdf_response(data: bytes, filename: str, *, inline: bool = True) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    how = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{how}; filename="{filename}"'
    return response


@require_safe
def seance_deliberations(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_seance_for(ctx, seance_id)
    require(seance.is_council)
    rows = deliberations_of(ctx, seance)
    drawn, total = pdf_progress(seance)
    context = {
        "seance": seance,
        "deliberations": rows,
        "drawn": drawn,
        "total": total,
        "can_transmit": access.can_transmit_deliberation(ctx.actor),
    }
    if request.htmx:
        return render(request, "actes/includes/progress.html", context)
    return render(request, "actes/seance.html", context)


def _signing(ctx_membership: object, deliberation: Deliberation) -> list[str]:
    """The capacities in which the person may sign now."""
    done = {one.capacity for one in deliberation.signatures.all()}
    return [
        capacity
        for capacity in Signature.Capacity.values
        if capacity not in done
        and getattr(expected_signer(deliberation, capacity), "pk", None)
        == getattr(ctx_membership, "pk", None)
    ]


@require_safe
def deliberation_detail(
    request: HttpRequest, collectivite: str, deliberation_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    deliberation = get_deliberation_for(ctx, deliberation_id)
    signatures = signatures_of(deliberation)
    context = (
        documents.context_of(deliberation, signatures) if deliberation.mentions else {}
    )
    context.update(
        {
            "deliberation": deliberation,
            "signatures": signatures,
            "can_sign": (
                _signing(ctx.membership, deliberation) if deliberation.pdf_id else []
            ),
            "capacity_labels": dict(Signature.Capacity.choices),
            "can_transmit": access.can_transmit_deliberation(ctx.actor)
            and is_due(deliberation),
            "transmission": getattr(deliberation, "transmission", None),
        }
    )
    return render(request, "actes/detail.html", context)


@require_safe
def deliberation_pdf(
    request: HttpRequest, collectivite: str, deliberation_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    deliberation = get_deliberation_for(ctx, deliberation_id)
    blob = deliberation.signed_pdf or deliberation.pdf
    if blob is None:
        raise Http404
    with open_blob(blob) as stream:
        data = stream.read()
    return _pdf_response(data, f"deliberation-{deliberation.actes_number}.pdf")


@require_safe
def deliberation_odt(
    request: HttpRequest, collectivite: str, deliberation_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    deliberation = get_deliberation_for(ctx, deliberation_id)
    if not deliberation.mentions:
        raise Http404
    response = HttpResponse(
        documents.deliberation_odt(deliberation),
        content_type="application/vnd.oasis.opendocument.text",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="deliberation-{deliberation.actes_number}.odt"'
    )
    return response


@require_POST
def deliberation_sign(
    request: HttpRequest, collectivite: str, deliberation_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    deliberation = get_deliberation_for(ctx, deliberation_id)
    form = SignForm(request.POST)
    capacities = _signing(ctx.membership, deliberation)
    require(access.can_sign_deliberation(ctx.actor, is_signer=bool(capacities)))
    if not has_recent_auth(request):  # a signature is an act of the person
        return reauth_redirect(request)
    if not form.is_valid():
        messages.error(request, "Choisissez en quelle qualité vous signez.")
    else:
        try:
            sign(
                deliberation,
                ctx.membership,
                acting(request),
                form.cleaned_data["capacity"],
            )
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, "Votre signature est enregistrée.")
    return redirect(_detail_url(deliberation))


def _detail_url(deliberation: Deliberation) -> str:
    from django.urls import reverse  # noqa: PLC0415

    return reverse(
        "actes:detail",
        kwargs={
            "collectivite": deliberation.collectivite.slug,
            "deliberation_id": deliberation.pk,
        },
    )


def deliberation_transmission(
    request: HttpRequest, collectivite: str, deliberation_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    deliberation = get_transmittable_for(ctx, deliberation_id)
    require(is_due(deliberation))
    current = getattr(deliberation, "transmission", None)
    initial = (
        {
            "sent_on": current.sent_on,
            "acknowledged_on": current.acknowledged_on,
            "acknowledgement_id": current.acknowledgement_id,
        }
        if current
        else {}
    )
    form = TransmissionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                record_transmission(
                    deliberation, by=acting(request), **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, "La transmission est enregistrée.")
                return redirect(_detail_url(deliberation))
        status = 400
    try:
        identifier = documents.actes_id_of(deliberation)
        problem = ""
    except TransmissionError as error:
        identifier, problem = "", str(error)
    return render(
        request,
        "actes/transmission.html",
        {
            "deliberation": deliberation,
            "form": form,
            "identifier": identifier,
            "problem": problem,
        },
        status=status,
    )


@require_safe
def transmission_package(
    request: HttpRequest, collectivite: str, deliberation_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    deliberation = get_transmittable_for(ctx, deliberation_id)
    require(is_due(deliberation))
    try:
        filename, data = documents.transmission_package(deliberation)
    except TransmissionError as error:
        messages.error(request, str(error))
        return redirect(_detail_url(deliberation))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def registre_index(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_print_registre(ctx.actor))
    return render(request, "actes/registre.html", {"years": years_of(ctx.collectivite)})


@require_safe
def registre_pdf(request: HttpRequest, collectivite: str, year: int) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_print_registre(ctx.actor))
    require(year in years_of(ctx.collectivite))
    # TODO(registre-task): drawn on request; a year of some fifty acts takes
    # a few seconds. Move it to a background task with progress if large
    # collectivités use it.
    data = documents.registre_pdf(ctx.collectivite, year)
    return _pdf_response(
        data, f"registre-deliberations-{year}-{ctx.collectivite.slug}.pdf", inline=False
    )
