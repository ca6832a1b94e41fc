"""The pages of the délibérations: those of a séance, one délibération
with its files and signatures, its transmission, and the annual registre."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.login_flow import has_recent_auth, reauth_redirect
from actes import documents
from actes.access import (
    deliberations_of,
    get_deliberation_for,
    get_transmittable_for,
)
from actes.forms import ExemptionForm, SignForm, TransmissionForm
from actes.models import Deliberation, Signature
from actes.panel import RegistreRow
from actes.registre import latest_registre, request_registre
from actes.services import pdf_progress, years_of
from actes.signatures import expected_signer, sign, signatures_of
from actes.transmission import (
    exempt_from_transmission,
    is_due,
    is_sent,
    record_transmission,
)
from collectivites.access import Context, ctx_of, require
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
            "can_exempt": access.can_transmit_deliberation(ctx.actor)
            and is_due(deliberation)
            and not is_sent(deliberation),
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
            "unsigned": documents.signature_refusal(deliberation),
        },
        status=status,
    )


def deliberation_exemption(
    request: HttpRequest, collectivite: str, deliberation_id: UUID
) -> HttpResponse:
    """The confirmation page, then the declaration that the act is not sent
    to the préfecture (L2131-2 I 1°)."""
    ctx = ctx_of(request)
    deliberation = get_transmittable_for(ctx, deliberation_id)
    require(is_due(deliberation) and not is_sent(deliberation))
    form = ExemptionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                exempt_from_transmission(
                    deliberation, by=acting(request), **form.cleaned_data
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    "La délibération est déclarée non transmissible : elle "
                    "n'est plus comptée parmi les actes à transmettre.",
                )
                return redirect(_detail_url(deliberation))
        status = 400
    return render(
        request,
        "actes/exemption.html",
        {"deliberation": deliberation, "form": form},
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


def _registre_rows(ctx: Context, followed: str = "") -> list[RegistreRow]:
    return [
        RegistreRow(
            year=year,
            build=latest_registre(ctx.collectivite, year),
            collectivite=ctx.collectivite.slug,
            followed=str(year) == followed,
        )
        for year in years_of(ctx.collectivite)
    ]


@require_safe
def registre_index(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_print_registre(ctx.actor))
    return render(request, "actes/registre.html", {"rows": _registre_rows(ctx)})


def _registre_year(request: HttpRequest, year: int) -> Context:
    ctx = ctx_of(request)
    require(access.can_print_registre(ctx.actor))
    require(year in years_of(ctx.collectivite))
    return ctx


@require_safe
def registre_state(request: HttpRequest, collectivite: str, year: int) -> HttpResponse:
    """One year's registre and its drawing; htmx polls it."""
    ctx = _registre_year(request, year)
    row = RegistreRow(
        year=year,
        build=latest_registre(ctx.collectivite, year),
        collectivite=ctx.collectivite.slug,
        followed=request.GET.get("suivi") == "1",
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "actes/includes/registre_year.html", {"row": row})
    return render(request, "actes/registre.html", {"rows": [row]})


@require_POST
def registre_build(request: HttpRequest, collectivite: str, year: int) -> HttpResponse:
    ctx = _registre_year(request, year)

    request_registre(ctx.collectivite, year, by=acting(request))
    row = RegistreRow(
        year=year,
        build=latest_registre(ctx.collectivite, year),
        collectivite=ctx.collectivite.slug,
        followed=True,
    )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "actes/includes/registre_year.html", {"row": row})
    return redirect("actes:registre", collectivite=ctx.collectivite.slug)


@require_safe
def registre_pdf(
    request: HttpRequest, collectivite: str, year: int
) -> HttpResponse | FileResponse:
    """The registre as drawn last, if no act of its year changed since."""
    ctx = _registre_year(request, year)
    build = latest_registre(ctx.collectivite, year)
    if build is None or build.output is None:
        messages.info(
            request,
            f"Le registre {year} n'est pas prêt : préparez-le depuis cette page.",
        )
        return redirect("actes:registre", collectivite=ctx.collectivite.slug)
    response = FileResponse(
        open_blob(build.output),
        as_attachment=True,
        filename=f"registre-deliberations-{year}-{ctx.collectivite.slug}.pdf",
        content_type="application/pdf",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
