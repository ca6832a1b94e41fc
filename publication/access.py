"""Fetching an act to publish, or a publication, with the access rule, or
404; and what the public pages may show (``published`` only)."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from actes.models import Deliberation
from collectivites.access import Context, require
from collectivites.models import Collectivite
from domain import access
from minutes.models import ListeDeliberations, ProcesVerbal
from publication.models import Publication

MODELS: dict[str, type[Deliberation | ProcesVerbal | ListeDeliberations]] = {
    "deliberation": Deliberation,
    "proces-verbal": ProcesVerbal,
    "liste": ListeDeliberations,
}


def get_act_for(
    ctx: Context, kind: str, act_id: UUID
) -> Deliberation | ProcesVerbal | ListeDeliberations:
    """An act of the actor's collectivité, for one who publishes
    (``domain.access.can_publish_acts``)."""
    require(access.can_publish_acts(ctx.actor))
    model = MODELS.get(kind)
    if model is None:
        raise Http404
    related = ["seance__collectivite", "collectivite"]
    if model is Deliberation:
        related.append("item")
    act = (
        model.objects.select_related(*related)
        .filter(collectivite=ctx.collectivite, pk=act_id)
        .first()
    )
    if act is None:
        raise Http404
    return act


def get_publication_for(ctx: Context, publication_id: UUID) -> Publication:
    require(access.can_publish_acts(ctx.actor))
    return get_object_or_404(
        Publication, collectivite=ctx.collectivite, pk=publication_id
    )


def public_collectivite_of(slug: str) -> Collectivite:
    collectivite = Collectivite.objects.filter(slug=slug).first()
    if collectivite is None:
        raise Http404
    return collectivite


def published(collectivite: Collectivite) -> QuerySet[Publication]:
    """What anyone may read of ``collectivite``: the acts put online and
    not withdrawn. Nothing else of the collectivité is ever public here."""
    return Publication.objects.filter(
        collectivite=collectivite, withdrawn_at__isnull=True
    ).select_related(
        "collectivite",
        "deliberation__seance__collectivite",
        "deliberation__item",
        "proces_verbal__seance__collectivite",
        "liste__seance__collectivite",
    )
