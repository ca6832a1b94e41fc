"""Counting jours francs: the test vectors of RULES §1.4–1.5 (CGCT L2121-11,
L2121-12, L2121-17) and the properties of the counting."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.jours_francs import (
    ConvocationCase,
    DateWarningKind,
    check_convocation,
    count_jours_francs,
    earliest_seance_date,
    is_valid_delay,
    latest_sending_date,
    local_date,
    note_de_synthese_required,
    required_jours_francs,
    seance_date_warnings,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def jours_francs_between(sending: date, seance: date) -> list[date]:
    return [sending + timedelta(days=i) for i in range(1, (seance - sending).days)]


def assert_vector(
    case: ConvocationCase,
    sent: date,
    n: int,
    counted: list[date],
    earliest: date,
    earliest_weekday: int,
) -> None:
    """One line of the table of RULES §1.5, checked in every direction."""
    assert required_jours_francs(case) == n
    seance = earliest_seance_date(sent, n)
    assert seance == earliest
    assert seance.weekday() == earliest_weekday
    assert jours_francs_between(sent, seance) == counted
    assert count_jours_francs(sent, seance) == n
    assert is_valid_delay(sent, seance, n)
    assert not is_valid_delay(sent, seance - timedelta(days=1), n)
    assert latest_sending_date(seance, n) == sent


# RULES §1.5, vectors 1 to 10.


def test_l2121_11_three_jours_francs_below_3500_inhabitants() -> None:
    """Vector 1: 800 inhabitants, sent Mon 2 March 2026, séance from Fri 6."""
    sent = date(2026, 3, 2)
    assert sent.weekday() == MON
    assert_vector(
        ConvocationCase(population=800),
        sent,
        3,
        [date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 5)],
        date(2026, 3, 6),
        FRI,
    )


def test_l2121_12_five_jours_francs_from_3500_inhabitants_even_ending_on_sunday() -> (
    None
):
    """Vector 2: 5 000 inhabitants; the earliest day is a Sunday, not moved to
    Monday (RULES §1.4 rule 2), and the date draws a warning."""
    sent = date(2026, 3, 2)
    assert_vector(
        ConvocationCase(population=5_000),
        sent,
        5,
        [date(2026, 3, day) for day in range(3, 8)],
        date(2026, 3, 8),
        SUN,
    )
    kinds = [w.kind for w in seance_date_warnings(date(2026, 3, 8))]
    assert kinds == [DateWarningKind.SUNDAY]


def test_l2121_11_threshold_minus_one_3499_inhabitants_weekend_counts() -> None:
    """Vector 3: 3 499 inhabitants is "moins de 3 500"; Saturday and Sunday
    count as jours francs."""
    sent = date(2026, 1, 9)
    assert sent.weekday() == FRI
    assert_vector(
        ConvocationCase(population=3_499),
        sent,
        3,
        [date(2026, 1, 10), date(2026, 1, 11), date(2026, 1, 12)],
        date(2026, 1, 13),
        TUE,
    )


def test_l2121_12_threshold_3500_inhabitants_is_inclusive() -> None:
    """Vector 4: 3 500 inhabitants is "3 500 habitants et plus"."""
    assert_vector(
        ConvocationCase(population=3_500),
        date(2026, 1, 9),
        5,
        [date(2026, 1, day) for day in range(10, 15)],
        date(2026, 1, 15),
        THU,
    )


def test_l2121_11_christmas_counts_as_a_jour_franc_without_extension() -> None:
    """Vector 5: a public holiday inside the delay counts (CE 13/10/1993
    n°141677)."""
    sent = date(2026, 12, 23)
    assert sent.weekday() == WED
    assert_vector(
        ConvocationCase(population=2_000),
        sent,
        3,
        [date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)],
        date(2026, 12, 27),
        SUN,
    )


def test_l2121_12_icpe_item_below_3500_needs_five_jours_francs() -> None:
    """Vector 6: 1 200 inhabitants with an ICPE item; 1 May counts."""
    case = ConvocationCase(population=1_200, has_icpe_item=True)
    assert_vector(
        case,
        date(2026, 4, 28),
        5,
        [
            date(2026, 4, 29),
            date(2026, 4, 30),
            date(2026, 5, 1),
            date(2026, 5, 2),
            date(2026, 5, 3),
        ],
        date(2026, 5, 4),
        MON,
    )
    assert note_de_synthese_required(case)


def test_l2121_12_urgence_one_jour_franc_whatever_the_size() -> None:
    """Vector 7: 12 000 inhabitants in an emergency."""
    assert_vector(
        ConvocationCase(population=12_000, urgence=True),
        date(2026, 6, 15),
        1,
        [date(2026, 6, 16)],
        date(2026, 6, 17),
        WED,
    )


def test_l2121_12_leap_day_counts() -> None:
    """Vector 8: 29 February 2028 is one of the five jours francs."""
    sent = date(2028, 2, 24)
    assert sent.weekday() == THU
    assert_vector(
        ConvocationCase(population=4_200),
        sent,
        5,
        [date(2028, 2, day) for day in range(25, 30)],
        date(2028, 3, 1),
        WED,
    )


def test_l2121_11_seance_on_14_july_is_legal_with_a_warning() -> None:
    """Vector 9: the earliest séance falls on the Fête nationale."""
    sent = date(2026, 7, 10)
    assert_vector(
        ConvocationCase(population=600),
        sent,
        3,
        [date(2026, 7, 11), date(2026, 7, 12), date(2026, 7, 13)],
        date(2026, 7, 14),
        TUE,
    )
    check = check_convocation(ConvocationCase(population=600), sent, date(2026, 7, 14))
    assert check.valid
    assert [w.kind for w in check.warnings] == [DateWarningKind.PUBLIC_HOLIDAY]
    assert "Fête nationale" in check.warnings[0].message


def test_l2121_12_delay_runs_across_the_new_year() -> None:
    """Vector 10: 9 000 inhabitants, 1 January inside the delay."""
    assert_vector(
        ConvocationCase(population=9_000),
        date(2026, 12, 28),
        5,
        [
            date(2026, 12, 29),
            date(2026, 12, 30),
            date(2026, 12, 31),
            date(2027, 1, 1),
            date(2027, 1, 2),
        ],
        date(2027, 1, 3),
        SUN,
    )


# RULES §1.5, reverse checks.


def test_l2121_12_latest_sending_for_thursday_seance_with_five_jours_francs() -> None:
    seance = date(2026, 2, 12)
    assert seance.weekday() == THU
    latest = latest_sending_date(seance, 5)
    assert latest == date(2026, 2, 6)
    assert latest.weekday() == FRI


def test_l2121_11_latest_sending_for_thursday_seance_with_three_jours_francs() -> None:
    latest = latest_sending_date(date(2026, 2, 12), 3)
    assert latest == date(2026, 2, 8)
    assert latest.weekday() == SUN


def test_l2121_11_convocation_for_tomorrow_leaves_zero_jour_franc() -> None:
    """Sent on a séance day for the next day: 0 jf, invalid even in urgence."""
    sent = date(2026, 2, 12)
    assert count_jours_francs(sent, sent + timedelta(days=1)) == 0
    assert not is_valid_delay(sent, sent + timedelta(days=1), 1)
    assert count_jours_francs(sent, sent) == 0


def test_l2121_17_reconvocation_sent_monday_allows_friday() -> None:
    """CE 16/06/1997 *Pfister*: 3 jf between sending and the second séance."""
    case = ConvocationCase(population=5_000, after_failed_quorum=True)
    monday = date(2026, 3, 2)
    assert required_jours_francs(case) == 3
    assert earliest_seance_date(monday, 3) == date(2026, 3, 6)
    assert earliest_seance_date(monday, 3).weekday() == FRI


def test_l2121_17_reconvocation_sent_friday_cannot_meet_next_monday() -> None:
    friday = date(2026, 3, 6)
    assert not is_valid_delay(friday, date(2026, 3, 9), 3)
    assert is_valid_delay(friday, date(2026, 3, 10), 3)


# Counting and its inputs (RULES §1.4).


def test_local_date_uses_the_commune_calendar_not_utc() -> None:
    """RULES §1.4 rule 4: 23:30 UTC on 2 March is 3 March in Paris."""
    assert local_date(datetime(2026, 3, 2, 23, 30, tzinfo=UTC)) == date(2026, 3, 3)
    paris = ZoneInfo("Europe/Paris")
    assert local_date(datetime(2026, 3, 2, 23, 59, tzinfo=paris)) == date(2026, 3, 2)
    reunion = ZoneInfo("Indian/Reunion")
    assert local_date(datetime(2026, 3, 2, 21, 0, tzinfo=UTC), reunion) == date(
        2026, 3, 3
    )


def test_local_date_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="fuseau"):
        local_date(datetime(2026, 3, 2, 12, 0))  # noqa: DTZ001 - the point of the test


def test_jours_francs_refuse_datetimes() -> None:
    moment = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    with pytest.raises(TypeError):
        count_jours_francs(moment, date(2026, 3, 9))
    with pytest.raises(TypeError):
        latest_sending_date(moment, 3)
    with pytest.raises(TypeError):
        earliest_seance_date(moment, 3)


@pytest.mark.parametrize("n", [0, -1])
def test_a_delay_counts_at_least_one_jour_franc(n: int) -> None:
    with pytest.raises(ValueError, match="au moins un jour franc"):
        earliest_seance_date(date(2026, 3, 2), n)


def test_a_seance_before_the_sending_counts_no_jour_franc() -> None:
    assert count_jours_francs(date(2026, 3, 10), date(2026, 3, 2)) == 0
    assert not is_valid_delay(date(2026, 3, 10), date(2026, 3, 2), 1)


def test_check_convocation_reports_the_latest_sending_date() -> None:
    case = ConvocationCase(population=5_000)
    check = check_convocation(case, date(2026, 2, 7), date(2026, 2, 12))
    assert not check.valid
    assert check.jours_francs_counted == 4
    assert check.latest_sending_date == date(2026, 2, 6)
    assert check.note_de_synthese_required
    assert check.delay.reason.startswith("Commune de 3 500 habitants et plus")
    assert check.warnings == ()


# Properties, for every date and every delay in use.

days = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))
delays = st.sampled_from([1, 3, 5])


@given(day=days, n=delays)
def test_earliest_seance_and_latest_sending_are_inverse(day: date, n: int) -> None:
    assert latest_sending_date(earliest_seance_date(day, n), n) == day
    assert earliest_seance_date(latest_sending_date(day, n), n) == day


@given(sending=days, seance=days, n=delays)
def test_is_valid_delay_agrees_with_earliest_and_latest(
    sending: date, seance: date, n: int
) -> None:
    valid = is_valid_delay(sending, seance, n)
    assert valid == (seance >= earliest_seance_date(sending, n))
    assert valid == (sending <= latest_sending_date(seance, n))
    assert valid == (count_jours_francs(sending, seance) >= n)


@given(sending=days, n=delays)
def test_earliest_seance_is_the_first_valid_day(sending: date, n: int) -> None:
    earliest = earliest_seance_date(sending, n)
    assert is_valid_delay(sending, earliest, n)
    assert not is_valid_delay(sending, earliest - timedelta(days=1), n)
    assert count_jours_francs(sending, earliest) == n
