"""Holding a séance through the services: roll call, quorum, arrivals and
departures, interests, votes, corrections, closing (CGCT L2121-14 to
L2121-21, L2131-11)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from domain.jours_francs import count_jours_francs
from journal.models import JournalEntry
from proceedings.models import Attendance, CarriedPoint, Movement, Vote
from proceedings.reconvocation import close_for_lack_of_quorum
from proceedings.record import seance_record
from proceedings.services import (
    close_seance,
    open_point,
    open_seance,
    record_movement,
    record_roll_call,
    save_debates,
    set_interest,
    set_point_outcome,
)
from proceedings.tests.helpers import (
    answer,
    held,
    make_council,
    on_its_day,
    opened,
    statuses,
)
from proceedings.voting import (
    record_nomination_round,
    record_open_vote,
    record_secret_vote,
)
from quorum.testing import convened_for_today
from seances.models import Seance

pytestmark = pytest.mark.django_db


def actions(seance: Seance) -> list[str]:
    return list(
        JournalEntry.objects.filter(collectivite=seance.collectivite)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_l2121_20_the_roll_call_is_prefilled_from_the_answers_and_procurations():
    council = make_council(7)
    m = council.members
    answer(council, present=m[:4], procurations=[(m[4], m[0])], excused=[m[5]])

    sitting = open_seance(on_its_day(council), by=council.secretaire)

    assert statuses(sitting) == {
        m[0]: "present",
        m[1]: "present",
        m[2]: "present",
        m[3]: "present",
        m[4]: "represente",
        m[5]: "excuse",
        m[6]: "absent",
    }
    row = Attendance.objects.get(sitting=sitting, member=m[4])
    assert row.mandataire == m[0]
    assert row.procuration is not None
    council.seance.refresh_from_db()
    assert council.seance.status == Seance.Status.EN_COURS
    assert "seance.opened" in actions(council.seance)


def test_l2121_17_a_councillor_who_resigned_before_the_seance_is_in_no_count():
    council = make_council(7)
    on_its_day(council)
    resigned = council.members[6]
    resigned.ended_on = council.seance.local_start.date() - timedelta(days=1)
    resigned.save()
    replacement = type(resigned).objects.create(
        user=type(resigned.user).objects.create(email="suivant@example.test"),
        collectivite=council.collectivite,
        role="conseiller",
        started_on=resigned.ended_on,
    )

    sitting = held(council, present=council.members[:4])

    assert resigned not in statuses(sitting)
    assert statuses(sitting)[replacement] == "absent"
    record = seance_record(council.seance)
    assert len(record.in_office) == 7
    assert record.sitting.president == council.maire


def test_l2121_15_the_secretaire_de_seance_is_a_member_present():
    council = make_council(5)
    answer(council, present=council.members[:3])
    sitting = open_seance(on_its_day(council), by=council.secretaire)

    with pytest.raises(ValidationError) as refused:
        record_roll_call(
            sitting,
            by=council.secretaire,
            entries={},
            president=council.maire,
            secretaire=council.members[4],
        )

    assert "L2121-15" in str(refused.value)


def test_l2121_20_a_councillor_cannot_hold_two_procurations_at_the_roll_call():
    council = make_council(6)
    m = council.members
    sitting = held(council, present=m[:3], procurations=[(m[3], m[0])])

    with pytest.raises(ValidationError) as refused:
        record_roll_call(
            sitting,
            by=council.secretaire,
            entries={m[4].pk: ("represente", m[0].pk)},
            president=m[0],
            secretaire=m[1],
        )

    assert "détient déjà" in str(refused.value)


def test_l2121_17_no_vote_before_the_roll_call_and_the_opening_of_the_point():
    council = make_council(5)
    answer(council, present=council.members[:4])
    open_seance(on_its_day(council), by=council.secretaire)
    item = council.items[0]

    with pytest.raises(ValidationError, match="appel"):
        record_open_vote(item, by=council.secretaire)


def test_l2121_17_the_quorum_is_checked_at_the_opening_of_each_point():
    """Q6: the quorum is assessed at the opening of the point; members who
    leave during the debate do not invalidate its vote."""
    council = make_council(5)
    m = council.members
    sitting = held(council, present=m[:3])
    item = opened(council, council.items[0])
    record_movement(sitting, by=council.secretaire, member=m[2], kind="depart")

    vote = record_open_vote(item, by=council.secretaire)

    assert item.examination.quorum_met
    assert (vote.pour, vote.votants) == (2, 2)
    second = open_point(council.items[1], by=council.secretaire)
    assert not second.quorum_met
    with pytest.raises(ValidationError, match="quorum"):
        record_open_vote(council.items[1], by=council.secretaire)
    assert "point.quorum_non_atteint" in actions(council.seance)


def test_l2121_17_a_late_arrival_brings_the_quorum_back():
    council = make_council(5)
    m = council.members
    sitting = held(council, present=m[:2])
    assert not open_point(council.items[0], by=council.secretaire).quorum_met

    record_movement(sitting, by=council.secretaire, member=m[3], kind="arrivee")

    assert open_point(council.items[0], by=council.secretaire).quorum_met


def test_l2121_20_a_member_leaving_hands_a_procuration_for_the_remaining_points():
    council = make_council(5)
    m = council.members
    sitting = held(council, present=m[:4])
    record_movement(
        sitting, by=council.secretaire, member=m[3], kind="depart", mandataire=m[1]
    )
    item = opened(council, council.items[0])

    vote = record_open_vote(item, by=council.secretaire, exceptions={m[1].pk: "contre"})

    assert (vote.pour, vote.contre) == (2, 2)
    assert vote.choices.get(member=m[3]).mandataire == m[1]


def test_l2131_11_an_interested_councillor_votes_neither_himself_nor_by_procuration():
    council = make_council(7)
    m = council.members
    held(council, present=m[:5], procurations=[(m[5], m[4])])
    item = council.items[0]
    set_interest(item, by=council.secretaire, member=m[4], interested=True)
    item = opened(council, item)

    vote = record_open_vote(item, by=council.secretaire)

    assert item.examination.counted_present == 4
    assert (vote.pour, vote.ne_prend_pas_part, vote.votants) == (4, 1, 4)
    point = seance_record(council.seance).points[0]
    assert point.interested == [m[4]]
    assert point.represented == []
    assert point.vote.not_taking_part == [m[4]]


def test_l2121_20_a_tie_in_a_public_vote_is_decided_by_the_president():
    council = make_council(5)
    m = council.members
    held(council, present=m[:4])
    item = opened(council, council.items[0])

    vote = record_open_vote(
        item,
        by=council.secretaire,
        exceptions={m[2].pk: "contre", m[3].pk: "contre"},
        public_requests=1,
    )

    assert vote.mode == "scrutin_public"
    assert (vote.pour, vote.contre, vote.outcome) == (2, 2, "adoptee")
    assert vote.casting_vote
    assert "prépondérante" in vote.explanation


def test_l2121_21_a_tie_in_a_secret_ballot_rejects():
    council = make_council(5)
    held(council, present=council.members[:4])
    item = opened(council, council.items[0])

    with pytest.raises(ValidationError, match="tiers"):
        record_secret_vote(
            item, by=council.secretaire, pour=2, contre=2, secret_requests=1
        )
    vote = record_secret_vote(
        item, by=council.secretaire, pour=2, contre=2, secret_requests=2
    )

    assert (vote.outcome, vote.casting_vote) == ("rejetee", False)
    assert not vote.choices.exists()


def test_a_recorded_vote_is_corrected_only_with_a_reason_in_the_journal():
    council = make_council(5)
    m = council.members
    held(council, present=m[:4])
    item = opened(council, council.items[0])
    first = record_open_vote(item, by=council.secretaire)

    with pytest.raises(ValidationError, match="motif"):
        record_open_vote(item, by=council.secretaire, exceptions={m[3].pk: "contre"})
    second = record_open_vote(
        item,
        by=council.secretaire,
        exceptions={m[3].pk: "contre"},
        reason="M. Élu04 avait levé la main contre.",
    )

    first.refresh_from_db()
    assert first.superseded_at is not None
    assert (second.pour, second.contre) == (3, 1)
    entry = JournalEntry.objects.get(action="vote.corrected")
    assert entry.data["reason"] == "M. Élu04 avait levé la main contre."
    assert entry.data["replaces"] == str(first.pk)
    assert Vote.objects.filter(item=item, superseded_at__isnull=True).count() == 1


def test_l2121_21_a_nomination_goes_to_a_third_round_where_the_oldest_wins():
    council = make_council(7)
    m = council.members
    held(council, present=m[:6])
    item = opened(council, council.items[0])
    a, b = m[1], m[2]

    one = record_nomination_round(
        item, by=council.secretaire, round_number=1, votes={a.pk: 3, b.pk: 3}
    )
    two = record_nomination_round(
        item, by=council.secretaire, round_number=2, votes={a.pk: 3, b.pk: 3}
    )
    three = record_nomination_round(
        item,
        by=council.secretaire,
        round_number=3,
        votes={a.pk: 3, b.pk: 3},
        birth_dates={
            a.pk: timezone.localdate().replace(year=1970),
            b.pk: timezone.localdate().replace(year=1960),
        },
    )

    assert (one.elected, two.elected) == (None, None)
    assert one.mode == "scrutin_secret"
    assert three.elected == b
    assert three.decided_by_age


def test_a_point_is_withdrawn_during_the_seance_not_once_voted():
    council = make_council(5)
    held(council, present=council.members[:4])
    first, second = council.items
    record_open_vote(opened(council, first), by=council.secretaire)

    set_point_outcome(second, by=council.secretaire, outcome="reporte")

    with pytest.raises(ValidationError, match="voté"):
        set_point_outcome(first, by=council.secretaire, outcome="retire")
    second.refresh_from_db()
    assert second.outcome == "reporte"


def test_after_the_closing_debates_and_votes_need_a_reason():
    council = make_council(5)
    sitting = held(council, present=council.members[:4])
    item = opened(council, council.items[0])
    save_debates(item, by=council.secretaire, text="Questions sur le prix.")
    close_seance(sitting, by=council.secretaire)

    with pytest.raises(ValidationError, match="motif"):
        save_debates(item, by=council.secretaire, text="Autre résumé.")
    with pytest.raises(ValidationError, match="motif"):
        record_open_vote(item, by=council.secretaire)
    save_debates(item, by=council.secretaire, text="Autre résumé.", reason="Oubli.")
    record_open_vote(item, by=council.secretaire, reason="Saisi après la séance.")

    assert {"seance.closed", "point.debates_corrected", "vote.recorded"} <= set(
        actions(council.seance)
    )
    council.seance.refresh_from_db()
    assert council.seance.status == Seance.Status.CLOSE


def test_l2121_17_without_quorum_the_seance_is_convened_again_on_the_same_points():
    council = make_council(7)
    m = council.members
    sitting = held(council, present=m[:3], procurations=[(m[3], m[0])])

    new = close_for_lack_of_quorum(sitting, by=council.secretaire)

    sitting.refresh_from_db()
    assert sitting.quorum_failed
    assert sitting.reconvened_as == new
    assert new.kind == Seance.Kind.NOUVELLE_CONVOCATION
    assert new.status == Seance.Status.PREPARATION
    assert count_jours_francs(timezone.localdate(), new.local_start.date()) >= 3
    assert [i.title for i in new.items.order_by("position")] == [
        i.title for i in council.items
    ]
    assert all(i.state == "valide" for i in new.items.all())
    assert CarriedPoint.objects.filter(sitting=sitting).count() == 2
    assert "seance.quorum_non_atteint" in actions(council.seance)


def test_l2121_17_the_new_seance_deliberates_without_quorum():
    from convocations.services import send_convocation

    council = make_council(7)
    sitting = held(council, present=council.members[:3])
    new = close_for_lack_of_quorum(sitting, by=council.secretaire)
    send_convocation(new, by=council.secretaire)
    new.refresh_from_db()
    again = open_seance(convened_for_today(new), by=council.secretaire)
    record_roll_call(
        again,
        by=council.secretaire,
        entries={m.pk: ("present", None) for m in council.members[:2]},
        president=council.maire,
        secretaire=council.members[1],
    )

    item = new.items.order_by("position").first()
    examination = open_point(item, by=council.secretaire)

    assert examination.quorum_met
    assert not examination.quorum_required


def test_a_movement_is_refused_for_someone_already_there():
    council = make_council(5)
    sitting = held(council, present=council.members[:3])

    with pytest.raises(ValidationError, match="déjà en séance"):
        record_movement(
            sitting, by=council.secretaire, member=council.members[0], kind="arrivee"
        )
    assert not Movement.objects.exists()
