"""The séances of a collectivité: list, page, creation, change, convocation."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from collectivites.access import Context, ctx_of, require
from domain import access
from minutes.outcomes import attach_outcomes
from seances.access import get_managed_seance_for, get_seance_for, visible_seances
from seances.agenda import agenda_lines
from seances.confirmations import close_confirmation
from seances.deadlines import deadline_for
from seances.forms import ConveneForm, SeanceForm
from seances.models import Seance
from seances.services import (
    advance_seance,
    change_seance,
    create_seance,
)
from seances.views.common import acting, add_errors, refusal
from web.confirm import confirmation_page, is_confirmed


def seance_list(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_seances(ctx.actor))
    seances = visible_seances(ctx).select_related("workspace", "collectivite")
    now = timezone.now()
    return render(
        request,
        "seances/list.html",
        {
            "upcoming": seances.filter(starts_at__gte=now).order_by("starts_at"),
            "past": seances.filter(starts_at__lt=now).order_by("-starts_at"),
            "can_manage": access.can_manage_seances(ctx.actor),
        },
    )


def seance_create(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_manage_seances(ctx.actor))

    form = SeanceForm(ctx, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            seance = create_seance(
                collectivite=ctx.collectivite,
                by=acting(request),
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
                kind=form.cleaned_data["kind"],
                workspace=form.cleaned_data["workspace"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "La séance est créée. Ajoutez-y ses points.")
            return redirect(seance)
    return render(request, "seances/form.html", {"form": form, "seance": None})


def seance_edit(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_managed_seance_for(ctx, seance_id)
    require(not seance.is_convened)

    form = SeanceForm(ctx, request.POST or None, initial=SeanceForm.initial_for(seance))
    if request.method == "POST" and form.is_valid():
        try:
            seance = change_seance(
                seance,
                by=acting(request),
                starts_at=form.starts_at(),
                place=form.cleaned_data["place"],
                kind=form.cleaned_data["kind"],
                workspace=form.cleaned_data["workspace"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Les modifications sont enregistrées.")
            return redirect(seance)
    return render(request, "seances/form.html", {"form": form, "seance": seance})


def seance_detail(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_seance_for(ctx, seance_id)
    lines = agenda_lines(ctx, seance)
    can_manage = access.can_manage_seances(ctx.actor)
    deadline = None
    if can_manage and not seance.is_convened:
        deadline = deadline_for(
            ctx.collectivite,
            seance,
            has_icpe_item=seance.items.filter(outcome="", concerns_icpe=True).exists(),
            today=timezone.localdate(),
        )
    return render(
        request,
        "seances/detail.html",
        {
            "seance": seance,
            "lines": lines,
            "can_manage": can_manage,
            "deadline": deadline,
            "has_huis_clos": any(line.item.huis_clos for line in lines),
            "next_status": _next_status(seance) if can_manage else None,
            **attach_outcomes(ctx, seance, lines),
        },
    )


@require_safe
def seance_convene(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    """The page that sends the convocation with a written reason of urgence.
    The sending itself is ``convocations:send``, which comes back here when
    it refuses; its date is always today's, never typed (no backdating)."""
    ctx = ctx_of(request)
    seance = get_managed_seance_for(ctx, seance_id)
    require(access.can_send_convocation(ctx.actor) and not seance.is_convened)

    return convene_page(request, ctx, seance, ConveneForm())


def convene_page(
    request: HttpRequest,
    ctx: Context,
    seance: Seance,
    form: ConveneForm,
    *,
    offer_urgence: bool = False,
) -> HttpResponse:
    """The convene page; ``offer_urgence`` when the ordinary delay has
    passed and a reason of urgence could still convene the séance."""
    deadline = deadline_for(
        ctx.collectivite,
        seance,
        has_icpe_item=seance.items.filter(outcome="", concerns_icpe=True).exists(),
        today=timezone.localdate(),
    )
    return render(
        request,
        "seances/convene.html",
        {
            "form": form,
            "seance": seance,
            "deadline": deadline,
            "offer_urgence": offer_urgence,
        },
    )


@require_POST
def seance_advance(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_managed_seance_for(ctx, seance_id)
    target = _next_status(seance)
    if target is None:
        raise Http404
    if target == Seance.Status.CLOSE and not is_confirmed(request):
        return confirmation_page(
            request, close_confirmation(seance, seance.get_absolute_url())
        )

    try:
        advance_seance(seance, by=acting(request), to=str(target))
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, f"La séance est maintenant « {target.label} ».")
    return redirect(seance)


def _next_status(seance: Seance) -> Seance.Status | None:
    """Opening and closing a commission's meeting; convening has its own
    page, and a séance of the council is opened and closed while it is
    held (``proceedings``)."""
    if seance.is_council:
        return None
    return {
        Seance.Status.CONVOQUEE: Seance.Status.EN_COURS,
        Seance.Status.EN_COURS: Seance.Status.CLOSE,
    }.get(Seance.Status(seance.status))
