"""Quorum of the council (CGCT L2121-17), RULES §2.

The council deliberates only when a majority of its members in office
(seats actually filled, never the legal size of the council) is physically
present. Represented members never count [S]. The quorum is assessed when
each point is opened for discussion, not at the vote: members who leave
during the debate do not invalidate the vote (CAA Nantes 11/03/2003
n°00NT00977) [S], so callers pass the attendance taken at the opening.
"""

from dataclasses import dataclass, field

from domain.council import Councillor


def quorum_threshold(members_in_office: int, *, covid_rules: bool = False) -> int:
    """Members who must be present: more than half, ``floor(n/2) + 1`` [S].

    Under the historical COVID regime (``covid_rules``) a third of the members
    in office sufficed [S]. Whether represented members counted under each
    successive text is uncertain [?]: only physically present members are
    counted here, the stricter reading. The regime applied to séances from
    March 2020 to 31 July 2022 with interruptions whose exact dates are not
    settled (RULES §2 [?]), so the caller marks the séance explicitly rather
    than this module guessing from its date.
    """
    if members_in_office < 0:
        raise ValueError("Le nombre de membres en exercice ne peut être négatif.")
    if covid_rules:
        return -(-members_in_office // 3)
    return members_in_office // 2 + 1


def quorum_met(
    members_in_office: int, present: int, *, covid_rules: bool = False
) -> bool:
    """Whether ``present`` members physically present reach the quorum."""
    if not 0 <= present <= members_in_office:
        raise ValueError("Les présents sont entre 0 et les membres en exercice.")
    return present >= quorum_threshold(members_in_office, covid_rules=covid_rules)


def quorum_waived(*, after_failed_quorum: bool, on_failed_agenda: bool) -> bool:
    """A séance convened again after a failed quorum deliberates without
    quorum, but only on the points of the failed séance's agenda (L2121-17) [S].
    """
    return after_failed_quorum and on_failed_agenda


@dataclass(frozen=True)
class PointAttendance:
    """Who is where when a point of the agenda is opened for discussion.

    ``present`` are the members physically in the room. ``represented`` are
    the absent members whose procuration is valid for the point; they vote
    through their mandataire but never count for the quorum.
    ``interested`` are the members with a personal interest in the matter
    (L2131-11), who must withdraw. ``body_representatives`` are the members
    who represent the commune in an outside body (SEM, association…) when the
    point awards that body a contract, a loan guarantee or aid.
    """

    in_office: frozenset[Councillor]
    present: frozenset[Councillor]
    represented: frozenset[Councillor] = field(default_factory=frozenset)
    interested: frozenset[Councillor] = field(default_factory=frozenset)
    body_representatives: frozenset[Councillor] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        for group in (
            self.present,
            self.represented,
            self.interested,
            self.body_representatives,
        ):
            outsiders = group - self.in_office
            if outsiders:
                names = ", ".join(sorted(str(member) for member in outsiders))
                raise ValueError(f"Ne sont pas membres en exercice : {names}.")
        if self.present & self.represented:
            raise ValueError("Un membre présent ne peut être représenté.")


@dataclass(frozen=True)
class QuorumCheck:
    """The answer for one point, with the figures the PV records."""

    required: bool
    members_in_office: int
    threshold: int
    counted_present: int
    met: bool
    message: str


def check_point_quorum(
    attendance: PointAttendance, *, waived: bool = False, covid_rules: bool = False
) -> QuorumCheck:
    """Whether the council may examine a point, given the attendance at its
    opening (L2121-17).

    - Interested members (L2131-11) stay members in office but are not
      counted present for the point; if that breaks the quorum the point goes
      to a new séance (Maison des communes 85) [S]. Whether they should also
      leave the base is open (RULES §13.6): we assume not, the stricter
      reading.
    - Representatives in the outside body that the point favours leave both
      the members in office and the present (loi 3DS, RM Sénat Darcos
      03/04/2025) [S]. Which decisions this covers is uncertain [?]: the
      caller decides per point.
    - ``waived``: see ``quorum_waived``.
    """
    in_office = attendance.in_office - attendance.body_representatives
    counted = (
        attendance.present - attendance.interested - attendance.body_representatives
    )
    threshold = quorum_threshold(len(in_office), covid_rules=covid_rules)

    if waived:
        return QuorumCheck(
            required=False,
            members_in_office=len(in_office),
            threshold=threshold,
            counted_present=len(counted),
            met=True,
            message=(
                "Séance convoquée à nouveau après un défaut de quorum : "
                "ce point est examiné sans condition de quorum (CGCT L2121-17)."
            ),
        )

    met = len(counted) >= threshold
    if met:
        message = (
            f"Quorum atteint : {len(counted)} membres présents pris en compte, "
            f"{threshold} requis sur {len(in_office)} en exercice."
        )
    else:
        message = (
            f"Quorum non atteint : {len(counted)} membres présents pris en compte, "
            f"{threshold} requis sur {len(in_office)} en exercice. Le point doit "
            "être renvoyé à une nouvelle séance (CGCT L2121-17)."
        )
    return QuorumCheck(
        required=True,
        members_in_office=len(in_office),
        threshold=threshold,
        counted_present=len(counted),
        met=met,
        message=message,
    )
