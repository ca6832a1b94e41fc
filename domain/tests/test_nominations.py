"""Nominations to a seat: RULES §4, V7 and V8 (CGCT L2121-21)."""

from datetime import date

import pytest

from domain.council import Councillor
from domain.nominations import count_nomination_round, oldest
from domain.votes import VoteError

ALICE = Councillor("a", "Alice Aubert", date(1970, 5, 4))
BRUNO = Councillor("b", "Bruno Blanc", date(1965, 11, 20))
CLAIRE = Councillor("c", "Claire Colin", date(1980, 2, 1))


def test_l2121_21_v7_absolute_majority_of_suffrages_exprimes_elects_in_round_one() -> (
    None
):
    """V7: A 6, B 5, 2 blank papers, 13 votants: 11 exprimés, A > 5.5."""
    result = count_nomination_round(
        1, {ALICE: 6, BRUNO: 5}, blancs_ou_nuls=2, max_votants=13
    )
    assert result.elected == ALICE
    assert (result.votants, result.suffrages_exprimes, result.absolute_majority) == (
        13,
        11,
        6,
    )
    assert not result.decided_by_age
    assert result.next_round is None
    assert result.explanation == (
        "Tour 1 : Alice Aubert est élu(e) à la majorité absolue avec 6 voix sur "
        "11 suffrages exprimés."
    )


def test_l2121_21_v8_tie_in_round_three_elects_the_oldest() -> None:
    """V8: A 5, B 5 at the third round: B, born in 1965, is elected."""
    result = count_nomination_round(3, {ALICE: 5, BRUNO: 5})
    assert result.elected == BRUNO
    assert result.decided_by_age
    assert "au bénéfice de l'âge" in result.explanation


def test_l2121_21_no_absolute_majority_calls_another_round() -> None:
    result = count_nomination_round(1, {ALICE: 5, BRUNO: 4, CLAIRE: 2})
    assert result.elected is None
    assert result.next_round == 2
    assert "majorité absolue (6 voix sur 11" in result.explanation


def test_l2121_21_half_of_the_exprimes_is_not_an_absolute_majority() -> None:
    assert count_nomination_round(2, {ALICE: 6, BRUNO: 6}).elected is None
    assert count_nomination_round(2, {ALICE: 6, BRUNO: 5}).elected == ALICE


def test_l2121_21_blank_papers_do_not_raise_the_majority() -> None:
    result = count_nomination_round(1, {ALICE: 6, BRUNO: 5}, blancs_ou_nuls=9)
    assert result.elected == ALICE


def test_l2121_21_round_three_needs_only_a_relative_majority() -> None:
    result = count_nomination_round(3, {ALICE: 5, BRUNO: 4, CLAIRE: 3})
    assert result.elected == ALICE
    assert not result.decided_by_age
    assert "majorité relative" in result.explanation


def test_l2121_21_round_three_without_any_suffrage_elects_nobody() -> None:
    result = count_nomination_round(3, {ALICE: 0, BRUNO: 0}, blancs_ou_nuls=4)
    assert result.elected is None
    assert result.next_round == 4


def test_l2121_21_tie_needs_birth_dates() -> None:
    unknown = Councillor("x", "Xavier Inconnu")
    with pytest.raises(VoteError, match="date de naissance de Xavier Inconnu"):
        count_nomination_round(3, {ALICE: 4, unknown: 4})


def test_l2121_21_same_birth_date_cannot_be_decided() -> None:
    twin = Councillor("t", "Thomas Aubert", ALICE.birth_date)
    with pytest.raises(VoteError, match="nés le même jour"):
        oldest([ALICE, twin])


@pytest.mark.parametrize("round_number", [0, 4])
def test_l2121_21_three_rounds_at_most(round_number: int) -> None:
    with pytest.raises(VoteError, match="trois tours"):
        count_nomination_round(round_number, {ALICE: 3})


def test_nomination_figures_must_be_consistent() -> None:
    with pytest.raises(VoteError, match="au moins un candidat"):
        count_nomination_round(1, {})
    with pytest.raises(VoteError, match="négatif"):
        count_nomination_round(1, {ALICE: -1})
    with pytest.raises(VoteError, match="14 bulletins dépouillés pour 13"):
        count_nomination_round(
            1, {ALICE: 6, BRUNO: 5}, blancs_ou_nuls=3, max_votants=13
        )
