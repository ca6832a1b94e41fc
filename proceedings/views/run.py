"""The page that holds a séance: opening, roll call, the room and the
quorum live, arrivals and departures, closing."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from collectivites.access import ctx_of, require
from domain.french import elide
from domain.sitting import opening_day_refusal
from proceedings.access import get_running_seance_for
from proceedings.confirmations import close_confirmation, quorum_failed_confirmation
from proceedings.forms import CloseForm, MovementForm, RollCallForm
from proceedings.models import Sitting
from proceedings.pages import RunPage, run_page
from proceedings.reconvocation import close_for_lack_of_quorum
from proceedings.services import (
    check_moment,
    close_seance,
    held_procuration_of,
    local_time,
    open_seance,
    record_movement,
    record_roll_call,
)
from seances.models import Seance
from seances.views.common import acting, add_errors, refusal
from web.confirm import confirmation_page, is_confirmed


def run_url(seance: Seance) -> str:
    return reverse(
        "proceedings:run",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )


def _render(
    request: HttpRequest,
    seance: Seance,
    page: RunPage,
    *,
    roll_call: RollCallForm | None = None,
    movement: MovementForm | None = None,
    status: int = 200,
) -> HttpResponse:
    members = page.record.in_office
    if roll_call is None and page.sitting is not None:
        roll_call = RollCallForm(
            members,
            page.record.roll_call,
            initial={
                "president": str(page.sitting.president_id or ""),
                "secretaire": str(page.sitting.secretaire_id or ""),
                "auxiliary": page.sitting.auxiliary,
            },
        )
    context = {
        "seance": seance,
        "page": page,
        "record": page.record,
        "sitting": page.sitting,
        "live": page.live,
        "roll_call": roll_call,
        "movement": movement or MovementForm(members),
        "close": CloseForm(),
        "opening_refusal": opening_refusal(seance) if page.sitting is None else "",
    }
    if request.htmx and page.live is not None:
        return render(request, "proceedings/includes/live.html", context, status=status)
    return render(request, "proceedings/run.html", context, status=status)


@require_safe
def seance_run(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_running_seance_for(ctx, seance_id)

    return _render(request, seance, run_page(seance))


@require_POST
def seance_open(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_running_seance_for(ctx, seance_id)

    try:
        open_seance(seance, by=acting(request))
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(
            request, "La séance est ouverte. Faites l'appel, puis confirmez-le."
        )
    return redirect(run_url(seance))


def opening_refusal(seance: Seance) -> str:
    """Why the séance cannot be opened today, shown before the button
    (L2121-10, L2121-12); ``open_seance`` refuses it the same way."""
    return opening_day_refusal(seance.local_start.date(), timezone.localdate()) or ""


def _sitting(seance: Seance) -> Sitting:
    sitting = Sitting.objects.filter(seance=seance).first()
    require(sitting is not None)
    return sitting  # type: ignore[return-value]


@require_POST
def roll_call(request: HttpRequest, collectivite: str, seance_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_running_seance_for(ctx, seance_id)
    sitting = _sitting(seance)
    page = run_page(seance)

    form = RollCallForm(page.record.in_office, page.record.roll_call, request.POST)
    if not form.is_valid():
        return _render(request, seance, page, roll_call=form, status=422)
    try:
        check = record_roll_call(
            sitting,
            by=acting(request),
            entries=form.entries(),
            president=form.member("president"),
            secretaire=form.member("secretaire"),
            auxiliary=form.cleaned_data["auxiliary"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        add_errors(form, error)
        return _render(request, seance, page, roll_call=form, status=422)
    if check.met:
        messages.success(request, f"L'appel est enregistré. {check.message}")
    else:
        messages.warning(request, f"L'appel est enregistré. {check.message}")
    return redirect(run_url(seance))


@require_POST
def movement(request: HttpRequest, collectivite: str, seance_id: UUID) -> HttpResponse:
    """An arrival or a departure; from htmx, the room and quorum come back."""
    ctx = ctx_of(request)
    seance = get_running_seance_for(ctx, seance_id)
    sitting = _sitting(seance)
    page = run_page(seance)

    form = MovementForm(page.record.in_office, request.POST)
    held = ""
    if form.is_valid():
        member = form.member_of("member")
        at = local_time(sitting, form.cleaned_data["at"]) or timezone.now()
        try:
            if form.cleaned_data["kind"] == "depart":
                held = held_procuration_of(sitting, member, at)  # type: ignore[arg-type]
            record_movement(
                sitting,
                by=acting(request),
                member=member,  # type: ignore[arg-type]
                kind=form.cleaned_data["kind"],
                at=at,
                mandataire=form.member_of("mandataire"),
            )
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        return _render(request, seance, page, movement=form, status=422)
    if held:
        # L2121-20: the mandataire votes in person; away, the procuration
        # he holds does not vote until he comes back.
        messages.warning(
            request,
            f"{member.user.full_name} détenait la procuration {elide('de', held)} : "  # type: ignore[union-attr]
            f"tant qu'il ou elle est absent(e), cette procuration ne vote plus, et "
            f"{held} n'est pas représenté(e) (CGCT L2121-20).",
        )
    if request.htmx:
        return _render(request, seance, run_page(seance))
    messages.success(request, "Le mouvement est enregistré.")
    return redirect(f"{run_url(seance)}#salle")


@require_POST
def seance_close(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_running_seance_for(ctx, seance_id)
    sitting = _sitting(seance)

    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, "L'heure de clôture n'est pas lisible.")
        return redirect(run_url(seance))
    at = local_time(sitting, form.cleaned_data["at"])
    try:
        check_moment(sitting, at or timezone.now(), what="La clôture")
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect(run_url(seance))
    if not is_confirmed(request):
        return confirmation_page(
            request, close_confirmation(seance, at, run_url(seance))
        )
    try:
        close_seance(sitting, by=acting(request), at=at)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, "La séance est close.")
    return redirect(run_url(seance))


@require_POST
def quorum_failed(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_running_seance_for(ctx, seance_id)
    sitting = _sitting(seance)
    if not is_confirmed(request):
        return confirmation_page(
            request, quorum_failed_confirmation(seance, run_url(seance))
        )

    try:
        new = close_for_lack_of_quorum(sitting, by=acting(request))
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect(run_url(seance))
    messages.success(
        request,
        "La séance est close faute de quorum. La nouvelle séance est préparée "
        "sur les mêmes points : vérifiez-la, puis envoyez sa convocation.",
    )
    return redirect(new)
