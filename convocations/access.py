"""Fetching a convocation, a delivery or a member with its access rule, or 404."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from collectivites.access import Context, require
from collectivites.models import Membership
from convocations.models import Convocation, Delivery
from domain import access
from domain.access import PointFacts
from seances.access import get_point_for, get_seance_for, visible_seances
from seances.models import AgendaItem, Seance


def get_sendable_seance_for(ctx: Context, seance_id: UUID) -> Seance:
    """A séance whose convocation the actor may send."""
    require(access.can_send_convocation(ctx.actor))
    return get_seance_for(ctx, seance_id)


def get_followed_convocation_for(ctx: Context, seance_id: UUID) -> Convocation:
    """The convocation of a séance, for those who follow its deliveries."""
    require(access.can_follow_convocation(ctx.actor))
    seance = get_seance_for(ctx, seance_id)
    convocation = Convocation.objects.filter(seance=seance).first()
    if convocation is None:
        raise Http404
    convocation.seance = seance
    return convocation


def get_own_delivery_for(ctx: Context, seance_id: UUID) -> Delivery:
    """The actor's own delivery of a séance's convocation."""
    seance = get_seance_for(ctx, seance_id)
    delivery = (
        Delivery.objects.select_related("convocation")
        .filter(convocation__seance=seance, recipient=ctx.membership)
        .first()
    )
    if delivery is None or not access.can_acknowledge_convocation(
        ctx.actor, is_recipient=True
    ):
        raise Http404
    delivery.convocation.seance = seance
    return delivery


def get_delivery_by_token(token: str) -> Delivery:
    """The delivery of a personal link; whoever holds the link is its
    recipient as far as the opening goes, nothing more."""
    delivery = (
        Delivery.objects.select_related(
            "recipient__user", "convocation__seance__collectivite"
        )
        .filter(token=token)
        .first()
    )
    if delivery is None:
        raise Http404
    return delivery


def get_paper_member_for(ctx: Context, membership_id: UUID) -> Membership:
    """A member of the council whose paper convocation the actor records."""
    require(access.can_manage_paper_convocations(ctx.actor))
    member = (
        Membership.objects.current()
        .elus()
        .select_related("user")
        .filter(collectivite=ctx.collectivite, id=membership_id)
        .first()
    )
    if member is None:
        raise Http404
    return member


def get_replying_delivery_for(ctx: Context, seance_id: UUID) -> Delivery:
    """The actor's own delivery, for their answer to the convocation."""
    delivery = get_own_delivery_for(ctx, seance_id)
    require(access.can_answer_convocation(ctx.actor, is_recipient=True))
    return delivery


def get_delivery_to_record_for(
    ctx: Context, seance_id: UUID, membership_id: UUID
) -> Delivery:
    """The delivery of a member in office convened to the séance, whose
    answer the actor records for them."""
    require(access.can_record_replies(ctx.actor))
    seance = get_seance_for(ctx, seance_id)
    delivery = (
        Delivery.objects.select_related("convocation", "recipient__user")
        .filter(
            convocation__seance=seance,
            recipient_id=membership_id,
            recipient__in=Membership.objects.current(),
        )
        .first()
    )
    if delivery is None:
        raise Http404
    delivery.convocation.seance = seance
    return delivery


def convened_deliveries(ctx: Context) -> QuerySet[Delivery]:
    """The actor's own deliveries, one per séance they are convened to and
    still see (a commission they left keeps its convocations, not their
    dossiers)."""
    require(access.can_see_own_convocations(ctx.actor))
    return Delivery.objects.filter(
        recipient=ctx.membership, convocation__seance__in=visible_seances(ctx)
    )


def get_convened_dossier_for(ctx: Context, seance_id: UUID) -> Delivery:
    """The actor's delivery of a séance, for the dossier of "Mes séances";
    404 for a séance they are not convened to."""
    delivery = (
        convened_deliveries(ctx)
        .select_related(
            "convocation__seance__collectivite",
            "convocation__seance__workspace",
            "reply",
        )
        .filter(convocation__seance_id=seance_id)
        .first()
    )
    if delivery is None:
        raise Http404
    return delivery


def get_noted_point_for(ctx: Context, item_id: UUID) -> tuple[AgendaItem, PointFacts]:
    """A point of a séance the actor is convened to and may see, on which
    they keep their own note."""
    item, facts = get_point_for(ctx, item_id)
    convened = convened_deliveries(ctx).filter(convocation__seance=item.seance_id)
    require(
        access.can_keep_point_note(
            ctx.actor, is_recipient=convened.exists(), point=facts
        )
    )
    return item, facts
