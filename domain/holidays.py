"""French public holidays (jours fériés), for warnings on séance dates.

A séance on a public holiday is legal, and holidays count as jours francs
(RULES §1.4); this module only lets the application warn about the date.

The list is the one of code du travail L3133-1 [K]. Alsace-Moselle adds
Good Friday and 26 December (code du travail L3134-13) [K].

TODO(holidays): overseas départements add a day for the abolition of slavery
(Guadeloupe 27 May, Martinique 22 May, Guyane 10 June, La Réunion
20 December, Mayotte 27 April) [K]; add them when an overseas commune uses
Quorum, since a missing one only loses a warning.
"""

from datetime import date, timedelta


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int, *, alsace_moselle: bool = False) -> dict[date, str]:
    """The public holidays of ``year``, by date, with their French name."""
    easter = easter_sunday(year)
    days = [
        (date(year, 1, 1), "Jour de l'an"),
        (easter + timedelta(days=1), "Lundi de Pâques"),
        (date(year, 5, 1), "Fête du Travail"),
        (date(year, 5, 8), "Victoire 1945"),
        (easter + timedelta(days=39), "Ascension"),
        # Whit Monday stays a public holiday even where it is the
        # "journée de solidarité" worked by employees.
        (easter + timedelta(days=50), "Lundi de Pentecôte"),
        (date(year, 7, 14), "Fête nationale"),
        (date(year, 8, 15), "Assomption"),
        (date(year, 11, 1), "Toussaint"),
        (date(year, 11, 11), "Armistice 1918"),
        (date(year, 12, 25), "Noël"),
    ]
    if alsace_moselle:
        days += [
            (easter - timedelta(days=2), "Vendredi saint"),
            (date(year, 12, 26), "Saint-Étienne"),
        ]

    # Ascension falls on 1 May (2008) or 8 May (2059) in some years: keep both names.
    holidays: dict[date, str] = {}
    for day, name in sorted(days):
        holidays[day] = f"{holidays[day]} et {name}" if day in holidays else name
    return holidays


def holiday_name(day: date, *, alsace_moselle: bool = False) -> str | None:
    """The name of the public holiday falling on ``day``, or None."""
    return public_holidays(day.year, alsace_moselle=alsace_moselle).get(day)


def is_public_holiday(day: date, *, alsace_moselle: bool = False) -> bool:
    return holiday_name(day, alsace_moselle=alsace_moselle) is not None
