"""The room during a séance and the invariants of every vote (CGCT
L2121-17, L2121-20, L2121-21, L2131-11), RULES §2 to §4."""

from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain import access
from domain.attendance import (
    Movement,
    Presence,
    count_point_vote,
    point_voters,
    presence_at,
)
from domain.procurations import Procuration, validate_procurations
from domain.quorum import PointAttendance, check_point_quorum
from domain.roles import Role
from domain.tests.people import council
from domain.tests.test_access import actor
from domain.votes import Choice, Outcome, VoteMode

START = datetime(2026, 3, 12, 19, 0, tzinfo=UTC)
MEMBERS = council(15)


def test_the_maire_and_the_secretaire_run_a_seance_not_a_conseiller() -> None:
    assert access.can_run_seance(actor(Role.MAIRE))
    assert access.can_run_seance(actor(Role.SECRETAIRE))
    assert access.can_run_seance(actor(Role.DGS))
    assert not access.can_run_seance(actor(Role.ADJOINT))
    assert not access.can_run_seance(actor(Role.CONSEILLER))
    assert not access.can_run_seance(actor(Role.AGENT, admin=True))
    assert not access.can_run_seance(actor(Role.SECRETAIRE, in_office=False))
    assert not access.can_run_seance(None)


def test_l2121_17_a_late_arrival_counts_from_the_time_of_arrival() -> None:
    late = MEMBERS[9]
    movements = [Movement(late, START + timedelta(minutes=30), arrives=True)]

    before = presence_at(MEMBERS[:8], [], movements, START + timedelta(minutes=10))
    after = presence_at(MEMBERS[:8], [], movements, START + timedelta(minutes=31))

    assert late not in before.present
    assert late in after.present


def test_l2121_20_a_member_leaving_hands_a_procuration_for_the_remaining_points():
    leaving, holder = MEMBERS[0], MEMBERS[1]
    movements = [
        Movement(leaving, START + timedelta(hours=1), arrives=False, mandataire=holder)
    ]

    later = presence_at(MEMBERS[:8], [], movements, START + timedelta(hours=2))
    voters = point_voters(later)

    assert leaving not in later.present
    assert voters.proxies == {leaving: holder}


def test_l2121_20_the_procuration_of_a_mandant_who_arrives_is_suspended() -> None:
    mandant, holder = MEMBERS[10], MEMBERS[0]
    movements = [Movement(mandant, START + timedelta(minutes=5), arrives=True)]

    presence = presence_at(
        MEMBERS[:8], [Procuration(mandant, holder)], movements, START + timedelta(1)
    )

    assert point_voters(presence).proxies == {}
    assert mandant in point_voters(presence).voting


def test_l2131_11_an_interested_member_votes_neither_himself_nor_for_his_mandant():
    interested, mandant = MEMBERS[0], MEMBERS[10]
    presence = Presence(frozenset(MEMBERS[:8]), (Procuration(mandant, interested),))

    voters = point_voters(presence, interested=frozenset({interested}))
    ballots, result = count_point_vote(
        voters, mode=VoteMode.MAIN_LEVEE, president=MEMBERS[1]
    )

    assert voters.proxies == {}
    assert interested in voters.standing_aside
    assert (result.pour, result.ne_prend_pas_part, result.votants) == (7, 1, 7)
    assert {ballot.member for ballot in ballots} == set(MEMBERS[:8])


def test_l2121_20_the_mandant_votes_with_his_mandataire_unless_entered_otherwise():
    mandant, holder = MEMBERS[10], MEMBERS[0]
    voters = point_voters(
        Presence(frozenset(MEMBERS[:8]), (Procuration(mandant, holder),))
    )

    _, follows = count_point_vote(
        voters,
        mode=VoteMode.MAIN_LEVEE,
        president=MEMBERS[1],
        exceptions={holder: Choice.CONTRE},
    )
    _, differs = count_point_vote(
        voters,
        mode=VoteMode.MAIN_LEVEE,
        president=MEMBERS[1],
        exceptions={holder: Choice.CONTRE, mandant: Choice.POUR},
    )

    assert (follows.pour, follows.contre) == (7, 2)
    assert (differs.pour, differs.contre) == (8, 1)


# The invariants of point 8 of the séance issue, over every room and entry.


@st.composite
def rooms(draw: st.DrawFn) -> tuple:
    size = draw(st.integers(min_value=3, max_value=15))
    members = MEMBERS[:size]
    present = frozenset(draw(st.sets(st.sampled_from(members), min_size=1)))
    absent = [member for member in members if member not in present]
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(members), st.sampled_from(members)))
        if absent
        else st.just([])
    )
    procurations = [Procuration(a, b) for a, b in pairs if a != b]
    accepted = validate_procurations(procurations, frozenset(members)).accepted
    interested = frozenset(draw(st.sets(st.sampled_from(members), max_size=3)))
    voters = point_voters(Presence(present, accepted), interested=interested)
    voices = sorted(voters.voting | frozenset(voters.proxies), key=str)
    exceptions = draw(
        st.dictionaries(
            st.sampled_from(voices) if voices else st.nothing(),
            st.sampled_from(list(Choice)),
        )
        if voices
        else st.just({})
    )
    president = draw(st.sampled_from(sorted(present, key=str)))
    mode = draw(st.sampled_from([VoteMode.MAIN_LEVEE, VoteMode.SCRUTIN_PUBLIC]))
    return members, present, accepted, interested, voters, exceptions, president, mode


@given(rooms())
def test_l2121_20_every_vote_keeps_the_invariants_of_the_count(room: tuple) -> None:
    members, present, accepted, interested, voters, exceptions, president, mode = room

    ballots, result = count_point_vote(
        voters, mode=mode, president=president, exceptions=exceptions
    )

    # pour + contre + abstentions + ne prend pas part = voix <= present + proxies
    counted = Counter(ballot.choice for ballot in ballots)
    assert (
        result.pour + result.contre + result.abstentions + (result.ne_prend_pas_part)
        == result.voix
        == len(ballots)
    )
    assert result.voix <= len(present) + len(accepted)
    assert counted[Choice.POUR] == result.pour
    # Nobody votes twice, nobody absent votes in person.
    assert len({ballot.member for ballot in ballots}) == len(ballots)
    for ballot in ballots:
        if ballot.mandataire is None:
            assert ballot.member in present
        else:
            assert ballot.mandataire in present
            assert ballot.mandataire not in interested
            assert ballot.member not in present
            assert ballot.member not in interested
    # The outcome follows L2121-20.
    if result.pour != result.contre:
        assert result.adopted == (result.pour > result.contre)
        assert not result.casting_vote
    else:
        own = next(
            (b.choice for b in ballots if b.member == president and not b.mandataire),
            None,
        )
        assert result.casting_vote == (own in {Choice.POUR, Choice.CONTRE})
        assert result.adopted == (own is Choice.POUR)
    assert result.outcome in {Outcome.ADOPTEE, Outcome.REJETEE}


@given(rooms())
def test_l2121_17_the_quorum_counts_members_physically_present_only(room: tuple):
    members, present, accepted, interested, voters, *_ = room
    represented = frozenset(voters.proxies)

    check = check_point_quorum(
        PointAttendance(
            in_office=frozenset(members),
            present=present,
            represented=represented,
            interested=interested,
        )
    )

    assert check.counted_present == len(present - interested)
    assert check.met == (len(present - interested) > len(members) / 2)
