"""Who is in the room during a séance, point by point (CGCT L2121-17,
L2121-20, L2131-11), RULES §2 to §4.

The roll call says who is present when the séance opens and which written
procurations are handed in. Then members arrive late or leave early; a
member who leaves may hand a procuration to a colleague for the remaining
points [K]. ``presence_at`` replays that timeline up to a moment: the
opening of a point (for its quorum) or its vote (for its voters).

``point_voters`` then says, for one point, who votes in person, whose
procuration votes through whom, and who must stand aside because of a
personal interest in the matter (L2131-11): an interested member counts
neither as a voter nor for the procuration he holds or gave [S].
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from domain.council import Councillor
from domain.procurations import Procuration, proxies_for_point
from domain.votes import (
    Ballot,
    Choice,
    VoteError,
    VoteMode,
    VoteResult,
    ballots_tous_pour_sauf,
    count_open_vote,
)


@dataclass(frozen=True)
class Movement:
    """A member arriving (``arrives``) or leaving at ``at``; on leaving, the
    member may hand a procuration to ``mandataire``."""

    member: Councillor
    at: datetime
    arrives: bool
    mandataire: Councillor | None = None


@dataclass(frozen=True)
class Presence:
    """The room at one moment: the members physically present and the
    procurations handed in so far (at the roll call or on leaving), in the
    order received. Whether each one votes on a point is for
    ``domain.procurations.proxies_for_point``."""

    present: frozenset[Councillor]
    procurations: tuple[Procuration, ...] = ()


def presence_at(
    roll_call_present: Iterable[Councillor],
    roll_call_procurations: Iterable[Procuration],
    movements: Iterable[Movement],
    moment: datetime,
) -> Presence:
    """Replay the movements up to ``moment`` included, in time order.

    An arrival of a member already present, or a departure of one already
    gone, changes nothing: the callers refuse them when they are entered.
    A procuration handed on leaving replaces an earlier one of the same
    mandant; it is suspended while he sits again (``proxies_for_point``).
    """
    present = set(roll_call_present)
    by_mandant = {p.mandant: p for p in roll_call_procurations}
    for movement in sorted(movements, key=lambda one: one.at):
        if movement.at > moment:
            break
        if movement.arrives:
            present.add(movement.member)
            continue
        present.discard(movement.member)
        if movement.mandataire is not None:
            by_mandant.pop(movement.member, None)
            by_mandant[movement.member] = Procuration(
                movement.member, movement.mandataire
            )
    return Presence(frozenset(present), tuple(by_mandant.values()))


@dataclass(frozen=True)
class PointVoters:
    """Who takes part in the vote of one point.

    ``voting`` are the members in the room who vote in person;
    ``standing_aside`` the interested members in the room, recorded as not
    taking part; ``proxies`` maps each represented mandant to the
    mandataire who votes for him.
    """

    voting: frozenset[Councillor]
    standing_aside: frozenset[Councillor] = field(default_factory=frozenset)
    proxies: Mapping[Councillor, Councillor] = field(default_factory=dict)

    @property
    def max_voix(self) -> int:
        """Members present plus procurations that vote: no count exceeds it."""
        return len(self.voting) + len(self.standing_aside) + len(self.proxies)

    @property
    def votants_possible(self) -> int:
        return len(self.voting) + len(self.proxies)


def point_voters(
    presence: Presence, *, interested: frozenset[Councillor] = frozenset()
) -> PointVoters:
    """The voters of a point, given the room at its vote (L2131-11)."""
    proxies = proxies_for_point(
        presence.procurations, present=presence.present, interested=interested
    )
    return PointVoters(
        voting=presence.present - interested,
        standing_aside=presence.present & interested,
        proxies=dict(proxies.voting),
    )


def count_point_vote(
    voters: PointVoters,
    *,
    mode: VoteMode,
    president: Councillor | None,
    exceptions: Mapping[Councillor, Choice] | None = None,
) -> tuple[list[Ballot], VoteResult]:
    """Count an open vote entered as "tous pour sauf…" (L2121-20).

    Every voter votes pour except those in ``exceptions``; a procuration
    votes as its mandataire unless its mandant is listed himself (RM Sénat
    11/09/2025). The interested members in the room are recorded as not
    taking part, whatever was entered for them.
    """
    entered = dict(exceptions or {})
    unknown = (
        frozenset(entered)
        - voters.voting
        - voters.standing_aside
        - frozenset(voters.proxies)
    )
    if unknown:
        names = ", ".join(sorted(str(member) for member in unknown))
        raise VoteError(f"Ne votent pas sur ce point : {names}.")
    for member in voters.standing_aside:
        entered[member] = Choice.NE_PREND_PAS_PART
    room = voters.voting | voters.standing_aside
    ballots = ballots_tous_pour_sauf(
        present=room, proxies=voters.proxies, exceptions=entered
    )
    result = count_open_vote(
        ballots, mode=mode, present=room, proxies=voters.proxies, president=president
    )
    return ballots, result
