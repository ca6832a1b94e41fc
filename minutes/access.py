"""Fetching a séance's procès-verbal or list, with its access rule, or 404."""

from uuid import UUID

from django.http import Http404

from collectivites.access import Context, require
from domain import access
from minutes.models import ListeDeliberations, ProcesVerbal
from proceedings.models import Sitting


def get_proces_verbal_for(ctx: Context, proces_verbal_id: UUID) -> ProcesVerbal:
    """A procès-verbal of the actor's collectivité, for an élu or one who
    prepares the séances (``domain.access.can_see_minutes``)."""
    require(access.can_see_minutes(ctx.actor))
    proces_verbal = (
        ProcesVerbal.objects.select_related(
            "seance__collectivite", "approval_item__seance", "updated_by"
        )
        .filter(collectivite=ctx.collectivite, pk=proces_verbal_id)
        .first()
    )
    if proces_verbal is None:
        raise Http404
    return proces_verbal


def is_secretaire_de_seance(ctx: Context, proces_verbal: ProcesVerbal) -> bool:
    return Sitting.objects.filter(
        seance=proces_verbal.seance_id, secretaire=ctx.membership
    ).exists()


def can_edit(ctx: Context, proces_verbal: ProcesVerbal) -> bool:
    return proces_verbal.state != ProcesVerbal.State.APPROUVE and (
        access.can_edit_proces_verbal(
            ctx.actor,
            is_secretaire_de_seance=is_secretaire_de_seance(ctx, proces_verbal),
        )
    )


def get_liste_for(ctx: Context, liste_id: UUID) -> ListeDeliberations:
    require(access.can_see_minutes(ctx.actor))
    liste = (
        ListeDeliberations.objects.select_related("seance__collectivite", "pdf")
        .filter(collectivite=ctx.collectivite, pk=liste_id)
        .first()
    )
    if liste is None:
        raise Http404
    return liste
