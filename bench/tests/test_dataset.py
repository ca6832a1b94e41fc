"""The dataset looks like the communes of France and their councils, and
the main pages make as many queries among six collectivités as among two."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from bench.dataset import population
from bench.dataset.commune import REFERENCE_POINTS, REFERENCE_VERSIONS
from bench.dataset.generator import describe, generate
from bench.pages import PAGES, page_queries
from collectivites.models import Collectivite, Membership
from convocations.models import Delivery
from documents.models import Document
from domain.council import council_seats
from domain.roles import Status
from seances.models import AgendaItem, Seance


def test_the_population_table_has_the_insee_total_and_half_the_communes_under_500() -> (
    None
):
    assert population.COMMUNES == 36_529
    assert population.share_below(500) == pytest.approx(0.54, abs=0.005)
    assert population.share_below(100) == pytest.approx(0.095, abs=0.005)


@pytest.mark.django_db
def test_the_main_pages_make_as_many_queries_with_six_collectivites_as_with_two() -> (
    None
):
    first = generate(2, years=1)
    assert first.reference is not None
    among_two = page_queries(first.reference)

    generate(4, seed=1, years=1, with_reference=False)
    among_six = page_queries(first.reference)

    assert Collectivite.objects.count() == 6
    assert set(among_two) == {page.key for page in PAGES}
    assert among_six == among_two


@pytest.mark.django_db
def test_each_council_has_the_seats_of_cgct_l2121_2_filled_or_two_short_under_1000() -> (
    None
):
    dataset = generate(8, seed=3, years=1)

    assert "8 collectivités créées" in describe(dataset)
    for commune in Collectivite.objects.all():
        seats = council_seats(commune.population_municipale)
        elus = Membership.objects.filter(collectivite=commune, status=Status.ELU)
        assert commune.council_seats == seats
        shortest = seats - 2 if commune.population_municipale < 1_000 else seats
        assert shortest <= elus.count() <= seats
        assert elus.filter(role="maire").count() == 1
        # Every élu in office is convened to each séance sent.
        for seance in Seance.objects.filter(collectivite=commune).exclude(
            status=Seance.Status.PREPARATION
        )[:3]:
            sent = Delivery.objects.filter(convocation__seance=seance)
            assert sent.count() == elus.count()


@pytest.mark.django_db
def test_the_reference_commune_has_a_convened_seance_of_40_points_and_a_document_of_20_versions_stored_by_hash() -> (
    None
):
    reference = generate(1, years=1).reference
    assert reference is not None

    seance = Seance.objects.get(pk=reference.seance_id)
    assert seance.status == Seance.Status.CONVOQUEE
    assert AgendaItem.objects.filter(seance=seance).count() == REFERENCE_POINTS
    document = Document.objects.get(pk=reference.document_id)
    versions = list(document.versions.select_related("blob").order_by("number"))
    assert len(versions) == REFERENCE_VERSIONS
    assert document.current_version == versions[-1]
    # Past séances are dated over the year before, not all today.
    assert (
        Seance.objects.filter(
            collectivite=seance.collectivite, status=Seance.Status.CLOSE
        )
        .earliest("starts_at")
        .starts_at
        < seance.created_at
    )
    for version in versions:
        stored = Path(settings.MEDIA_ROOT) / version.blob.storage_name
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == version.blob.sha256
