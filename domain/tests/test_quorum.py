"""Quorum: RULES §2 (CGCT L2121-17, L2131-11)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.quorum import (
    PointAttendance,
    check_point_quorum,
    quorum_met,
    quorum_threshold,
    quorum_waived,
)
from domain.tests.people import council
from domain.votes import VoteMode, ballots_unanimite, count_open_vote


@pytest.mark.parametrize(
    ("in_office", "threshold"),
    [
        (11, 6),
        (8, 5),
        (15, 8),
        (19, 10),
        (23, 12),
        (27, 14),
        (29, 15),
        (33, 17),
        (69, 35),
    ],
)
def test_l2121_17_quorum_is_more_than_half_of_members_in_office(
    in_office: int, threshold: int
) -> None:
    assert quorum_threshold(in_office) == threshold
    assert quorum_met(in_office, threshold)
    assert not quorum_met(in_office, threshold - 1)


def attendance(in_office: int, present: int, represented: int = 0) -> PointAttendance:
    members = council(in_office)
    return PointAttendance(
        in_office=frozenset(members),
        present=frozenset(members[:present]),
        represented=frozenset(members[present : present + represented]),
    )


def test_l2121_17_q1_eight_present_of_fifteen_meet_the_quorum() -> None:
    """Q1: 15 in office, 8 present, 3 proxies: quorum met, 11 voices."""
    point = attendance(15, 8, 3)
    check = check_point_quorum(point)
    assert check.met
    assert (check.threshold, check.counted_present) == (8, 8)
    members = sorted(point.in_office, key=str)
    proxies = dict(zip(sorted(point.represented, key=str), members[:3], strict=True))
    result = count_open_vote(
        ballots_unanimite(present=point.present, proxies=proxies),
        mode=VoteMode.MAIN_LEVEE,
        present=point.present,
        proxies=proxies,
        president=members[0],
    )
    assert result.voix == 11


def test_l2121_17_q2_proxies_do_not_make_the_quorum() -> None:
    """Q2: 15 in office, 7 present, 4 proxies: no quorum."""
    check = check_point_quorum(attendance(15, 7, 4))
    assert not check.met
    assert check.counted_present == 7
    assert "renvoyé à une nouvelle séance" in check.message


def test_l2121_17_q3_quorum_counts_seats_filled_not_legal_size() -> None:
    """Q3: one seat of 15 vacant: 14 in office, quorum 8, 8 present."""
    check = check_point_quorum(attendance(14, 8))
    assert check.met
    assert (check.members_in_office, check.threshold) == (14, 8)
    assert not quorum_met(14, 7)


def test_l2131_11_q4_interested_member_leaving_breaks_the_quorum() -> None:
    """Q4: 19 in office, 10 present, 2 proxies; one present member is
    interested in item 5: 9 < 10, item 5 goes to a new séance."""
    members = council(19)
    item_5 = PointAttendance(
        in_office=frozenset(members),
        present=frozenset(members[:10]),
        represented=frozenset(members[10:12]),
        interested=frozenset(members[:1]),
    )
    check = check_point_quorum(item_5)
    assert not check.met
    assert (check.members_in_office, check.threshold, check.counted_present) == (
        19,
        10,
        9,
    )
    assert "nouvelle séance" in check.message


def test_l2131_11_q5_body_representatives_leave_the_base_and_the_present() -> None:
    """Q5 [?]: 19 in office, 11 present of whom 2 represent the SEM that the
    point awards a contract: base 17, quorum 9, counted present 9."""
    members = council(19)
    point = PointAttendance(
        in_office=frozenset(members),
        present=frozenset(members[:11]),
        body_representatives=frozenset(members[:2]),
    )
    check = check_point_quorum(point)
    assert check.met
    assert (check.members_in_office, check.threshold, check.counted_present) == (
        17,
        9,
        9,
    )


def test_l2121_17_q6_quorum_is_assessed_at_the_opening_of_the_point() -> None:
    """Q6: 10 of 19 present when the item opens, 3 leave during the debate:
    the quorum stands and the vote of the 7 who remain is valid."""
    members = council(19)
    at_opening = PointAttendance(
        in_office=frozenset(members), present=frozenset(members[:10])
    )
    assert check_point_quorum(at_opening).met

    at_vote = frozenset(members[:7])
    result = count_open_vote(
        ballots_unanimite(present=at_vote, proxies={}),
        mode=VoteMode.MAIN_LEVEE,
        present=at_vote,
        proxies={},
        president=members[0],
    )
    assert result.adopted
    assert result.votants == 7


def test_l2121_17_seance_after_failed_quorum_needs_no_quorum() -> None:
    waived = quorum_waived(after_failed_quorum=True, on_failed_agenda=True)
    check = check_point_quorum(attendance(15, 2), waived=waived)
    assert check.met
    assert not check.required
    assert "sans condition de quorum" in check.message


def test_l2121_17_new_points_of_the_second_seance_need_the_quorum() -> None:
    assert not quorum_waived(after_failed_quorum=True, on_failed_agenda=False)
    assert not quorum_waived(after_failed_quorum=False, on_failed_agenda=True)
    waived = quorum_waived(after_failed_quorum=True, on_failed_agenda=False)
    assert not check_point_quorum(attendance(15, 2), waived=waived).met


def test_covid_regime_quorum_was_a_third_of_members_present() -> None:
    """Historical regime (loi 2020-290 to 31/07/2022), as a flag only."""
    assert quorum_threshold(15, covid_rules=True) == 5
    assert quorum_threshold(19, covid_rules=True) == 7
    assert check_point_quorum(attendance(15, 5, 4), covid_rules=True).met
    assert not check_point_quorum(attendance(15, 4, 6), covid_rules=True).met


def test_attendance_refuses_people_who_are_not_in_office() -> None:
    members = council(5)
    with pytest.raises(ValueError, match="Conseiller 05"):
        PointAttendance(
            in_office=frozenset(members[:4]), present=frozenset(members[3:])
        )


def test_a_present_member_cannot_also_be_represented() -> None:
    members = council(5)
    with pytest.raises(ValueError, match="présent ne peut être représenté"):
        PointAttendance(
            in_office=frozenset(members),
            present=frozenset(members[:3]),
            represented=frozenset(members[2:4]),
        )


def test_quorum_figures_must_be_consistent() -> None:
    with pytest.raises(ValueError, match="négatif"):
        quorum_threshold(-1)
    with pytest.raises(ValueError, match="entre 0 et les membres"):
        quorum_met(10, 11)


# Properties.

sizes = st.integers(min_value=1, max_value=69)


@given(data=st.data(), in_office=sizes)
def test_quorum_is_monotonic_in_present_members(
    data: st.DataObject, in_office: int
) -> None:
    present = data.draw(st.integers(min_value=0, max_value=in_office - 1))
    if check_point_quorum(attendance(in_office, present)).met:
        assert check_point_quorum(attendance(in_office, present + 1)).met
    assert quorum_met(in_office, present) <= quorum_met(in_office, present + 1)


@given(data=st.data(), in_office=sizes)
def test_procurations_never_count_for_the_quorum(
    data: st.DataObject, in_office: int
) -> None:
    present = data.draw(st.integers(min_value=0, max_value=in_office))
    represented = data.draw(st.integers(min_value=0, max_value=in_office - present))
    with_proxies = check_point_quorum(attendance(in_office, present, represented))
    without = check_point_quorum(attendance(in_office, present))
    assert with_proxies == without
    assert with_proxies.met == (2 * present > in_office)
