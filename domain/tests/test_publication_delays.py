"""The weeks after a séance to publish its list of délibérations (CGCT
L2121-25) and its procès-verbal (CGCT L2121-15)."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.publication_delays import (
    LISTE,
    PROCES_VERBAL,
    liste_deliberations_due,
    proces_verbal_due,
    publication_duties,
)


def test_liste_of_a_monday_seance_is_due_the_next_monday_l2121_25() -> None:
    assert liste_deliberations_due(date(2027, 3, 15)) == date(2027, 3, 22)


def test_a_week_is_not_extended_over_a_sunday_or_a_holiday_l2121_25() -> None:
    # Saturday 8 May 2027: due Saturday 15 May, not the next working day.
    assert liste_deliberations_due(date(2027, 5, 8)) == date(2027, 5, 15)


def test_proces_verbal_is_due_a_week_after_the_seance_approving_it_l2121_15() -> None:
    duties = publication_duties([date(2027, 1, 20), date(2027, 3, 15)])

    pv = [duty for duty in duties if duty.kind == PROCES_VERBAL]
    assert len(pv) == 1
    assert pv[0].seance_day == date(2027, 1, 20)
    assert pv[0].due == date(2027, 3, 22)
    assert pv[0].article == "L2121-15"


def test_the_last_seance_has_no_proces_verbal_due_yet_l2121_15() -> None:
    duties = publication_duties([date(2027, 3, 15)])

    assert [duty.kind for duty in duties] == [LISTE]


def test_an_instant_is_refused() -> None:
    with pytest.raises(TypeError):
        proces_verbal_due(datetime(2027, 3, 15, 20, tzinfo=UTC))
    with pytest.raises(TypeError):
        publication_duties([datetime(2027, 3, 15, 20, tzinfo=UTC)])


@given(st.lists(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1))))
def test_every_seance_has_its_list_and_all_but_the_last_their_pv_l2121_15_l2121_25(
    days: list[date],
) -> None:
    duties = publication_duties(days)

    held = sorted(set(days))
    listes = [duty for duty in duties if duty.kind == LISTE]
    pvs = [duty for duty in duties if duty.kind == PROCES_VERBAL]
    assert sorted(duty.seance_day for duty in listes) == held
    assert sorted(duty.seance_day for duty in pvs) == held[:-1]
    assert all(duty.due == duty.seance_day + timedelta(days=7) for duty in listes)
    assert all(duty.due > duty.seance_day + timedelta(days=7) for duty in pvs)
    assert [duty.due for duty in duties] == sorted(duty.due for duty in duties)
