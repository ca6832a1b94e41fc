"""The demo shows a compiled dossier for its convened séance."""

from demo import data
from demo.builder import seed_demo
from dossiers.models import DossierBuild
from seances.models import Seance


def test_the_demo_convened_seance_has_its_dossiers(db: None) -> None:
    seed_demo(corpus_dir=None)

    seance = Seance.objects.get(
        collectivite__slug=data.CORPUS_TOWN, status=Seance.Status.CONVOQUEE
    )
    builds = DossierBuild.objects.filter(seance=seance)
    assert {build.variant for build in builds} == {"conseillers", "public"}
    assert all(build.status == DossierBuild.Status.READY for build in builds)
