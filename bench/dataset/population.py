"""How many inhabitants the communes of France have: a small table of
population brackets, to draw communes that look like the real ones.

The three brackets under 500 inhabitants are INSEE's own figures: *Plus
d'une commune métropolitaine sur deux compte moins de 500 habitants*,
Insee Focus, figure 1 (https://www.insee.fr/fr/statistiques/1908488),
recensement de la population 2013, 36 529 communes of metropolitan France:
3 485 under 100, 5 860 from 100 to 199, 10 408 from 200 to 499 (54 %),
and 16 776 of 500 or more.

TODO(dataset-population): the split of the 16 776 communes of 500 or more
below is our rounding of the DGCL's yearly *Les collectivités locales en
chiffres* (table "les communes par taille"), not copied from it; replace
it by the exact table of the year when someone has it at hand. The shape
that matters here (half under 500, three quarters under 1 000, a few dozen
cities over 100 000) does not depend on that rounding.
"""

import math
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Bracket:
    low: int  # inhabitants, included
    high: int  # excluded
    communes: int


BRACKETS: tuple[Bracket, ...] = (
    Bracket(10, 100, 3_485),
    Bracket(100, 200, 5_860),
    Bracket(200, 500, 10_408),
    Bracket(500, 1_000, 7_200),
    Bracket(1_000, 2_000, 4_620),
    Bracket(2_000, 3_500, 2_050),
    Bracket(3_500, 5_000, 860),
    Bracket(5_000, 10_000, 1_100),
    Bracket(10_000, 20_000, 500),
    Bracket(20_000, 50_000, 320),
    Bracket(50_000, 100_000, 86),
    Bracket(100_000, 900_000, 40),
)
COMMUNES = sum(bracket.communes for bracket in BRACKETS)
# 36 529 in all, the INSEE total of the same year (checked by a test).


def draw_population(rng: random.Random) -> int:
    """A commune's population: its bracket drawn with the weight of the
    communes in it, then a value spread evenly on a log scale inside it (in
    each bracket small communes are more numerous than large ones)."""
    bracket = rng.choices(BRACKETS, weights=[b.communes for b in BRACKETS])[0]
    low, high = math.log(bracket.low), math.log(bracket.high)
    return min(bracket.high - 1, int(math.exp(rng.uniform(low, high))))


def share_below(inhabitants: int) -> float:
    """The share of the table's communes under ``inhabitants`` (a bracket
    boundary), to compare a drawn dataset with it."""
    below = sum(b.communes for b in BRACKETS if b.high <= inhabitants)
    return below / COMMUNES
