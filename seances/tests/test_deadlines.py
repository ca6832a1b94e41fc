"""The colour of the convocation deadline, as the séance page and the
dashboard show it."""

from datetime import date, timedelta

import pytest

from domain.jours_francs import ConvocationDelay
from seances.deadlines import Deadline

DELAY = ConvocationDelay(3, "L2121-11", "3 jours francs")


def _deadline(days_left: int) -> Deadline:
    today = date(2026, 3, 2)
    return Deadline(
        delay=DELAY,
        latest=today + timedelta(days=days_left),
        days_left=days_left,
        note_de_synthese=False,
        warnings=(),
    )


@pytest.mark.parametrize(
    ("days_left", "level"),
    [
        (30, "info"),
        (8, "info"),
        (7, "warning"),
        (3, "warning"),
        (2, "error"),
        (0, "error"),
        (-1, "error"),
    ],
)
def test_the_deadline_turns_orange_at_7_days_and_red_under_3_days(
    days_left: int, level: str
) -> None:
    assert _deadline(days_left).level == level


def test_the_deadline_is_passed_only_the_day_after_the_last_day() -> None:
    assert not _deadline(0).passed
    assert _deadline(-1).passed
