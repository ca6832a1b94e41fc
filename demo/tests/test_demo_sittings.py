"""The demo's past séance, held in Quorum: what its record says, as the
procès-verbal will.

The demo is seeded once for the module, without the corpus (the séance
needs none), inside a transaction rolled back at the end.
"""

from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from pytest_django import DjangoDbBlocker

from demo import data
from demo.builder import seed_demo
from demo.sittings import PAST_POINTS
from proceedings.models import VoteChoice
from proceedings.record import SeanceRecord, seance_record
from seances.models import PARIS, Seance

SLUG = data.CORPUS_TOWN


@pytest.fixture(scope="module")
def seeded(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory
) -> Iterator[None]:
    quick = override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"),
        MAILERS={
            "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
        },
        TASKS={
            "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    with django_db_blocker.unblock(), quick, transaction.atomic():
        seed_demo(corpus_dir=None)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def record(seeded: None, db: None) -> SeanceRecord:
    # The latest closed: an earlier one is there for its procès-verbal.
    past = Seance.objects.filter(
        collectivite__slug=SLUG, status=Seance.Status.CLOSE, workspace__isnull=True
    ).latest("starts_at")
    return seance_record(past)


def _names(members) -> set[str]:  # noqa: ANN001
    return {member.user.full_name for member in members}


def test_the_past_seance_was_held_and_closed_that_evening(record: SeanceRecord):
    sitting = record.sitting
    assert sitting is not None
    day = record.seance.local_start.date()
    assert sitting.closed_at.astimezone(PARIS).date() == day
    assert f"{sitting.closed_at.astimezone(PARIS):%H:%M}" == "21:31"
    assert sitting.secretaire.user.full_name == "Nadia Belkacem"
    assert sitting.president.user.full_name == "Hélène Marchetti"
    titles = [point.item.title for point in record.points]
    # The first point was put there by the minutes (``minutes.services``).
    assert titles[0].startswith("Approbation du procès-verbal de la séance du ")
    assert titles[1:] == [title for title, _ in PAST_POINTS[1:]]


def test_only_members_in_office_that_day_sit_l2121_17(record: SeanceRecord):
    """The councillor who resigned is in no list; his replacement is."""
    in_office = _names(record.in_office)
    assert len(in_office) == 15
    assert "Élodie Mercier" in in_office
    assert "Gérard Lambert" not in in_office


def test_the_roll_call_has_a_procuration_and_the_room_moves(record: SeanceRecord):
    [represented] = record.represented_at_roll_call
    assert represented.member.user.full_name == "Émilie Garnier"
    assert represented.mandataire.user.full_name == "Lucie Perrin"
    arrival, departure = record.movements
    assert (arrival.kind, arrival.member.user.full_name) == ("arrivee", "Karim Haddad")
    assert (departure.kind, departure.member.user.full_name) == (
        "depart",
        "Bernard Vasseur",
    )
    assert departure.mandataire.user.full_name == "Patrick Chevalier"


def test_each_point_counts_the_room_at_its_own_vote(record: SeanceRecord):
    minutes, subsidy, land, delegate = record.points
    assert len(minutes.present) == 12  # before the late arrival
    assert len(land.present) == 13
    assert "Bernard Vasseur" not in _names(delegate.present)
    assert {
        (r.mandant.user.full_name, r.mandataire.user.full_name)
        for r in delegate.represented
    } == {
        ("Émilie Garnier", "Lucie Perrin"),
        ("Bernard Vasseur", "Patrick Chevalier"),
    }


def test_a_unanimous_vote_and_a_split_one_with_an_interested_councillor(
    record: SeanceRecord,
):
    minutes, subsidy, _, _ = record.points
    assert (minutes.vote.vote.pour, minutes.vote.vote.contre) == (13, 0)
    assert _names(subsidy.interested) == {"Isabelle Fournier"}
    vote = subsidy.vote.vote
    assert (vote.pour, vote.contre, vote.abstentions, vote.ne_prend_pas_part) == (
        10,
        2,
        1,
        1,
    )
    assert vote.adopted
    assert "Isabelle Fournier" in _names(subsidy.vote.not_taking_part)
    assert subsidy.debates.startswith("Isabelle Fournier")


def test_a_tie_is_decided_by_the_presidents_vote_l2121_20(record: SeanceRecord):
    vote = record.points[2].vote.vote
    assert vote.pour == vote.contre == 6
    assert vote.casting_vote
    assert vote.adopted


def test_the_nomination_is_a_secret_ballot_won_at_the_first_round_l2121_21(
    record: SeanceRecord,
):
    vote = record.points[3].vote.vote
    assert vote.is_secret
    assert vote.round_number == 1
    assert vote.elected.user.full_name == "Marc Lefébure"
    assert not VoteChoice.objects.filter(vote=vote).exists()


def test_the_room_display_of_the_past_seance_shows_its_results(
    record: SeanceRecord, client: Client
):
    url = reverse(
        "proceedings:display",
        kwargs={"collectivite": SLUG, "seance_id": record.seance.pk},
    )

    body = client.get(url).content.decode()

    assert "Séance close" in body
    assert "Adoptée, voix du président prépondérante" in body
    assert "Élu(e) : Marc Lefébure" in body


def test_the_past_seance_has_its_deliberations_signed_l2121_23(record: SeanceRecord):
    from actes.models import Deliberation

    rows = list(Deliberation.objects.filter(seance=record.seance).order_by("order"))

    # The first point's title names the séance whose procès-verbal it approves.
    assert [one.title for one in rows][1:] == [title for title, _ in PAST_POINTS][1:]
    assert [one.order for one in rows] == [1, 2, 3, 4]
    sequences = [one.sequence for one in rows]
    assert sequences == sorted(sequences)
    assert all(one.pdf_id for one in rows)
    for one in rows:
        assert {s.capacity for s in one.signatures.all()} == {"president", "secretaire"}
    subsidy = rows[1]
    # The interested councillor stands aside; the counts are those of the
    # room at the vote, moved onto that evening.
    assert subsidy.mentions["interested"] == ["Isabelle Fournier"]
    assert (subsidy.contre, subsidy.abstentions) == (2, 1)
