"""French public holidays, used to warn about a séance date (RULES §1.4)."""

from datetime import date

import pytest

from domain.holidays import (
    easter_sunday,
    holiday_name,
    is_public_holiday,
    public_holidays,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (1818, date(1818, 3, 22)),
        (2000, date(2000, 4, 23)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter
    assert easter.weekday() == 6


def test_eleven_public_holidays_in_2026() -> None:
    assert public_holidays(2026) == {
        date(2026, 1, 1): "Jour de l'an",
        date(2026, 4, 6): "Lundi de Pâques",
        date(2026, 5, 1): "Fête du Travail",
        date(2026, 5, 8): "Victoire 1945",
        date(2026, 5, 14): "Ascension",
        date(2026, 5, 25): "Lundi de Pentecôte",
        date(2026, 7, 14): "Fête nationale",
        date(2026, 8, 15): "Assomption",
        date(2026, 11, 1): "Toussaint",
        date(2026, 11, 11): "Armistice 1918",
        date(2026, 12, 25): "Noël",
    }


def test_alsace_moselle_adds_good_friday_and_saint_etienne() -> None:
    local = public_holidays(2026, alsace_moselle=True)
    assert len(local) == 13
    assert local[date(2026, 4, 3)] == "Vendredi saint"
    assert local[date(2026, 12, 26)] == "Saint-Étienne"
    assert not is_public_holiday(date(2026, 12, 26))
    assert is_public_holiday(date(2026, 12, 26), alsace_moselle=True)


def test_ascension_on_1_may_keeps_both_names() -> None:
    assert holiday_name(date(2008, 5, 1)) == "Ascension et Fête du Travail"
    assert len(public_holidays(2008)) == 10


def test_easter_based_holidays_in_2027() -> None:
    assert holiday_name(date(2027, 3, 29)) == "Lundi de Pâques"
    assert holiday_name(date(2027, 5, 6)) == "Ascension"
    assert holiday_name(date(2027, 5, 17)) == "Lundi de Pentecôte"


def test_an_ordinary_day_is_no_holiday() -> None:
    assert holiday_name(date(2026, 3, 2)) is None
    assert not is_public_holiday(date(2026, 12, 24))
