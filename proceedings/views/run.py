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
from proceedings.access import get_running_seance_for
from proceedings.forms import CloseForm, MovementForm, RollCallForm, typed_time
from proceedings.models import Sitting
from proceedings.pages import RunPage, run_page
from proceedings.reconvocation import close_for_lack_of_quorum
from proceedings.services import (
    close_seance,
    open_seance,
    record_movement,
    record_roll_call,
)
from seances.models import Seance
from seances.views.common import acting, add_errors, refusal


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
        "on_its_day": opens_on_its_day(seance),
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

    if not opens_on_its_day(seance) and not request.POST.get("other_day"):
        messages.error(request, other_day_refusal(seance))
        return redirect(run_url(seance))
    try:
        open_seance(seance, by=acting(request))
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(
            request, "La séance est ouverte. Faites l'appel, puis confirmez-le."
        )
    return redirect(run_url(seance))


def opens_on_its_day(seance: Seance) -> bool:
    """A séance is held on the day its convocation gave; opening it on
    another day is a mistake unless the secrétaire confirms it."""
    return seance.local_start.date() == timezone.localdate()


def other_day_refusal(seance: Seance) -> str:
    return (
        f"La séance est convoquée pour le {seance.local_start:%d/%m/%Y} à "
        f"{seance.local_start:%H}h{seance.local_start:%M}, pas pour aujourd'hui. "
        "Si elle se tient bien maintenant, cochez la case de confirmation puis "
        "ouvrez-la de nouveau."
    )


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
    if form.is_valid():
        try:
            record_movement(
                sitting,
                by=acting(request),
                member=form.member_of("member"),  # type: ignore[arg-type]
                kind=form.cleaned_data["kind"],
                at=typed_time(seance.local_start, form.cleaned_data["at"]),
                mandataire=form.member_of("mandataire"),
            )
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        return _render(request, seance, page, movement=form, status=422)
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
    try:
        close_seance(
            sitting,
            by=acting(request),
            at=typed_time(seance.local_start, form.cleaned_data["at"]),
        )
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
