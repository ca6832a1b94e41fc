"""When a séance may be opened and its moments dated (CGCT L2121-10,
L2121-12, L2121-17, L2121-20), and the seats of the council (L2121-2)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from domain.council import mandates_over_seats
from domain.procurations import Procuration
from domain.sitting import (
    absent_mandataire_refusals,
    moment_refusal,
    opening_day_refusal,
    typed_moment,
)
from domain.tests.people import council

PARIS = ZoneInfo("Europe/Paris")
DAY = date(2026, 12, 4)
OPENED = datetime(2026, 12, 4, 9, 51, 30, tzinfo=PARIS)
NOW = datetime(2026, 12, 4, 11, 20, tzinfo=PARIS)


def test_l2121_10_a_seance_opens_on_the_day_convened() -> None:
    assert opening_day_refusal(DAY, DAY) is None


def test_l2121_12_opened_before_its_day_the_jours_francs_would_be_cut() -> None:
    refusal = opening_day_refusal(DAY, date(2026, 12, 3))

    assert refusal is not None
    assert "04/12/2026" in refusal
    assert "jours francs serait raccourci" in refusal
    assert "nouvelle convocation" in refusal


def test_l2121_10_a_later_day_is_another_meeting_to_convene_again() -> None:
    refusal = opening_day_refusal(DAY, date(2026, 12, 5))

    assert refusal is not None
    assert "nouvelle convocation" in refusal
    assert "L2121-17" in refusal  # the path after a failed quorum, said


def test_l2121_17_a_departure_before_the_opening_is_refused() -> None:
    refusal = moment_refusal(
        datetime(2026, 12, 4, 8, 0, tzinfo=PARIS),
        opened_at=OPENED,
        until=NOW,
        what="Un départ",
    )

    assert refusal == (
        "Un départ ne peut pas être avant l'ouverture de la séance, à 09h51."
    )


def test_l2121_17_a_moment_after_now_is_refused() -> None:
    refusal = moment_refusal(
        datetime(2026, 12, 4, 11, 21, tzinfo=PARIS),
        opened_at=OPENED,
        until=NOW,
        what="La clôture",
    )

    assert refusal is not None
    assert "après 11h20" in refusal


def test_l2121_17_moments_from_the_minute_of_the_opening_to_now_are_accepted() -> None:
    for moment in (
        datetime(2026, 12, 4, 9, 51, tzinfo=PARIS),  # typed to the minute
        OPENED,
        datetime(2026, 12, 4, 10, 30, tzinfo=PARIS),
        NOW,
    ):
        assert moment_refusal(moment, opened_at=OPENED, until=NOW, what="x") is None


def test_a_typed_time_is_on_the_day_of_the_opening_or_after_midnight() -> None:
    evening = datetime(2026, 12, 4, 20, 2, tzinfo=PARIS)

    assert typed_moment(evening, time(21, 5), PARIS) == datetime(
        2026, 12, 4, 21, 5, tzinfo=PARIS
    )
    assert typed_moment(evening, time(0, 20), PARIS) == datetime(
        2026, 12, 5, 0, 20, tzinfo=PARIS
    )
    assert typed_moment(evening, time(20, 2), PARIS) == datetime(
        2026, 12, 4, 20, 2, tzinfo=PARIS
    )


def test_l2121_20_a_procuration_to_an_absent_mandataire_is_refused() -> None:
    members = council(5)
    mandant, present, absent = members[0], members[1], members[2]

    kept = absent_mandataire_refusals(
        [Procuration(mandant, present)], frozenset({present})
    )
    refused = absent_mandataire_refusals(
        [Procuration(mandant, absent)], frozenset({present})
    )

    assert kept == []
    assert len(refused) == 1
    assert f"{absent} n'est pas présent(e) à l'appel" in refused[0]
    assert "L2121-20" in refused[0]


def test_l2121_2_mandates_beyond_the_seats_are_refused_in_order() -> None:
    start = date(2026, 3, 20)
    in_place = [(start, None)] * 14

    assert mandates_over_seats(15, in_place, [(start, None)]) == []
    assert mandates_over_seats(15, in_place, [(start, None), (start, None)]) == [1]
    assert mandates_over_seats(15, [(start, None)] * 15, [(start, None)]) == [0]


def test_l2121_2_a_mandate_after_an_ended_one_takes_its_seat() -> None:
    start, resigned = date(2026, 3, 20), date(2026, 9, 14)
    in_place = [(start, None)] * 14 + [(start, resigned)]

    assert mandates_over_seats(15, in_place, [(resigned, None)]) == []
    assert mandates_over_seats(15, in_place, [(date(2026, 9, 1), None)]) == [0]


def test_l2121_2_successive_mandates_share_one_seat() -> None:
    """A mandate over the whole term sits beside a resigned member, then
    beside the successor, never beside both: one seat between them."""
    start, resigned = date(2020, 5, 25), date(2021, 6, 30)
    in_place = [(start, None)] * 13 + [(start, resigned), (resigned, None)]

    assert mandates_over_seats(15, in_place, [(start, None)]) == []
    assert mandates_over_seats(15, in_place, [(start, None), (start, None)]) == [1]
