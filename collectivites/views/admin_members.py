"""Administration of members: invite, see, change, end a mandate or a job."""

from typing import cast
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.login_flow import has_recent_auth, reauth_redirect
from accounts.models import User
from collectivites.access import Context, ctx_of, require
from collectivites.forms import EditMemberForm, EndMembershipForm, InviteMemberForm
from collectivites.models import Membership, WorkspaceMember
from collectivites.services import (
    change_membership,
    end_membership,
    has_ended,
    invite_member,
    send_invitation,
)
from domain import access
from domain.french import elide
from journal.models import JournalEntry


def get_membership_for(ctx: Context, membership_id: UUID) -> Membership:
    """A membership of the actor's collectivité, or 404."""
    membership = (
        Membership.objects.select_related("user", "collectivite")
        .filter(collectivite=ctx.collectivite, id=membership_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def acting(request: HttpRequest) -> User:
    """Who acts: every page of a collectivité requires a login."""
    return cast(User, request.user)


def add_errors(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form, beside the field it concerns."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def member_invite(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_administer(ctx.actor))
    if not has_recent_auth(request):  # gives a role
        return reauth_redirect(request)

    form = InviteMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = invite_member(
                collectivite=ctx.collectivite, by=acting(request), **form.member()
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            user = membership.user
            if user.has_usable_password():
                messages.success(
                    request,
                    f"{user} fait maintenant partie de {ctx.collectivite}. Cette "
                    "personne avait déjà un compte Quorum : un e-mail l'a prévenue, "
                    "elle garde son mot de passe.",
                )
            else:
                messages.success(
                    request,
                    f"{user} fait maintenant partie de {ctx.collectivite}. Une "
                    f"invitation est partie à {user.email} pour choisir son mot de "
                    "passe.",
                )
            return redirect(_detail_url(membership))
    return render(request, "collectivites/member_invite.html", {"form": form})


def member_detail(
    request: HttpRequest, collectivite: str, membership_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_administer(ctx.actor))
    membership = get_membership_for(ctx, membership_id)

    links = (
        WorkspaceMember.objects.filter(membership=membership)
        .select_related("workspace__collectivite")
        .order_by("workspace__name")
    )
    last_invitation = (
        JournalEntry.objects.filter(
            collectivite=ctx.collectivite,
            action="membership.invitation_sent",
            target_id=str(membership.id),
        )
        .order_by("-at")
        .first()
    )
    return render(
        request,
        "collectivites/member_detail.html",
        {
            "membership": membership,
            "links": links,
            "last_invitation": last_invitation,
            "has_ended": has_ended(membership),
            "has_password": membership.user.has_usable_password(),
        },
    )


def member_edit(
    request: HttpRequest, collectivite: str, membership_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_administer(ctx.actor))
    membership = get_membership_for(ctx, membership_id)
    if has_ended(membership):
        messages.info(
            request, "Ce mandat ou cette fonction est terminé : il ne se modifie plus."
        )
        return redirect(_detail_url(membership))
    if not has_recent_auth(request):  # roles and e-mail addresses
        return reauth_redirect(request)

    form = EditMemberForm.for_membership(membership, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_membership(membership, by=acting(request), **form.place())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"Les informations {elide('de', str(membership.user))} sont enregistrées.",
            )
            return redirect(_detail_url(membership))
    return render(
        request,
        "collectivites/member_edit.html",
        {"membership": membership, "form": form},
    )


def member_end(
    request: HttpRequest, collectivite: str, membership_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_administer(ctx.actor))
    membership = get_membership_for(ctx, membership_id)
    if has_ended(membership):
        messages.info(request, "Ce mandat ou cette fonction est déjà terminé.")
        return redirect(_detail_url(membership))
    if not has_recent_auth(request):  # takes a role away
        return reauth_redirect(request)

    form = EndMembershipForm(request.POST or None, started_on=membership.started_on)
    if request.method == "POST" and form.is_valid():
        try:
            end_membership(
                membership,
                by=acting(request),
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"].strip(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"La fin du mandat ou de la fonction {elide('de', str(membership.user))} est "
                "enregistrée. Son historique reste consultable.",
            )
            return redirect(_detail_url(membership))
    return render(
        request,
        "collectivites/member_end.html",
        {"membership": membership, "form": form},
    )


@require_POST
def member_resend_invitation(
    request: HttpRequest, collectivite: str, membership_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_administer(ctx.actor))
    membership = get_membership_for(ctx, membership_id)

    try:
        send_invitation(membership, by=acting(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"L'invitation est repartie à {membership.user.email}."
        )
    return redirect(_detail_url(membership))


def _detail_url(membership: Membership) -> str:
    return reverse(
        "collectivites:member",
        kwargs={
            "collectivite": membership.collectivite.slug,
            "membership_id": membership.id,
        },
    )
