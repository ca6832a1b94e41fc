"""What the séance page shows of its documents, and what htmx polls."""

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from collectivites.access import Context
from dossiers.access import Abilities, abilities_for, latest_builds
from dossiers.freshness import fingerprints, is_out_of_date
from dossiers.models import DossierBuild
from seances.models import Seance
from web.progress import Progress


@dataclass(frozen=True)
class Row:
    variant: str
    label: str
    latest: DossierBuild | None
    ready: DossierBuild | None
    download_url: str = ""
    # The page watched this compilation until now: once over, say so.
    followed: bool = False
    # The séance changed since the ready dossier was compiled.
    out_of_date: bool = False

    @property
    def busy(self) -> bool:
        return self.latest is not None and self.latest.is_busy

    @property
    def failed(self) -> bool:
        return self.latest is not None and (
            self.latest.status == DossierBuild.Status.FAILED or self.latest.is_stale
        )

    @property
    def progress(self) -> Progress | None:
        """While the compilation runs, what it is doing; once it is over,
        if the page followed it, what came of it."""
        build = self.latest
        doing = f"Compilation du {self.label}"
        if build is not None and self.busy:
            if build.status == DossierBuild.Status.PENDING:
                step = "en attente de démarrage"
            elif build.pieces_total and build.pieces_done < build.pieces_total:
                step = "mise en page des projets et des annexes"
            else:
                step = "assemblage du PDF"
            return Progress(
                doing,
                step=step,
                done=build.pieces_done,
                total=build.pieces_total,
                unit="pièces",
            )
        # A failure has its own alert, with the reason, followed or not.
        if self.followed and not self.failed and self.ready is not None:
            pages = self.ready.pages
            return Progress(
                doing,
                state="done",
                message=f"Compilation terminée : le {self.label} est prêt "
                f"({pages} page{'s' if pages > 1 else ''}).",
                link_url=self.download_url,
                link_label=f"Télécharger le {self.label}",
            )
        return None


def documents_panel(
    ctx: Context,
    seance: Seance,
    abilities: Abilities | None = None,
    followed: Collection[str] = (),
) -> dict[str, Any]:
    """A fixed number of queries: the points once, the builds once.
    ``followed``: the variants whose compilation the page was watching."""
    abilities = abilities or abilities_for(ctx, seance)
    variants = abilities.variants()
    builds = latest_builds(seance, variants) if variants else {}
    # Before the convocation only: after it, each change compiles it again.
    current = (
        fingerprints(seance)
        if abilities.build
        and not seance.is_convened
        and any(f"{variant}_ready" in builds for variant in variants)
        else {}
    )
    rows = [
        Row(
            variant=variant,
            label=DossierBuild.Variant(variant).label,
            latest=builds.get(variant),
            ready=builds.get(f"{variant}_ready"),
            download_url=reverse(
                "dossiers:download",
                kwargs={
                    "collectivite": ctx.collectivite.slug,
                    "seance_id": seance.pk,
                    "variant": variant,
                },
            ),
            followed=variant in followed,
            out_of_date=bool(current)
            and f"{variant}_ready" in builds
            and is_out_of_date(builds[f"{variant}_ready"], current),
        )
        for variant in variants
    ]
    return {
        "seance": seance,
        "abilities": abilities,
        "rows": rows,
        "busy": any(row.busy for row in rows),
        # What the next poll follows: the variants being compiled now.
        "following": ",".join(row.variant for row in rows if row.busy),
    }
