from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from collectivites import access as collectivite_access
from collectivites.access import ctx_of
from collectivites.models import WorkspaceMember
from documents.models import Document
from domain import access


def workspace_list(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    visible = collectivite_access.visible_workspaces(ctx)
    manageable = collectivite_access.manageable_workspaces(ctx)
    workspaces = (visible | manageable).distinct().order_by("name")
    return render(
        request,
        "collectivites/workspace_list.html",
        {"workspaces": workspaces, "can_administer": access.can_administer(ctx.actor)},
    )


def workspace_detail(
    request: HttpRequest, collectivite: str, workspace_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    workspace = collectivite_access.get_workspace_for(ctx, workspace_id)
    can_see = access.can_see_workspace(ctx.actor, workspace.id)
    documents = (
        Document.objects.alive()
        .filter(workspace=workspace)
        .select_related("current_version__blob", "collectivite")
        .order_by("folder", "title")
        if can_see
        else Document.objects.none()
    )
    members = (
        WorkspaceMember.objects.filter(workspace=workspace)
        .select_related("membership__user")
        .order_by("membership__user__last_name")
    )
    return render(
        request,
        "collectivites/workspace_detail.html",
        {
            "workspace": workspace,
            "documents": documents,
            "members": members,
            "can_see": can_see,
            "can_contribute": access.can_contribute_to_workspace(
                ctx.actor, workspace.id
            ),
            "can_manage": access.can_manage_workspace(ctx.actor, workspace.id),
        },
    )
