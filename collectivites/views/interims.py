"""Who holds whose tasks, and handing one's own for a while."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from collectivites.access import Context, ctx_of, require
from collectivites.forms import InterimForm
from collectivites.interims import end_interim, hand_over, replacement_of_maire
from collectivites.models import Interim, Membership
from collectivites.views.admin_members import add_errors
from domain import access
from domain.interim import Scope


def _acting(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _list_url(ctx: Context) -> str:
    return reverse(
        "collectivites:interims", kwargs={"collectivite": ctx.collectivite.slug}
    )


def interim_list(request: HttpRequest, collectivite: str) -> HttpResponse:
    """The hand-overs running or to come, and the form to hand one's own."""
    ctx = ctx_of(request)
    require(access.can_see_interims(ctx.actor))
    today = timezone.localdate()
    members = (
        Membership.objects.current()
        .filter(collectivite=ctx.collectivite)
        .select_related("user")
    )
    givers = (
        members
        if access.can_administer(ctx.actor)
        else members.filter(pk=ctx.membership.pk)
    )
    if request.method == "POST":
        is_giver = request.POST.get("giver") == str(ctx.membership.pk)
        require(access.can_hand_over(ctx.actor, is_giver=is_giver))
    form = InterimForm(request.POST or None, members=members, givers=givers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            interim = hand_over(
                giver=data["giver"],
                holder=data["holder"],
                scope=Scope(data["scope"]),
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                reason=data["reason"],
                by=_acting(request),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"{interim.get_scope_display()} : confiées à "
                f"{interim.holder.user.full_name} du "
                f"{interim.starts_on:%d/%m/%Y} au {interim.ends_on:%d/%m/%Y}.",
            )
            return redirect(_list_url(ctx))

    interims = list(
        Interim.objects.filter(
            collectivite=ctx.collectivite, ended_at__isnull=True, ends_on__gte=today
        ).select_related("giver__user", "holder__user")
    )
    for interim in interims:
        interim.can_end = access.can_end_interim(
            ctx.actor,
            is_giver=interim.giver_id == ctx.membership.pk,
            is_holder=interim.holder_id == ctx.membership.pk,
        )
    replacement = replacement_of_maire(ctx.collectivite, today)
    return render(
        request,
        "collectivites/interims.html",
        {
            "form": form,
            "running": [i for i in interims if i.runs_on(today)],
            "coming": [i for i in interims if i.starts_on > today],
            "replacement": replacement,
        },
    )


@require_POST
def interim_end(
    request: HttpRequest, collectivite: str, interim_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    interim = (
        Interim.objects.select_related("collectivite")
        .filter(collectivite=ctx.collectivite, id=interim_id)
        .first()
    )
    if interim is None or not access.can_end_interim(
        ctx.actor,
        is_giver=interim.giver_id == ctx.membership.pk,
        is_holder=interim.holder_id == ctx.membership.pk,
    ):
        raise Http404
    try:
        end_interim(interim, by=_acting(request))
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(request, "L'intérim est terminé : les tâches sont rendues.")
    return redirect(_list_url(ctx))
