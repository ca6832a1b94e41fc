"""The Django side of the access rules: builds an actor, fetches with checks.

Decisions come from ``domain.access``; this module only gathers the facts
from the database and turns a refusal into a 404, so that nothing reveals
whether an object exists in another collectivité or behind a rule.
"""

from dataclasses import dataclass
from typing import cast
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone

from accounts.models import User
from collectivites.interims import held_tasks
from collectivites.models import Collectivite, Membership, Workspace, WorkspaceMember
from domain import access
from domain.access import Actor
from domain.roles import Role, Status


@dataclass(frozen=True)
class Context:
    """Who is acting, where: what every view of a collectivité receives."""

    collectivite: Collectivite
    membership: Membership
    actor: Actor


def actor_for(membership: Membership) -> Actor:
    links = WorkspaceMember.objects.filter(membership=membership).values_list(
        "workspace_id", "is_manager"
    )
    workspace_ids = frozenset(workspace_id for workspace_id, _ in links)
    managed = frozenset(workspace_id for workspace_id, manager in links if manager)
    today = timezone.localdate()
    return Actor(
        status=Status(membership.status),
        role=Role(membership.role),
        in_office=membership.is_current(today),
        is_admin=membership.is_admin,
        workspace_ids=workspace_ids,
        managed_workspace_ids=managed,
        held=held_tasks([membership.pk], today).get(membership.pk, frozenset()),
    )


def context_for(user: User | AnonymousUser, slug: str) -> Context:
    """The user's current place in the collectivité of ``slug``, or 404."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.current()
        .select_related("collectivite", "user")
        .filter(user=user, collectivite__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    actor = actor_for(membership)
    if not access.can_enter_collectivite(actor):
        raise Http404
    return Context(membership.collectivite, membership, actor)


def ctx_of(request: HttpRequest) -> Context:
    """The context ``CollectiviteMiddleware`` set on a collectivité's request."""
    return cast(Context, request.ctx)  # type: ignore[attr-defined]


def _ids(ids: frozenset[object]) -> frozenset[UUID]:
    """The domain keeps ids opaque; ``actor_for`` fills them with UUIDs."""
    return cast(frozenset[UUID], ids)


def visible_workspaces(ctx: Context) -> QuerySet[Workspace]:
    """Workspaces whose contents the actor may see."""
    workspaces = Workspace.objects.filter(collectivite=ctx.collectivite)
    if ctx.actor.role == Role.MAIRE:
        return workspaces
    return workspaces.filter(id__in=_ids(ctx.actor.workspace_ids))


def manageable_workspaces(ctx: Context) -> QuerySet[Workspace]:
    """Workspaces the actor may administer (members, name)."""
    workspaces = Workspace.objects.filter(collectivite=ctx.collectivite)
    if access.can_administer(ctx.actor):
        return workspaces
    return workspaces.filter(id__in=_ids(ctx.actor.managed_workspace_ids))


def get_workspace_for(ctx: Context, workspace_id: UUID) -> Workspace:
    workspace = Workspace.objects.filter(
        collectivite=ctx.collectivite, id=workspace_id
    ).first()
    if workspace is None or not (
        access.can_see_workspace(ctx.actor, workspace.id)
        or access.can_manage_workspace(ctx.actor, workspace.id)
    ):
        raise Http404
    return workspace


def require(allowed: bool) -> None:
    """Refuse as if the page did not exist."""
    if not allowed:
        raise Http404
