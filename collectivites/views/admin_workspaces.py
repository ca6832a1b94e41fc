"""Administration of workspaces: create, change, and manage their members."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from collectivites import access as collectivite_access
from collectivites.access import Context, ctx_of, require
from collectivites.forms import AddWorkspaceMemberForm, ManagerForm, WorkspaceForm
from collectivites.models import Membership, Workspace, WorkspaceMember
from collectivites.services import (
    add_workspace_member,
    change_workspace,
    create_workspace,
    remove_workspace_member,
    set_workspace_manager,
)
from collectivites.views.admin_members import acting, add_errors
from domain import access


def get_managed_workspace_for(ctx: Context, workspace_id: UUID) -> Workspace:
    """A workspace of the actor's collectivité that the actor manages, or 404."""
    workspace = collectivite_access.get_workspace_for(ctx, workspace_id)
    require(access.can_manage_workspace(ctx.actor, workspace.id))
    return workspace


def workspace_create(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_create_workspace(ctx.actor))

    form = WorkspaceForm(
        request.POST or None, initial={"kind": Workspace.Kind.COMMISSION}
    )
    if request.method == "POST" and form.is_valid():
        try:
            workspace = create_workspace(
                collectivite=ctx.collectivite, by=acting(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"L'espace « {workspace.name} » est créé. Ajoutez-y maintenant ses membres.",
            )
            return redirect(_members_url(workspace))
    return render(
        request, "collectivites/workspace_form.html", {"form": form, "workspace": None}
    )


def workspace_edit(
    request: HttpRequest, collectivite: str, workspace_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    workspace = get_managed_workspace_for(ctx, workspace_id)

    form = WorkspaceForm.for_workspace(workspace, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace = change_workspace(
                workspace, by=acting(request), **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, "Les modifications de l'espace sont enregistrées."
            )
            return redirect(workspace)
    return render(
        request,
        "collectivites/workspace_form.html",
        {"form": form, "workspace": workspace},
    )


def workspace_members(
    request: HttpRequest, collectivite: str, workspace_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    workspace = get_managed_workspace_for(ctx, workspace_id)
    return _render_members(request, ctx, workspace, _add_form(ctx, workspace))


@require_POST
def workspace_member_add(
    request: HttpRequest, collectivite: str, workspace_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    workspace = get_managed_workspace_for(ctx, workspace_id)

    form = _add_form(ctx, workspace, request.POST)
    if form.is_valid():
        membership = form.cleaned_data["membership"]
        try:
            add_workspace_member(
                workspace,
                membership,
                by=acting(request),
                is_manager=form.cleaned_data["is_manager"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"{membership.user} fait maintenant partie de l'espace."
            )
            return redirect(_members_url(workspace))
    return _render_members(request, ctx, workspace, form)


@require_POST
def workspace_member_remove(
    request: HttpRequest, collectivite: str, workspace_id: UUID, membership_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    workspace = get_managed_workspace_for(ctx, workspace_id)
    link = _get_link(workspace, membership_id)

    try:
        remove_workspace_member(workspace, link.membership, by=acting(request))
    except ValidationError as error:  # removed by someone else meanwhile
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"{link.membership.user} ne fait plus partie de l'espace."
        )
    return redirect(_members_url(workspace))


@require_POST
def workspace_member_manager(
    request: HttpRequest, collectivite: str, workspace_id: UUID, membership_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    workspace = get_managed_workspace_for(ctx, workspace_id)
    link = _get_link(workspace, membership_id)

    form = ManagerForm(request.POST)
    form.is_valid()  # a boolean field: any input is valid
    is_manager = form.cleaned_data["is_manager"]
    set_workspace_manager(
        workspace,
        link.membership,
        by=acting(request),
        is_manager=is_manager,
    )
    if is_manager:
        messages.success(request, f"{link.membership.user} anime maintenant l'espace.")
    else:
        messages.success(request, f"{link.membership.user} n'anime plus l'espace.")
    return redirect(_members_url(workspace))


def _candidates(ctx: Context, workspace: Workspace) -> QuerySet[Membership]:
    """Members in office of the same collectivité, not yet in the workspace."""
    return (
        Membership.objects.current()
        .filter(collectivite=ctx.collectivite)
        .exclude(workspace_memberships__workspace=workspace)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def _add_form(
    ctx: Context, workspace: Workspace, data: object = None
) -> AddWorkspaceMemberForm:
    return AddWorkspaceMemberForm(data, candidates=_candidates(ctx, workspace))


def _get_link(workspace: Workspace, membership_id: UUID) -> WorkspaceMember:
    link = (
        WorkspaceMember.objects.select_related("membership__user")
        .filter(workspace=workspace, membership_id=membership_id)
        .first()
    )
    if link is None:
        raise Http404
    return link


def _render_members(
    request: HttpRequest,
    ctx: Context,
    workspace: Workspace,
    form: AddWorkspaceMemberForm,
) -> HttpResponse:
    links = (
        WorkspaceMember.objects.filter(workspace=workspace)
        .select_related("membership__user")
        .order_by("-is_manager", "membership__user__last_name")
    )
    return render(
        request,
        "collectivites/workspace_members.html",
        {
            "workspace": workspace,
            "links": links,
            "form": form,
            "has_candidates": form.fields["membership"].queryset.exists(),
        },
    )


def _members_url(workspace: Workspace) -> str:
    return reverse(
        "collectivites:workspace_members",
        kwargs={
            "collectivite": workspace.collectivite.slug,
            "workspace_id": workspace.id,
        },
    )
