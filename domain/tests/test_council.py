"""Size of the council (CGCT L2121-2) and the thresholds that follow from it."""

import pytest

from domain.council import (
    Councillor,
    council_seats,
    members_needed_for_general_policy_debate,
    members_needed_for_huis_clos_request,
    members_needed_to_force_convocation,
    minimum_list_size,
    reglement_interieur_required,
)


@pytest.mark.parametrize(
    ("population", "seats"),
    [
        (0, 7),
        (99, 7),
        (100, 11),
        (499, 11),
        (500, 15),
        (1_499, 15),
        (1_500, 19),
        (2_499, 19),
        (2_500, 23),
        (3_499, 23),
        (3_500, 27),
        (4_999, 27),
        (5_000, 29),
        (10_000, 33),
        (20_000, 35),
        (30_000, 39),
        (40_000, 43),
        (50_000, 45),
        (60_000, 49),
        (80_000, 53),
        (100_000, 55),
        (150_000, 59),
        (200_000, 61),
        (250_000, 65),
        (299_999, 65),
        (300_000, 69),
        (2_000_000, 69),
    ],
)
def test_l2121_2_council_seats_by_population_municipale(
    population: int, seats: int
) -> None:
    assert council_seats(population) == seats


def test_l2121_2_population_cannot_be_negative() -> None:
    with pytest.raises(ValueError, match="négative"):
        council_seats(-1)


@pytest.mark.parametrize(
    ("population", "minimum"),
    [(50, 5), (99, 5), (100, 9), (999, 13), (1_000, 15), (3_500, 27)],
)
def test_loi_2025_444_lists_may_be_two_short_below_1000(
    population: int, minimum: int
) -> None:
    assert minimum_list_size(population) == minimum


def test_l2121_8_reglement_interieur_from_1000_and_in_every_epci() -> None:
    assert not reglement_interieur_required(999, is_epci=False)
    assert reglement_interieur_required(1_000, is_epci=False)
    assert reglement_interieur_required(0, is_epci=True)


def test_l2121_9_a_third_from_1000_a_majority_below() -> None:
    assert members_needed_to_force_convocation(15, 1_000, is_epci=False) == 5
    assert members_needed_to_force_convocation(19, 2_000, is_epci=False) == 7
    assert members_needed_to_force_convocation(15, 999, is_epci=False) == 8
    assert members_needed_to_force_convocation(11, 300, is_epci=True) == 4


def test_l2121_18_l5211_11_huis_clos_requests() -> None:
    assert members_needed_for_huis_clos_request(is_epci=False) == 3
    assert members_needed_for_huis_clos_request(is_epci=True) == 5


def test_l2121_19_a_tenth_of_members_obtain_a_general_policy_debate() -> None:
    assert members_needed_for_general_policy_debate(15) == 2
    assert members_needed_for_general_policy_debate(30) == 3


def test_councillors_are_the_same_person_by_id_only() -> None:
    assert Councillor(1, "Marie Dupont") == Councillor(1, "Marie Dupont-Martin")
    assert Councillor(1, "Marie Dupont") != Councillor(2, "Marie Dupont")
    assert str(Councillor(1, "Marie Dupont")) == "Marie Dupont"
