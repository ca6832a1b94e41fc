"""Who reads and compiles the documents of a séance, fetched or 404."""

from dataclasses import dataclass
from uuid import UUID

from django.http import Http404

from collectivites.access import Context
from domain import access
from dossiers.models import DossierBuild
from seances.access import get_seance_for, point_facts
from seances.models import Seance


@dataclass(frozen=True)
class Abilities:
    read: bool
    build: bool

    def variants(self) -> list[str]:
        """The dossiers this person may download: the public one stays with
        those who prepare it until it is published."""
        if self.build:
            return [DossierBuild.Variant.CONSEILLERS, DossierBuild.Variant.PUBLIC]
        if self.read:
            return [DossierBuild.Variant.CONSEILLERS]
        return []


def abilities_for(ctx: Context, seance: Seance) -> Abilities:
    """Two queries whatever the size of the agenda."""
    items = list(seance.items.prefetch_related("agents"))
    for item in items:
        item.seance = seance
    facts = [point_facts(ctx, item) for item in items]
    return Abilities(
        read=access.can_see_seance_documents(
            ctx.actor, convened=seance.is_convened, points=facts
        ),
        build=access.can_build_dossier(ctx.actor),
    )


def get_documents_seance_for(ctx: Context, seance_id: UUID) -> tuple[Seance, Abilities]:
    """A séance whose documents the actor may read, or 404."""
    seance = get_seance_for(ctx, seance_id)
    abilities = abilities_for(ctx, seance)
    if not abilities.read:
        raise Http404
    return seance, abilities


def latest_builds(seance: Seance, variants: list[str]) -> dict[str, DossierBuild]:
    """The last compilation of each variant, and the last one that worked.

    Once the convocation is sent, each change compiles the dossier again
    (``convocations.changes``), and a dossier compiled while an annex was
    converting is compiled again when it is done (``rebuild_incomplete``).

    Before it, a dossier compiled before a change of the séance is said
    "à recompiler" and the convocation is not sent with it
    (``dossiers.freshness``).

    TODO(dossier-purge): old builds and parts are never cleaned up (a
    purge command with the previews' one)."""
    builds: dict[str, DossierBuild] = {}
    for build in DossierBuild.objects.filter(
        seance=seance, variant__in=variants
    ).select_related("output"):
        builds.setdefault(build.variant, build)
        if build.status == DossierBuild.Status.READY:
            builds.setdefault(f"{build.variant}_ready", build)
    return builds
