"""The dossier of the demo's convened séance, compiled as the secrétaire
would, so that its page offers it for download."""

from typing import TYPE_CHECKING

from dossiers.models import DossierBuild
from dossiers.services import request_build
from dossiers.tasks import build_dossier
from seances.models import Seance

if TYPE_CHECKING:
    from demo.builder import BuiltTown


def build_dossiers(town: "BuiltTown") -> None:
    """Both variants, compiled now: the demo has no worker running yet."""
    secretaire = town.members["secretaire"].user
    for seance in Seance.objects.filter(
        collectivite=town.collectivite, status=Seance.Status.CONVOQUEE
    ).select_related("collectivite", "workspace"):
        for variant in DossierBuild.Variant.values:
            build = request_build(seance, variant=variant, by=secretaire)
            # Does nothing when the queue already ran it (tests, a worker).
            build_dossier.call(str(build.pk))
