"""Which convocation delay applies, the note de synthèse, the quarterly
séance and the date warnings: RULES §1.1–1.4 (CGCT L2121-7, L2121-11,
L2121-12, L2121-17, L2541-2, L5211-1, L5211-8)."""

from datetime import date

import pytest

from domain.jours_francs import (
    ConvocationCase,
    DateWarningKind,
    check_convocation,
    convocation_delay,
    note_de_synthese_required,
    quarters_without_seance,
    required_jours_francs,
    seance_date_warnings,
)

# Which delay applies (RULES §1.3).


@pytest.mark.parametrize(
    ("case", "expected", "article"),
    [
        (ConvocationCase(population=0), 3, "L2121-11"),
        (ConvocationCase(population=3_499), 3, "L2121-11"),
        (ConvocationCase(population=3_500), 5, "L2121-12"),
        (ConvocationCase(population=200, is_epci=True), 5, "L5211-1"),
        (ConvocationCase(population=200, has_icpe_item=True), 5, "L2121-12"),
        (ConvocationCase(population=200, urgence=True), 1, "L2121-11"),
        (ConvocationCase(population=80_000, urgence=True), 1, "L2121-12"),
        (ConvocationCase(population=200, is_epci=True, urgence=True), 1, "L2121-11"),
        (
            ConvocationCase(population=1_000, has_icpe_item=True, urgence=True),
            1,
            "L2121-12",
        ),
    ],
)
def test_l2121_11_l2121_12_l5211_1_ordinary_and_urgent_delays(
    case: ConvocationCase, expected: int, article: str
) -> None:
    delay = convocation_delay(case)
    assert delay.jours_francs == expected
    assert article in delay.article


def test_l2121_7_first_seance_after_renewal_is_three_jours_francs_from_3500() -> None:
    case = ConvocationCase(population=12_000, first_after_renewal=True)
    assert convocation_delay(case).jours_francs == 3
    assert "L2121-7" in convocation_delay(case).article
    assert note_de_synthese_required(case)


def test_l2121_7_first_seance_after_renewal_below_3500_stays_three() -> None:
    assert required_jours_francs(ConvocationCase(1_000, first_after_renewal=True)) == 3


def test_l5211_8_first_epci_seance_after_renewal_keeps_five_jours_francs() -> None:
    """CE 22/07/2015 n°383072: the 3 jf derogation is for communes only."""
    case = ConvocationCase(population=0, is_epci=True, first_after_renewal=True)
    assert required_jours_francs(case) == 5


def test_l2121_7_first_seance_is_not_shortened_by_urgence() -> None:
    """Safe reading [?]: L2121-7 has its own delay."""
    case = ConvocationCase(population=12_000, first_after_renewal=True, urgence=True)
    assert required_jours_francs(case) == 3


def test_l2121_7_first_seance_below_3500_with_icpe_item_keeps_five() -> None:
    """Safe reading [?]: the ICPE delay of L2121-12 still applies."""
    case = ConvocationCase(population=900, first_after_renewal=True, has_icpe_item=True)
    assert required_jours_francs(case) == 5


def test_l2121_17_reconvocation_is_three_jours_francs_even_in_urgence() -> None:
    """Safe reading [?]: L2121-17's own delay, not shortened by urgence."""
    for population in (300, 3_500, 90_000):
        case = ConvocationCase(population, after_failed_quorum=True, urgence=True)
        assert required_jours_francs(case) == 3


def test_l2121_17_reconvocation_of_an_epci_is_three_jours_francs() -> None:
    case = ConvocationCase(population=0, is_epci=True, after_failed_quorum=True)
    assert required_jours_francs(case) == 3


def test_l2541_2_alsace_moselle_below_3500_reads_three_days_as_jours_francs() -> None:
    delay = convocation_delay(ConvocationCase(population=800, alsace_moselle=True))
    assert delay.jours_francs == 3
    assert delay.article == "CGCT L2541-2"


def test_l2541_2_alsace_moselle_urgence_keeps_one_jour_franc_not_la_veille() -> None:
    """Safe reading [?]: "la veille" (0 jf) is not relied upon."""
    case = ConvocationCase(population=800, alsace_moselle=True, urgence=True)
    assert required_jours_francs(case) == 1


def test_l2541_1_alsace_moselle_from_3500_follows_general_law() -> None:
    """RM Sénat 17/10/1996: 5 jf and the note de synthèse from 3 500."""
    case = ConvocationCase(population=3_500, alsace_moselle=True)
    assert convocation_delay(case).jours_francs == 5
    assert convocation_delay(case).article == "CGCT L2121-12"
    assert note_de_synthese_required(case)


def test_l2121_12_alsace_moselle_icpe_item_needs_five_jours_francs() -> None:
    case = ConvocationCase(population=800, alsace_moselle=True, has_icpe_item=True)
    assert required_jours_francs(case) == 5


def test_population_cannot_be_negative() -> None:
    with pytest.raises(ValueError, match="négative"):
        ConvocationCase(population=-1)


# Note explicative de synthèse (L2121-12, L5211-1).


@pytest.mark.parametrize(
    ("case", "required"),
    [
        (ConvocationCase(population=3_499), False),
        (ConvocationCase(population=3_499, urgence=True), False),
        (ConvocationCase(population=3_500), True),
        (ConvocationCase(population=3_500, urgence=True), True),
        (ConvocationCase(population=120, has_icpe_item=True), True),
        (ConvocationCase(population=120, is_epci=True), True),
        (ConvocationCase(population=120, alsace_moselle=True), False),
    ],
)
def test_l2121_12_note_de_synthese_required(
    case: ConvocationCase, required: bool
) -> None:
    assert note_de_synthese_required(case) is required


# L2121-7: at least one séance per calendar quarter.


def test_l2121_7_quarters_without_seance() -> None:
    seances = [
        date(2026, 1, 30),
        date(2026, 3, 31),
        date(2026, 10, 1),
        date(2027, 4, 2),
    ]
    assert quarters_without_seance(2026, seances) == [2, 3]


def test_l2121_7_every_quarter_lacks_a_seance_in_an_empty_year() -> None:
    assert quarters_without_seance(2026, []) == [1, 2, 3, 4]


def test_l2121_7_quarter_boundaries() -> None:
    seances = [
        date(2026, 3, 31),
        date(2026, 4, 1),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]
    assert quarters_without_seance(2026, seances) == []


# Warnings on the séance date (RULES §1.4 rule 5 [?]).


def test_a_saturday_or_a_weekday_draws_no_warning() -> None:
    assert seance_date_warnings(date(2026, 3, 7)) == []
    assert seance_date_warnings(date(2026, 3, 9)) == []


def test_a_sunday_public_holiday_draws_both_warnings() -> None:
    warnings = seance_date_warnings(date(2026, 11, 1))
    assert [w.kind for w in warnings] == [
        DateWarningKind.SUNDAY,
        DateWarningKind.PUBLIC_HOLIDAY,
    ]
    assert "Toussaint" in warnings[1].message


def test_good_friday_warns_only_in_alsace_moselle() -> None:
    good_friday = date(2026, 4, 3)
    assert seance_date_warnings(good_friday) == []
    warnings = seance_date_warnings(good_friday, alsace_moselle=True)
    assert [w.kind for w in warnings] == [DateWarningKind.PUBLIC_HOLIDAY]
    case = ConvocationCase(population=800, alsace_moselle=True)
    check = check_convocation(case, date(2026, 3, 27), good_friday)
    assert check.valid
    assert len(check.warnings) == 1
