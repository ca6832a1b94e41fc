"""Procurations (CGCT L2121-20), RULES §3.

A councillor prevented from attending may give a written procuration to a
colleague of his choice [S]. Two levels of checks:

- ``validate_procurations`` accepts or refuses the documents received for
  a séance (the refusal reasons are shown to users);
- ``proxies_for_point`` says which accepted procurations vote on a given
  point, given who is in the room at the vote and who must withdraw.

A procuration is always revocable [S]: the caller simply stops passing a
revoked one. Procurations never count for the quorum (``domain.quorum``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from domain.council import Councillor
from domain.french import elide

MAX_SEANCES_WITHOUT_ILLNESS = 3


@dataclass(frozen=True)
class Procuration:
    """A written proxy from ``mandant`` to ``mandataire``.

    ``seances_covered`` is the number of consecutive séances the document
    covers, this one included.
    """

    mandant: Councillor
    mandataire: Councillor
    seances_covered: int = 1
    illness_certified: bool = False

    def __post_init__(self) -> None:
        if self.seances_covered < 1:
            raise ValueError("Une procuration couvre au moins une séance.")


@dataclass(frozen=True)
class Refusal:
    """A procuration that is refused, or that does not vote on a point."""

    procuration: Procuration
    reason: str


@dataclass(frozen=True)
class ProcurationCheck:
    accepted: tuple[Procuration, ...]
    refused: tuple[Refusal, ...]


def validate_procurations(
    procurations: Iterable[Procuration],
    in_office: frozenset[Councillor],
    *,
    covid_rules: bool = False,
) -> ProcurationCheck:
    """Accept or refuse the procurations of a séance (L2121-20) [S].

    Procurations are examined in the order given, which should be the order
    of receipt: when two compete, the first one received is kept.

    - mandant and mandataire are two distinct members in office;
    - a mandataire holds at most one procuration (two under the historical
      COVID regime, until 31/07/2022);
    - a mandant gives at most one procuration for the séance;
    - one document covers at most 3 consecutive séances, unless the mandant's
      illness is duly certified.

    That the mandant is present is not a refusal: the procuration is only
    suspended while he sits (see ``proxies_for_point``) [K], and it still
    counts as the one procuration its mandataire holds.
    """
    max_held = 2 if covid_rules else 1
    accepted: list[Procuration] = []
    refused: list[Refusal] = []
    for procuration in procurations:
        reason = _refusal_reason(procuration, in_office, accepted, max_held)
        if reason is None:
            accepted.append(procuration)
        else:
            refused.append(Refusal(procuration, reason))
    return ProcurationCheck(tuple(accepted), tuple(refused))


def _refusal_reason(
    procuration: Procuration,
    in_office: frozenset[Councillor],
    accepted: list[Procuration],
    max_held: int,
) -> str | None:
    mandant, mandataire = procuration.mandant, procuration.mandataire
    if mandant == mandataire:
        return f"{mandant} ne peut pas se donner procuration à soi-même."
    if mandant not in in_office:
        return (
            f"{mandant} n'est pas membre en exercice du conseil "
            "et ne peut donc pas donner procuration."
        )
    if mandataire not in in_office:
        return (
            f"{mandataire} n'est pas membre en exercice du conseil "
            "et ne peut donc pas recevoir de procuration."
        )
    if (
        procuration.seances_covered > MAX_SEANCES_WITHOUT_ILLNESS
        and not procuration.illness_certified
    ):
        return (
            f"La procuration {elide('de', str(mandant))} vaut pour plus de trois séances "
            "consécutives, ce qui n'est permis qu'en cas de maladie dûment "
            "constatée (CGCT L2121-20)."
        )
    if any(other.mandant == mandant for other in accepted):
        return f"{mandant} a déjà donné une procuration pour cette séance."
    held = sum(other.mandataire == mandataire for other in accepted)
    if held >= max_held:
        count = "une procuration" if max_held == 1 else f"{held} procurations"
        return f"{mandataire} détient déjà {count} pour cette séance."
    return None


def gives_to_an_absent(
    proposed: Procuration, others: Iterable[Procuration]
) -> str | None:
    """Why a new procuration is pointless, when its mandataire has given
    his own for the séance: he will be absent, and an absent member votes
    for nobody (L2121-20) [K]. Two members who would give theirs to each
    other are the usual case. Checked when a procuration is given only: a
    mandataire who falls ill after accepting one may still give his."""
    for other in others:
        if other.mandant == proposed.mandataire:
            return (
                f"{proposed.mandataire} a lui-même donné procuration à "
                f"{other.mandataire} pour cette séance : absent, il ne pourra "
                "voter pour personne. Choisissez un membre qui sera présent."
            )
    return None


@dataclass(frozen=True)
class PointProxies:
    """The procurations that vote on a point, and why the others do not.

    ``voting`` maps each represented mandant to the mandataire who casts
    his vote.
    """

    voting: Mapping[Councillor, Councillor] = field(default_factory=dict)
    not_voting: tuple[Refusal, ...] = ()

    @property
    def represented(self) -> frozenset[Councillor]:
        return frozenset(self.voting)


def proxies_for_point(
    accepted: Iterable[Procuration],
    *,
    present: frozenset[Councillor],
    interested: frozenset[Councillor] = frozenset(),
    compte_administratif_of: Councillor | None = None,
) -> PointProxies:
    """Which accepted procurations vote on a point, given who is present at
    the vote.

    A procuration votes only if its mandant is absent and its mandataire
    present, and neither of them must stand aside for the point:

    - a member with a personal interest (L2131-11) takes part neither in his
      own name nor as mandataire, and his voice cannot be cast by another [S];
    - the maire whose compte administratif (or compte financier unique) is
      voted withdraws at the vote and cannot give a procuration for it
      (L2121-14) [S]; ``compte_administratif_of`` names him, or the former
      maire still in office whose accounts they are. That he cannot cast a
      mandant's vote either follows from his leaving the room.
    """
    voting: dict[Councillor, Councillor] = {}
    not_voting: list[Refusal] = []
    for procuration in accepted:
        reason = _not_voting_reason(
            procuration, present, interested, compte_administratif_of
        )
        if reason is None:
            voting[procuration.mandant] = procuration.mandataire
        else:
            not_voting.append(Refusal(procuration, reason))
    return PointProxies(voting, tuple(not_voting))


def _not_voting_reason(
    procuration: Procuration,
    present: frozenset[Councillor],
    interested: frozenset[Councillor],
    compte_administratif_of: Councillor | None,
) -> str | None:
    mandant, mandataire = procuration.mandant, procuration.mandataire
    if mandant in present:
        return (
            f"{mandant} siège en personne : sa procuration est sans effet "
            "pendant sa présence."
        )
    if mandant == compte_administratif_of:
        return (
            f"{mandant} ne prend pas part au vote de son propre compte administratif "
            "(CGCT L2121-14) : sa procuration ne s'applique pas à ce point."
        )
    if mandant in interested:
        return (
            f"{mandant} a un intérêt personnel à l'affaire (CGCT L2131-11) : "
            "sa voix ne peut pas être exprimée, même par procuration."
        )
    if mandataire not in present:
        return (
            f"{mandataire}, qui détient la procuration {elide('de', str(mandant))}, n'est pas "
            "en séance : la procuration ne peut pas être exercée."
        )
    if mandataire == compte_administratif_of:
        return (
            f"{mandataire} se retire au moment du vote de son compte administratif "
            f"(CGCT L2121-14) et ne peut donc pas voter pour {mandant}."
        )
    if mandataire in interested:
        return (
            f"{mandataire} a un intérêt personnel à l'affaire (CGCT L2131-11) "
            f"et ne peut donc pas voter pour {mandant}."
        )
    return None
