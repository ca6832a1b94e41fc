"""A point of the séance being held: its opening and quorum, interested
councillors, the vote entered fast, the debates, its withdrawal."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from collectivites.access import ctx_of
from proceedings.access import get_running_point_for
from proceedings.forms import (
    DebatesForm,
    InterestForm,
    MovementForm,
    NominationForm,
    OpenVoteForm,
    OutcomeForm,
    SecretVoteForm,
)
from proceedings.pages import PointPage, point_page
from proceedings.services import (
    open_point,
    save_debates,
    set_interest,
    set_point_outcome,
)
from proceedings.voting import (
    preview_open_vote,
    record_nomination_round,
    record_open_vote,
    record_secret_vote,
)
from seances.confirmations import needs_confirmation, outcome_confirmation
from seances.models import AgendaItem
from seances.views.common import acting, add_errors, refusal
from web.confirm import confirmation_page, is_confirmed


def point_url(item: AgendaItem) -> str:
    return reverse(
        "proceedings:point",
        kwargs={"collectivite": item.seance.collectivite.slug, "item_id": item.pk},
    )


def _final_reason(page: PointPage) -> str:
    """Why the vote of a point of a closed séance can no longer be entered
    or corrected (its délibération is signed, sent or published), or ""."""
    sitting = page.page.sitting
    if sitting is None or not sitting.is_closed:
        return ""
    from actes.corrections import why_final  # noqa: PLC0415 - actes reads us
    from actes.models import Deliberation  # noqa: PLC0415

    deliberation = Deliberation.objects.filter(item=page.item).first()
    return why_final(deliberation) if deliberation else ""


def _render(
    request: HttpRequest,
    page: PointPage,
    status: int = 200,
    **forms: object,
) -> HttpResponse:
    members = page.page.record.in_office
    examination = page.point.examination
    context = {
        "seance": page.item.seance,
        "item": page.item,
        "point": page.point,
        "live": page.page.live,
        "record": page.page.record,
        "movement": MovementForm(members),
        "sitting": page.page.sitting,
        "open_vote": forms.get("open_vote") or OpenVoteForm(page.voices),
        "secret_vote": forms.get("secret_vote") or SecretVoteForm(),
        "nomination": forms.get("nomination") or NominationForm(members),
        "interest": forms.get("interest") or InterestForm(members),
        "debates": forms.get("debates")
        or DebatesForm(initial={"debates": examination.debates if examination else ""}),
        "outcome": OutcomeForm(initial={"outcome": page.item.outcome}),
        "confirm": forms.get("confirm"),
        "final": _final_reason(page),
    }
    if request.htmx and forms.get("partial"):
        return render(request, str(forms["partial"]), context, status=status)
    return render(request, "proceedings/point.html", context, status=status)


@require_safe
def point_run(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item = get_running_point_for(ctx, item_id)

    return _render(request, point_page(item))


@require_POST
def point_open(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item = get_running_point_for(ctx, item_id)

    try:
        examination = open_point(item, by=acting(request))
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        if examination.quorum_met:
            messages.success(request, "Le point est ouvert : le quorum est atteint.")
        else:
            messages.error(
                request,
                "Quorum non atteint à l'ouverture du point : il ne peut pas être "
                "examiné. Attendez des arrivées et rouvrez-le, ou close la séance "
                "faute de quorum.",
            )
    return redirect(point_url(item))


@require_POST
def interest(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item = get_running_point_for(ctx, item_id)
    page = point_page(item)

    form = InterestForm(page.page.record.in_office, request.POST)
    if form.is_valid():
        try:
            set_interest(
                item,
                by=acting(request),
                member=form.member_of(),  # type: ignore[arg-type]
                interested=form.cleaned_data["interested"],
            )
        except ValidationError as error:
            add_errors(form, error)
    if form.errors:
        return _render(request, page, status=422, interest=form)
    return redirect(point_url(item))


@require_safe
def vote_preview(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    """The count of the vote as entered, to confirm; records nothing. With
    ``unanimite``, every voice is pour."""
    ctx = ctx_of(request)
    item = get_running_point_for(ctx, item_id)
    page = point_page(item)

    data = request.GET if "unanimite" not in request.GET else {}
    form = OpenVoteForm(page.voices, data or None)
    exceptions = form.exceptions() if data and form.is_valid() else {}
    if data and not form.is_valid():
        return _render(request, page, status=422, open_vote=form)
    try:
        _, _, result = preview_open_vote(
            item,
            exceptions=exceptions,
            public_requests=form.cleaned_data.get("public_requests") or 0
            if data
            else 0,
        )
    except ValidationError as error:
        add_errors(form, error)
        return _render(request, page, status=422, open_vote=form)
    confirm = {
        "result": result,
        "exceptions": exceptions,
        "public_requests": (form.cleaned_data.get("public_requests") or 0)
        if data
        else 0,
        "reason": (form.cleaned_data.get("reason") or "") if data else "",
    }
    return _render(
        request,
        page,
        open_vote=form,
        confirm=confirm,
        partial="proceedings/includes/vote_confirm.html",
    )


@require_POST
def vote(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item = get_running_point_for(ctx, item_id)

    page = point_page(item)
    form = OpenVoteForm(page.voices, request.POST)
    if form.is_valid():
        try:
            recorded = record_open_vote(
                item,
                by=acting(request),
                exceptions=form.exceptions(),
                public_requests=form.cleaned_data["public_requests"] or 0,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"Vote enregistré : {recorded.explanation}")
            return redirect(point_url(item))
    return _render(request, page, status=422, open_vote=form)


@require_POST
def secret_vote(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item = get_running_point_for(ctx, item_id)

    form = SecretVoteForm(request.POST)
    if form.is_valid():
        try:
            recorded = record_secret_vote(item, by=acting(request), **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"Scrutin secret enregistré : {recorded.explanation}"
            )
            return redirect(point_url(item))
    return _render(request, point_page(item), status=422, secret_vote=form)


@require_POST
def nomination(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item = get_running_point_for(ctx, item_id)
    page = point_page(item)

    form = NominationForm(page.page.record.in_office, request.POST)
    if form.is_valid():
        try:
            recorded = record_nomination_round(
                item,
                by=acting(request),
                round_number=form.cleaned_data["round_number"],
                votes=form.votes(),
                blancs_ou_nuls=form.cleaned_data["blancs_ou_nuls"] or 0,
                birth_dates=form.birth_dates(),
                secret_waived=form.cleaned_data["secret_waived"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, recorded.explanation)
            return redirect(point_url(item))
    return _render(request, page, status=422, nomination=form)


@require_POST
def debates(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item = get_running_point_for(ctx, item_id)

    form = DebatesForm(request.POST)
    if form.is_valid():
        try:
            save_debates(
                item,
                by=acting(request),
                text=form.cleaned_data["debates"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Le résumé des débats est enregistré.")
            return redirect(point_url(item))
    return _render(request, point_page(item), status=422, debates=form)


@require_POST
def outcome(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item = get_running_point_for(ctx, item_id)

    form = OutcomeForm(request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["outcome"]
        if needs_confirmation(chosen) and not is_confirmed(request):
            return confirmation_page(
                request, outcome_confirmation(item, chosen, point_url(item))
            )
        try:
            set_point_outcome(
                item, by=acting(request), outcome=form.cleaned_data["outcome"]
            )
        except ValidationError as error:
            messages.error(request, refusal(error))
        else:
            messages.success(request, "Le sort du point est enregistré.")
    return redirect(point_url(item))
