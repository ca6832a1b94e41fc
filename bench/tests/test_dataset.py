"""The dataset looks like the communes of France and their councils, its
séances are held and their délibérations taken and published as Quorum
itself would have done it, and the main pages make as many queries among
six collectivités as among two."""

import hashlib
from pathlib import Path

import pytest
from django.conf import settings

from actes.models import Deliberation, NumberSequence
from actes.services import mentions_of
from bench.dataset import population
from bench.dataset.commune import (
    REFERENCE_DISPLAY_POINTS,
    REFERENCE_POINTS,
    REFERENCE_VERSIONS,
)
from bench.dataset.generator import describe, generate
from bench.pages import PAGES, page_queries
from collectivites.models import Collectivite, Membership
from convocations.models import Delivery
from documents.models import Document
from domain.council import council_seats
from domain.quorum import quorum_threshold
from domain.roles import Status
from proceedings.display import screen_of
from proceedings.models import Attendance, Examination, Sitting, Vote
from proceedings.record import seance_record
from proceedings.services import open_point
from proceedings.voting import record_open_vote
from publication.access import published
from publication.services import refusal_of
from publication.views.public import PER_PAGE
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
    # The public list shows a full page of acts, and has more to turn.
    reference = Collectivite.objects.get(slug=first.reference.slug)
    acts = published(reference).filter(deliberation__isnull=False).count()
    assert acts > PER_PAGE


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


@pytest.mark.django_db
def test_each_closed_seance_is_held_and_its_deliberations_are_those_its_closing_takes() -> (
    None
):
    reference = generate(1, years=1).reference
    assert reference is not None
    commune = Collectivite.objects.get(slug=reference.slug)
    in_office = Membership.objects.filter(collectivite=commune, status=Status.ELU)
    closed = Seance.objects.filter(collectivite=commune, status=Seance.Status.CLOSE)

    for seance in closed:
        sitting = Sitting.objects.get(seance=seance)
        present = sitting.attendances.filter(status=Attendance.Status.PRESENT)
        assert sitting.closed_at is not None
        assert sitting.attendances.count() == in_office.count()
        # L2121-17: the quorum is met at the opening of each point.
        assert present.count() >= quorum_threshold(in_office.count())
        assert (
            Examination.objects.filter(sitting=sitting, quorum_met=False).count() == 0
        )
        # What actes.services.deliberate would freeze from the séance record.
        record = seance_record(seance)
        taken = {one.item_id: one for one in Deliberation.objects.filter(seance=seance)}
        voted = [(point, point.vote) for point in record.points if point.vote]
        assert [point.item.pk for point, _ in voted] == list(taken)
        for order, (point, voted_record) in enumerate(voted, start=1):
            deliberation = taken[point.item.pk]
            vote = voted_record.vote
            assert deliberation.order == order
            assert (deliberation.pour, deliberation.contre) == (vote.pour, vote.contre)
            assert deliberation.votants == vote.votants
            assert deliberation.presents == len(point.present)
            assert deliberation.representes == len(point.represented)
            assert deliberation.outcome == vote.outcome
            assert deliberation.mentions == mentions_of(record, point)
            assert vote.pour + vote.contre + vote.abstentions + (
                vote.ne_prend_pas_part
            ) == len(point.present) + len(point.represented)
            # Signed by both: publication.services.publish would take it
            # (never a point à huis clos rejected).
            if deliberation.is_adopted or not point.item.huis_clos:
                assert refusal_of(deliberation) == ""

    # R2121-9: numbered 1, 2, 3… in each year, without gap.
    for sequence in NumberSequence.objects.filter(collectivite=commune):
        numbers = Deliberation.objects.filter(
            collectivite=commune, year=sequence.year
        ).order_by("sequence")
        assert [one.sequence for one in numbers] == list(range(1, sequence.last + 1))
    assert (
        published(commune).count()
        == Deliberation.objects.filter(collectivite=commune)
        .exclude(item__huis_clos=True, outcome=Deliberation.Outcome.REJETEE)
        .count()
    )


@pytest.mark.django_db
def test_tonights_seance_of_the_reference_is_held_and_its_points_open_and_vote() -> (
    None
):
    reference = generate(1, years=1).reference
    assert reference is not None
    seance = Seance.objects.get(pk=reference.held_seance_id)
    items = AgendaItem.objects.filter(seance=seance).order_by("position")
    secretaire = Membership.objects.get(
        collectivite=seance.collectivite, user=reference.secretaire_id
    ).user

    assert seance.status == Seance.Status.EN_COURS
    assert items.count() == REFERENCE_DISPLAY_POINTS
    assert not Vote.objects.filter(item__seance=seance).exists()
    first = items.first()
    assert first is not None
    assert open_point(first, by=secretaire).quorum_met
    vote = record_open_vote(first, by=secretaire)
    assert vote.adopted
    screen = screen_of(seance)
    assert screen.current is not None
    assert screen.current.result.startswith("Adoptée")
