"""The Django side of the séances' access rules: facts, fetches that 404."""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from collectivites.access import Context, visible_workspaces
from domain import access
from domain.access import PointFacts
from domain.interim import Scope
from seances.models import AgendaItem, Seance


def point_facts(ctx: Context, item: AgendaItem) -> PointFacts:
    """The facts about ``item`` and the actor; its ``agents`` are expected
    prefetched when called in a loop."""
    me = ctx.membership.pk
    preparations = ctx.actor.holds_for(Scope.PREPARATION)
    return PointFacts(
        state=item.state,
        convened=item.seance.is_convened,
        closed=item.seance.status == Seance.Status.CLOSE,
        opened=item.seance.status in {Seance.Status.EN_COURS, Seance.Status.CLOSE},
        is_rapporteur=item.rapporteur_id == me,
        is_named_agent=any(agent.pk == me for agent in item.agents.all()),
        is_validator=item.validator_id == me,
        rapporteur_approved=item.rapporteur_approved_at is not None,
        has_rapporteur=item.rapporteur_id is not None,
        holds_reviews=item.rapporteur_id in ctx.actor.holds_for(Scope.REVIEWS),
        holds_preparation=any(agent.pk in preparations for agent in item.agents.all()),
        set_aside=not item.is_active,
    )


def sees_point(ctx: Context, item: AgendaItem) -> bool:
    """Whether the actor sees ``item``, a point already in hand: the rule of
    the point's page. Its séance is expected loaded and its ``agents``
    prefetched when called in a loop."""
    seance = item.seance
    return (
        seance.collectivite_id == ctx.collectivite.pk
        and access.can_see_seances(ctx.actor, seance.workspace_id)
        and access.can_see_point(ctx.actor, point_facts(ctx, item))
    )


def visible_seances(ctx: Context) -> QuerySet[Seance]:
    """The council's séances, and those of the commissions the actor sees."""
    workspaces = visible_workspaces(ctx).values("id")
    return Seance.objects.filter(collectivite=ctx.collectivite).filter(
        Q(workspace__isnull=True) | Q(workspace__in=workspaces)
    )


def points_using(ctx: Context, document_id: UUID) -> list[AgendaItem]:
    """The points that have the document as an annex and that the actor
    sees, in the order of their séances: those whose dossier it would
    leave."""
    items = (
        AgendaItem.objects.filter(
            seance__collectivite=ctx.collectivite, annexes__document=document_id
        )
        .select_related("seance__collectivite")
        .prefetch_related("agents")
        .order_by("seance__starts_at", "position")
        .distinct()
    )
    return [item for item in items if sees_point(ctx, item)]


def get_seance_for(ctx: Context, seance_id: UUID) -> Seance:
    seance = (
        Seance.objects.select_related("collectivite", "workspace")
        .filter(collectivite=ctx.collectivite, id=seance_id)
        .first()
    )
    if seance is None or not access.can_see_seances(ctx.actor, seance.workspace_id):
        raise Http404
    return seance


def get_managed_seance_for(ctx: Context, seance_id: UUID) -> Seance:
    seance = get_seance_for(ctx, seance_id)
    if not access.can_manage_seances(ctx.actor):
        raise Http404
    return seance


def get_point_for(ctx: Context, item_id: UUID) -> tuple[AgendaItem, PointFacts]:
    """A point the actor may see, with the facts of the rules, or 404."""
    item = (
        AgendaItem.objects.select_related(
            "seance__collectivite",
            "seance__workspace",
            "rapporteur__user",
            "validator__user",
            "parent",
        )
        .prefetch_related("agents__user")
        .filter(seance__collectivite=ctx.collectivite, id=item_id)
        .first()
    )
    if item is None or not access.can_see_seances(ctx.actor, item.seance.workspace_id):
        raise Http404
    facts = point_facts(ctx, item)
    if not access.can_see_point(ctx.actor, facts):
        raise Http404
    return item, facts


def get_managed_point_for(ctx: Context, item_id: UUID) -> tuple[AgendaItem, PointFacts]:
    item, facts = get_point_for(ctx, item_id)
    if not access.can_manage_seances(ctx.actor):
        raise Http404
    return item, facts
