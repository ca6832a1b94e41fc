"""Nominations to a single seat by the council (CGCT L2121-21), RULES §4.

Up to three rounds, in secret unless the council unanimously decided
otherwise (``domain.votes.vote_mode``): an absolute majority of the
suffrages exprimés is needed in rounds 1 and 2, a relative majority in
round 3, where a tie elects the oldest candidate [S]. Blank and spoiled
papers are not exprimés [S].

Only totals per candidate are ever passed in: who voted for whom in a
secret ballot is never known here.

Elections with several seats at once (list votes, proportional
representation for commissions) follow other rules and are not covered.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from domain.council import Councillor
from domain.votes import VoteError

LAST_ROUND = 3


@dataclass(frozen=True)
class NominationRound:
    round_number: int
    votes: Mapping[Councillor, int]
    blancs_ou_nuls: int
    elected: Councillor | None
    decided_by_age: bool
    explanation: str

    @property
    def suffrages_exprimes(self) -> int:
        return sum(self.votes.values())

    @property
    def votants(self) -> int:
        return self.suffrages_exprimes + self.blancs_ou_nuls

    @property
    def absolute_majority(self) -> int:
        """More than half of the suffrages exprimés."""
        return self.suffrages_exprimes // 2 + 1

    @property
    def next_round(self) -> int | None:
        """The round to hold next, when nobody is elected."""
        return self.round_number + 1 if self.elected is None else None


def count_nomination_round(
    round_number: int,
    votes: Mapping[Councillor, int],
    *,
    blancs_ou_nuls: int = 0,
    max_votants: int | None = None,
) -> NominationRound:
    """Who is elected at this round, if anyone.

    ``votes`` gives each candidate's total; ``max_votants`` (members present
    plus procurations that vote), when given, bounds the papers counted.
    Candidates need a ``birth_date`` only when round 3 ends in a tie.
    """
    _check_figures(round_number, votes, blancs_ou_nuls, max_votants)
    exprimes = sum(votes.values())
    best = max(votes.values())
    leaders = [candidate for candidate, count in votes.items() if count == best]

    if round_number < LAST_ROUND:
        if 2 * best > exprimes:
            return _elected(round_number, votes, blancs_ou_nuls, leaders[0], False)
        return NominationRound(
            round_number,
            dict(votes),
            blancs_ou_nuls,
            elected=None,
            decided_by_age=False,
            explanation=(
                f"Tour {round_number} : aucun candidat n'obtient la majorité absolue "
                f"({exprimes // 2 + 1} voix sur {exprimes} suffrages exprimés). "
                f"Un tour {round_number + 1} est nécessaire."
            ),
        )

    if exprimes == 0:
        return NominationRound(
            round_number,
            dict(votes),
            blancs_ou_nuls,
            elected=None,
            decided_by_age=False,
            explanation=(
                "Tour 3 : aucun suffrage exprimé, personne n'est élu. "
                "La désignation est à reprendre."
            ),
        )
    if len(leaders) == 1:
        return _elected(round_number, votes, blancs_ou_nuls, leaders[0], False)
    return _elected(round_number, votes, blancs_ou_nuls, oldest(leaders), True)


def oldest(candidates: list[Councillor]) -> Councillor:
    """The oldest of candidates tied at round 3 (L2121-21) [S]."""
    births: dict[Councillor, date] = {}
    for candidate in candidates:
        if candidate.birth_date is None:
            raise VoteError(
                f"La date de naissance de {candidate} est nécessaire pour "
                "départager l'égalité des voix au bénéfice de l'âge."
            )
        births[candidate] = candidate.birth_date
    earliest = min(births.values())
    eldest = [candidate for candidate, born in births.items() if born == earliest]
    if len(eldest) > 1:
        names = " et ".join(str(candidate) for candidate in eldest)
        raise VoteError(
            f"{names} sont à égalité de voix et nés le même jour : "
            "la loi ne dit pas comment les départager."
        )
    return eldest[0]


def _elected(
    round_number: int,
    votes: Mapping[Councillor, int],
    blancs_ou_nuls: int,
    winner: Councillor,
    by_age: bool,
) -> NominationRound:
    majority = "relative" if round_number == LAST_ROUND else "absolue"
    explanation = (
        f"Tour {round_number} : {winner} est élu(e) à la majorité {majority} "
        f"avec {votes[winner]} voix sur {sum(votes.values())} suffrages exprimés"
    )
    if by_age:
        explanation += ", au bénéfice de l'âge (égalité des voix)"
    return NominationRound(
        round_number,
        dict(votes),
        blancs_ou_nuls,
        elected=winner,
        decided_by_age=by_age,
        explanation=explanation + ".",
    )


def _check_figures(
    round_number: int,
    votes: Mapping[Councillor, int],
    blancs_ou_nuls: int,
    max_votants: int | None,
) -> None:
    if not 1 <= round_number <= LAST_ROUND:
        raise VoteError("Une nomination se fait en trois tours au plus.")
    if not votes:
        raise VoteError("Il faut au moins un candidat.")
    if blancs_ou_nuls < 0 or min(votes.values()) < 0:
        raise VoteError("Un total de dépouillement ne peut être négatif.")
    papers = sum(votes.values()) + blancs_ou_nuls
    if max_votants is not None and papers > max_votants:
        raise VoteError(
            f"{papers} bulletins dépouillés pour {max_votants} membres présents "
            "ou représentés : le décompte est à reprendre."
        )
