"""What the séance page shows of its documents, and what htmx polls."""

from dataclasses import dataclass
from typing import Any

from collectivites.access import Context
from dossiers.access import Abilities, abilities_for, latest_builds
from dossiers.models import DossierBuild
from seances.models import Seance


@dataclass(frozen=True)
class Row:
    variant: str
    label: str
    latest: DossierBuild | None
    ready: DossierBuild | None

    @property
    def busy(self) -> bool:
        return self.latest is not None and self.latest.is_busy

    @property
    def failed(self) -> bool:
        return self.latest is not None and (
            self.latest.status == DossierBuild.Status.FAILED or self.latest.is_stale
        )


def documents_panel(
    ctx: Context, seance: Seance, abilities: Abilities | None = None
) -> dict[str, Any]:
    """A fixed number of queries: the points once, the builds once."""
    abilities = abilities or abilities_for(ctx, seance)
    variants = abilities.variants()
    builds = latest_builds(seance, variants) if variants else {}
    rows = [
        Row(
            variant=variant,
            label=DossierBuild.Variant(variant).label,
            latest=builds.get(variant),
            ready=builds.get(f"{variant}_ready"),
        )
        for variant in variants
    ]
    return {
        "seance": seance,
        "abilities": abilities,
        "rows": rows,
        "busy": any(row.busy for row in rows),
    }
