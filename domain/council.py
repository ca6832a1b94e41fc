"""The council: its members, its size, and the thresholds that depend on it.

Two population figures exist and must not be mixed (RULES, "Population
figure to use"): the size of the council follows the *population
municipale* (code électoral R25-1), every CGCT threshold (1 000, 3 500…)
follows the *population totale* of the INSEE decree in force on 1 January.
"""

import bisect
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Councillor:
    """A member of the council, as the rules of a séance see him or her.

    Two councillors are the same person when their ids are equal: the name
    (shown in messages) and the birth date (needed to break a tie in a
    nomination, L2121-21) do not take part in comparisons.
    """

    id: Hashable
    name: str = field(compare=False)
    birth_date: date | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return self.name


# CGCT L2121-2 [S: table; K: unchanged by loi n°2025-444]: lower bound of each
# population bracket and its number of seats.
_SEAT_BRACKETS: tuple[tuple[int, int], ...] = (
    (0, 7),
    (100, 11),
    (500, 15),
    (1_500, 19),
    (2_500, 23),
    (3_500, 27),
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
    (300_000, 69),
)
_BRACKET_FLOORS = [floor for floor, _ in _SEAT_BRACKETS]


def council_seats(population_municipale: int) -> int:
    """Number of seats of a municipal council (CGCT L2121-2) [S table / K].

    Quorum is never computed on this number but on the seats actually
    filled (``membres en exercice``): since the March 2026 elections small
    communes may sit with fewer members (RULES §10). Paris, Lyon and
    Marseille have their own rules (L2511-1 and following) [K], not
    covered here.
    """
    if population_municipale < 0:
        raise ValueError("La population ne peut pas être négative.")
    index = bisect.bisect_right(_BRACKET_FLOORS, population_municipale) - 1
    return _SEAT_BRACKETS[index][1]


def minimum_list_size(population_municipale: int) -> int:
    """Fewest candidates a list may present at the municipal elections.

    Since loi n°2025-444, in communes under 1 000 a list may have up to two
    candidates fewer than the seats, which gives the minimum of 5 below 100
    inhabitants [S]. Elsewhere a list is complete.
    """
    seats = council_seats(population_municipale)
    return seats - 2 if population_municipale < 1_000 else seats


def reglement_interieur_required(population_totale: int, *, is_epci: bool) -> bool:
    """A règlement intérieur is mandatory from 1 000 inhabitants and in every
    EPCI, adopted within 6 months of installation (L2121-8, L5211-1) [S]."""
    return is_epci or population_totale >= 1_000


def members_needed_to_force_convocation(
    members_in_office: int, population_totale: int, *, is_epci: bool
) -> int:
    """Members whose reasoned request obliges the maire to convene the council
    within 30 days (L2121-9) [S]: a third of members in office from 1 000
    inhabitants (and in EPCI, L5211-1), a majority below.
    """
    if is_epci or population_totale >= 1_000:
        return -(-members_in_office // 3)
    return members_in_office // 2 + 1


def members_needed_for_huis_clos_request(*, is_epci: bool) -> int:
    """Members who may ask for a closed séance, besides the maire or the
    président alone: 3 in a commune (L2121-18) [K], 5 in an EPCI (L5211-11) [S].
    """
    return 5 if is_epci else 3


def members_needed_for_general_policy_debate(members_in_office: int) -> int:
    """A tenth of the members may obtain, once a year, a debate on the
    commune's general policy at the next séance (L2121-19) [S]."""
    return -(-members_in_office // 10)


Mandate = tuple[date, date | None]  # from its first day to the day it ends


def _holds(mandate: Mandate, day: date) -> bool:
    return mandate[0] <= day and (mandate[1] is None or day < mandate[1])


def _most_at_once(mandate: Mandate, others: list[Mandate]) -> int:
    """The most of ``others`` in office on one same day of ``mandate``: a
    seat left by a resignation is taken by the successor, never by both."""
    days = [mandate[0]] + [
        other[0]
        for other in others
        if other[0] > mandate[0] and _holds(mandate, other[0])
    ]
    return max(sum(1 for other in others if _holds(other, day)) for day in days)


def mandates_over_seats(
    seats: int, in_place: list[Mandate], added: list[Mandate]
) -> list[int]:
    """The positions in ``added`` that would seat more élus than the
    council has seats (L2121-2), taken in order: on no day of its period
    may it sit with ``seats`` others, counting the mandates ``in_place``
    and the earlier ones kept. One élu too many would be counted in every
    quorum and majority.
    """
    kept: list[Mandate] = []
    refused = []
    for position, mandate in enumerate(added):
        if _most_at_once(mandate, [*in_place, *kept]) >= seats:
            refused.append(position)
        else:
            kept.append(mandate)
    return refused
