"""Votes: RULES §4 (CGCT L2121-20, L2121-21, L2121-14, L2131-11)."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.council import Councillor
from domain.tests.people import JEAN, LUCIE, MARIE, PAUL, council
from domain.votes import (
    Ballot,
    Choice,
    Outcome,
    VoteError,
    VoteMode,
    VoteResult,
    ballots_tous_pour_sauf,
    ballots_unanimite,
    count_open_vote,
    count_secret_vote,
    vote_mode,
)

# Vote mode (L2121-21).


def test_l2121_21_show_of_hands_by_default() -> None:
    assert vote_mode(present=15) is VoteMode.MAIN_LEVEE


def test_l2121_21_a_quarter_of_members_present_obtain_a_public_ballot() -> None:
    assert vote_mode(present=15, public_requests=4) is VoteMode.SCRUTIN_PUBLIC
    assert vote_mode(present=15, public_requests=3) is VoteMode.MAIN_LEVEE
    assert vote_mode(present=12, public_requests=3) is VoteMode.SCRUTIN_PUBLIC


def test_l2121_21_a_third_of_members_present_obtain_a_secret_ballot() -> None:
    assert vote_mode(present=15, secret_requests=5) is VoteMode.SCRUTIN_SECRET
    assert vote_mode(present=15, secret_requests=4) is VoteMode.MAIN_LEVEE
    assert vote_mode(present=16, secret_requests=5) is VoteMode.MAIN_LEVEE


def test_l2121_21_secret_wins_over_public() -> None:
    """RM Sénat 25/06/2009."""
    mode = vote_mode(present=12, public_requests=6, secret_requests=4)
    assert mode is VoteMode.SCRUTIN_SECRET


def test_l2121_21_nominations_are_secret_unless_waived_unanimously() -> None:
    assert vote_mode(present=15, nomination=True) is VoteMode.SCRUTIN_SECRET
    waived = vote_mode(present=15, nomination=True, secret_waived_unanimously=True)
    assert waived is VoteMode.MAIN_LEVEE


def test_l2122_7_secret_required_by_law_cannot_be_waived() -> None:
    mode = vote_mode(
        present=15,
        nomination=True,
        secret_waived_unanimously=True,
        secret_required_by_law=True,
    )
    assert mode is VoteMode.SCRUTIN_SECRET


def test_l2121_21_requests_come_from_members_present() -> None:
    with pytest.raises(VoteError):
        vote_mode(present=5, public_requests=6)
    with pytest.raises(VoteError):
        vote_mode(present=5, secret_requests=-1)


# Outcome: RULES §4 test vectors V1–V6.

PRESIDENT = Councillor("president", "Président de séance")


def open_vote(
    pour: int,
    contre: int,
    abstentions: int,
    president: Choice,
    mode: VoteMode = VoteMode.MAIN_LEVEE,
) -> VoteResult:
    """A vote of members present in person, the president among them."""
    others = [Choice.POUR] * pour + [Choice.CONTRE] * contre
    others += [Choice.ABSTENTION] * abstentions
    others.remove(president)
    members = [PRESIDENT, *council(len(others))]
    ballots = [
        Ballot(member, choice)
        for member, choice in zip(members, [president, *others], strict=True)
    ]
    return count_open_vote(
        ballots, mode=mode, present=frozenset(members), proxies={}, president=PRESIDENT
    )


def test_l2121_20_v1_majority_of_suffrages_exprimes_adopts() -> None:
    result = open_vote(8, 6, 1, president=Choice.POUR)
    assert result.outcome is Outcome.ADOPTEE
    assert not result.casting_vote
    assert (result.suffrages_exprimes, result.votants) == (14, 15)


def test_l2121_20_v2_tie_decided_by_the_presidents_casting_vote() -> None:
    result = open_vote(7, 7, 1, president=Choice.POUR)
    assert result.adopted
    assert result.casting_vote
    assert "voix du président, qui a voté pour, est prépondérante" in result.explanation


def test_l2121_20_v3_president_against_on_a_tie_rejects() -> None:
    result = open_vote(7, 7, 1, president=Choice.CONTRE)
    assert result.outcome is Outcome.REJETEE
    assert result.casting_vote


def test_l2121_20_v4_tie_in_a_secret_ballot_rejects() -> None:
    result = count_secret_vote(pour=7, contre=7, blancs_ou_nuls=1, max_voix=15)
    assert result.outcome is Outcome.REJETEE
    assert not result.casting_vote
    assert result.mode is VoteMode.SCRUTIN_SECRET
    assert "scrutin secret" in result.explanation


def test_l2121_20_v5_abstentions_are_not_suffrages_exprimes() -> None:
    result = open_vote(5, 4, 6, president=Choice.POUR)
    assert result.adopted
    assert result.suffrages_exprimes == 9


def test_l2121_20_v6_president_abstaining_on_a_tie_gives_no_casting_vote() -> None:
    """[?] RULES §13.15: no voix prépondérante exists, the point is rejected."""
    result = open_vote(7, 7, 1, president=Choice.ABSTENTION)
    assert result.outcome is Outcome.REJETEE
    assert not result.casting_vote
    assert "aucune voix prépondérante" in result.explanation


def test_l2121_20_public_ballot_tie_also_uses_the_casting_vote() -> None:
    result = open_vote(7, 7, 1, president=Choice.POUR, mode=VoteMode.SCRUTIN_PUBLIC)
    assert result.adopted
    assert result.casting_vote


def test_l2121_20_casting_vote_is_the_presidents_own_not_his_proxy() -> None:
    """The president votes pour for himself and contre for his mandant."""
    present = frozenset({MARIE, JEAN, LUCIE})
    ballots = [
        Ballot(MARIE, Choice.POUR),
        Ballot(PAUL, Choice.CONTRE, mandataire=MARIE),
        Ballot(JEAN, Choice.POUR),
        Ballot(LUCIE, Choice.CONTRE),
    ]
    result = count_open_vote(
        ballots,
        mode=VoteMode.MAIN_LEVEE,
        present=present,
        proxies={PAUL: MARIE},
        president=MARIE,
    )
    assert (result.pour, result.contre) == (2, 2)
    assert result.adopted
    assert result.casting_vote


def test_l2121_20_everyone_abstaining_adopts_nothing() -> None:
    result = open_vote(0, 0, 5, president=Choice.ABSTENTION)
    assert not result.adopted
    assert result.suffrages_exprimes == 0


def test_l2121_14_members_who_do_not_take_part_are_not_votants() -> None:
    ballots = [
        Ballot(MARIE, Choice.POUR),
        Ballot(JEAN, Choice.POUR),
        Ballot(PAUL, Choice.NE_PREND_PAS_PART),
    ]
    result = count_open_vote(
        ballots,
        mode=VoteMode.MAIN_LEVEE,
        present=frozenset({MARIE, JEAN, PAUL}),
        proxies={},
        president=MARIE,
    )
    assert (result.votants, result.ne_prend_pas_part, result.voix) == (2, 1, 3)
    assert result.formula == "à l'unanimité"


def test_l2121_21_secret_ballot_blank_papers_are_not_suffrages_exprimes() -> None:
    result = count_secret_vote(pour=8, contre=5, blancs_ou_nuls=2, max_voix=15)
    assert result.adopted
    assert (result.abstentions, result.suffrages_exprimes, result.votants) == (
        2,
        13,
        15,
    )


def test_l2121_21_secret_ballot_cannot_have_more_papers_than_voices() -> None:
    with pytest.raises(VoteError, match="16 voix dépouillées pour 15"):
        count_secret_vote(pour=8, contre=6, blancs_ou_nuls=2, max_voix=15)
    with pytest.raises(VoteError, match="négatif"):
        count_secret_vote(pour=-1, contre=6, blancs_ou_nuls=0, max_voix=15)


def test_secret_ballot_is_never_counted_from_named_ballots() -> None:
    with pytest.raises(VoteError, match="jamais sur des bulletins nominatifs"):
        count_open_vote(
            [Ballot(MARIE, Choice.POUR)],
            mode=VoteMode.SCRUTIN_SECRET,
            present=frozenset({MARIE}),
            proxies={},
            president=MARIE,
        )


# Nobody votes twice, nobody votes for another without a procuration.


def test_l2121_20_nobody_votes_twice() -> None:
    with pytest.raises(VoteError, match="La voix de Marie Dupont est déjà comptée"):
        count_open_vote(
            [Ballot(MARIE, Choice.POUR), Ballot(MARIE, Choice.CONTRE)],
            mode=VoteMode.MAIN_LEVEE,
            present=frozenset({MARIE}),
            proxies={},
            president=MARIE,
        )


def test_l2121_20_a_mandant_present_cannot_also_vote_by_proxy() -> None:
    with pytest.raises(VoteError, match="déjà comptée"):
        count_open_vote(
            [Ballot(JEAN, Choice.POUR), Ballot(JEAN, Choice.POUR, mandataire=MARIE)],
            mode=VoteMode.MAIN_LEVEE,
            present=frozenset({MARIE, JEAN}),
            proxies={JEAN: MARIE},
            president=MARIE,
        )


def test_l2121_20_an_absent_member_does_not_vote_in_person() -> None:
    with pytest.raises(VoteError, match="Jean Martin n'est pas en séance"):
        count_open_vote(
            [Ballot(JEAN, Choice.POUR)],
            mode=VoteMode.MAIN_LEVEE,
            present=frozenset({MARIE}),
            proxies={},
            president=MARIE,
        )


def test_l2121_20_only_the_mandataire_casts_the_mandants_vote() -> None:
    with pytest.raises(
        VoteError, match="Lucie Bernard ne détient pas de procuration de Jean Martin"
    ):
        count_open_vote(
            [Ballot(JEAN, Choice.POUR, mandataire=LUCIE)],
            mode=VoteMode.MAIN_LEVEE,
            present=frozenset({MARIE, LUCIE}),
            proxies={JEAN: MARIE},
            president=MARIE,
        )


# Fast entry.


def test_unanimite_gives_every_present_and_represented_member_a_pour() -> None:
    ballots = ballots_unanimite(present={MARIE, LUCIE}, proxies={JEAN: MARIE})
    assert {(b.member, b.choice, b.mandataire) for b in ballots} == {
        (MARIE, Choice.POUR, None),
        (LUCIE, Choice.POUR, None),
        (JEAN, Choice.POUR, MARIE),
    }


def test_tous_pour_sauf_proxy_follows_its_mandataire_unless_entered() -> None:
    ballots = ballots_tous_pour_sauf(
        present={MARIE, LUCIE, PAUL},
        proxies={JEAN: MARIE},
        exceptions={MARIE: Choice.CONTRE, PAUL: Choice.ABSTENTION},
    )
    choices = {b.member: b.choice for b in ballots}
    assert choices == {
        MARIE: Choice.CONTRE,
        JEAN: Choice.CONTRE,
        LUCIE: Choice.POUR,
        PAUL: Choice.ABSTENTION,
    }


def test_tous_pour_sauf_mandataire_may_vote_differently_for_the_mandant() -> None:
    """RM Sénat 11/09/2025."""
    ballots = ballots_tous_pour_sauf(
        present={MARIE},
        proxies={JEAN: MARIE},
        exceptions={MARIE: Choice.CONTRE, JEAN: Choice.POUR},
    )
    assert {b.member: b.choice for b in ballots} == {
        MARIE: Choice.CONTRE,
        JEAN: Choice.POUR,
    }


def test_tous_pour_sauf_refuses_inconsistent_entries() -> None:
    with pytest.raises(VoteError, match="Ne votent pas sur ce point : Paul Petit"):
        ballots_tous_pour_sauf(
            present={MARIE}, proxies={}, exceptions={PAUL: Choice.CONTRE}
        )
    with pytest.raises(VoteError, match="Mandataires absents : Marie Dupont"):
        ballots_tous_pour_sauf(present={LUCIE}, proxies={JEAN: MARIE})
    with pytest.raises(VoteError, match="Représentés mais présents : Jean Martin"):
        ballots_tous_pour_sauf(present={MARIE, JEAN}, proxies={JEAN: MARIE})


@pytest.mark.parametrize(
    ("figures", "formula"),
    [
        ((14, 0, 0), "à l'unanimité"),
        ((9, 0, 5), "par 9 voix pour et 5 bulletins blancs ou nuls"),
        ((8, 6, 1), "par 8 voix pour, 6 voix contre et 1 bulletin blanc ou nul"),
        ((5, 6, 0), "par 5 voix pour et 6 voix contre"),
        ((0, 0, 3), "par 0 voix pour et 3 bulletins blancs ou nuls"),
    ],
)
def test_l2121_21_formula_of_a_secret_ballot_names_blank_papers_not_abstentions(
    figures: tuple[int, int, int], formula: str
) -> None:
    pour, contre, abstentions = figures
    result = count_secret_vote(
        pour=pour, contre=contre, blancs_ou_nuls=abstentions, max_voix=20
    )
    assert result.formula == formula


# Properties over random ballots.

OpenVote = tuple[list[Ballot], frozenset[Councillor], dict[Councillor, Councillor]]


@st.composite
def open_votes(draw: st.DrawFn) -> OpenVote:
    members = council(draw(st.integers(min_value=1, max_value=33)))
    present_count = draw(st.integers(min_value=1, max_value=len(members)))
    present, absent = members[:present_count], members[present_count:]
    holders = draw(st.permutations(present))
    proxies = dict(zip(absent, holders, strict=False))
    choices = st.sampled_from(list(Choice))
    ballots = [Ballot(member, draw(choices)) for member in present]
    ballots += [
        Ballot(mandant, draw(choices), mandataire=m) for mandant, m in proxies.items()
    ]
    return draw(st.permutations(ballots)), frozenset(present), proxies


@given(
    vote=open_votes(),
    mode=st.sampled_from([VoteMode.MAIN_LEVEE, VoteMode.SCRUTIN_PUBLIC]),
)
def test_open_vote_counts_add_up_and_follow_the_majority_rule(
    vote: OpenVote, mode: VoteMode
) -> None:
    ballots, present, proxies = vote
    president = min(present, key=str)
    result = count_open_vote(
        ballots, mode=mode, present=present, proxies=proxies, president=president
    )
    counted = Counter(b.choice for b in ballots)
    assert result.pour == counted[Choice.POUR]
    assert result.contre == counted[Choice.CONTRE]
    assert result.abstentions == counted[Choice.ABSTENTION]
    assert result.ne_prend_pas_part == counted[Choice.NE_PREND_PAS_PART]
    assert (
        result.pour + result.contre + result.abstentions + result.ne_prend_pas_part
        == result.voix
        == len(ballots)
        <= len(present) + len(proxies)
    )
    assert result.suffrages_exprimes <= result.votants <= result.voix
    if result.pour != result.contre:
        assert result.adopted == (result.pour > result.contre)
        assert not result.casting_vote
    else:
        own = next(
            b.choice for b in ballots if b.member == president and not b.mandataire
        )
        assert result.adopted == (own is Choice.POUR)
        assert result.casting_vote == (own in (Choice.POUR, Choice.CONTRE))


@given(
    pour=st.integers(0, 40),
    contre=st.integers(0, 40),
    blancs=st.integers(0, 40),
    absent=st.integers(0, 10),
)
def test_secret_vote_adopts_iff_pour_beats_contre(
    pour: int, contre: int, blancs: int, absent: int
) -> None:
    voix = pour + contre + blancs
    result = count_secret_vote(
        pour=pour, contre=contre, blancs_ou_nuls=blancs, max_voix=voix + absent
    )
    assert result.adopted == (pour > contre)
    assert not result.casting_vote
    assert result.votants == voix
