"""Fictitious councillors for the domain tests."""

from datetime import date

from domain.council import Councillor

MARIE = Councillor("marie", "Marie Dupont", date(1961, 4, 2))
JEAN = Councillor("jean", "Jean Martin", date(1975, 9, 30))
LUCIE = Councillor("lucie", "Lucie Bernard", date(1988, 1, 15))
PAUL = Councillor("paul", "Paul Petit", date(1953, 6, 11))


def council(size: int) -> list[Councillor]:
    """``size`` distinct councillors, born one year apart from 1950."""
    return [
        Councillor(
            f"c{number:02}", f"Conseiller {number:02}", date(1950 + number, 1, 1)
        )
        for number in range(1, size + 1)
    ]
