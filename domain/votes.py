"""Votes on a délibération (CGCT L2121-20, L2121-21, L2121-14, L2131-11), RULES §4.

Words, as in the PV:

- *suffrages exprimés*: "pour" and "contre" only; abstentions, blank and
  spoiled papers are not exprimés [S];
- *votants*: the voices that took part, exprimés plus abstentions; a member
  who does not take part (interest, compte administratif) is not a votant
  (SCDL ``VOTE_REEL``);
- *voix*: every voice entered, votants plus those who do not take part. It
  never exceeds the members present plus the procurations that vote.

A secret ballot is counted from totals only: no function here ever receives
who voted what in a secret ballot (RULES §4, §11) [S].
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from domain.council import Councillor
from domain.french import elide


class VoteError(ValueError):
    """Ballots that cannot be counted; the message is shown to the user."""


class VoteMode(StrEnum):
    MAIN_LEVEE = "main_levee"
    SCRUTIN_PUBLIC = "scrutin_public"
    SCRUTIN_SECRET = "scrutin_secret"  # noqa: S105 - a ballot, not a password


class Choice(StrEnum):
    POUR = "pour"
    CONTRE = "contre"
    ABSTENTION = "abstention"
    NE_PREND_PAS_PART = "ne_prend_pas_part"


class Outcome(StrEnum):
    ADOPTEE = "adoptee"
    REJETEE = "rejetee"


def vote_mode(
    *,
    present: int,
    public_requests: int = 0,
    secret_requests: int = 0,
    nomination: bool = False,
    secret_waived_unanimously: bool = False,
    secret_required_by_law: bool = False,
) -> VoteMode:
    """How the council votes on a point (L2121-21) [S].

    - scrutin secret when a third of the members present ask for it, or for
      any nomination or presentation, unless the council decided unanimously
      not to vote in secret for it and no text requires the secret ballot
      (``secret_required_by_law``, e.g. the election of the maire, L2122-7);
    - otherwise scrutin public when a quarter of the members present ask for
      it;
    - otherwise main levée.

    When both are asked for, the secret ballot wins (RM Sénat 25/06/2009).
    Only members physically present count, for the requests and the base.
    """
    for requests in (public_requests, secret_requests):
        if not 0 <= requests <= present:
            raise VoteError("Les demandes ne peuvent venir que de membres présents.")

    if (
        secret_required_by_law
        or (nomination and not secret_waived_unanimously)
        or (secret_requests > 0 and 3 * secret_requests >= present)
    ):
        return VoteMode.SCRUTIN_SECRET
    if public_requests > 0 and 4 * public_requests >= present:
        return VoteMode.SCRUTIN_PUBLIC
    return VoteMode.MAIN_LEVEE


@dataclass(frozen=True)
class Ballot:
    """One voice in an open vote: the member's own, or cast for him by his
    ``mandataire`` when he is represented."""

    member: Councillor
    choice: Choice
    mandataire: Councillor | None = None


@dataclass(frozen=True)
class VoteResult:
    """The figures of a vote and its outcome, as the PV records them.

    In a secret ballot ``abstentions`` holds the blank and spoiled papers.
    ``casting_vote`` says that a tie was decided by the president's voice,
    which the PV must state.
    """

    mode: VoteMode
    pour: int
    contre: int
    abstentions: int
    ne_prend_pas_part: int
    outcome: Outcome
    casting_vote: bool
    explanation: str

    @property
    def suffrages_exprimes(self) -> int:
        return self.pour + self.contre

    @property
    def votants(self) -> int:
        return self.pour + self.contre + self.abstentions

    @property
    def voix(self) -> int:
        return self.votants + self.ne_prend_pas_part

    @property
    def adopted(self) -> bool:
        return self.outcome is Outcome.ADOPTEE

    @property
    def formula(self) -> str:
        """The vote as a délibération states it, after "le conseil municipal"."""
        if self.pour and not self.contre and not self.abstentions:
            return "à l'unanimité"
        parts = [f"{self.pour} voix pour"]
        if self.contre:
            parts.append(f"{self.contre} voix contre")
        if self.abstentions and self.mode == VoteMode.SCRUTIN_SECRET:
            # Blank and spoiled papers, not abstentions (L2121-21).
            plural = "s" if self.abstentions > 1 else ""
            parts.append(
                f"{self.abstentions} bulletin{plural} blanc{plural} ou nul{plural}"
            )
        elif self.abstentions:
            plural = "s" if self.abstentions > 1 else ""
            parts.append(f"{self.abstentions} abstention{plural}")
        if len(parts) == 1:
            return f"par {parts[0]}"
        return "par " + ", ".join(parts[:-1]) + " et " + parts[-1]


def count_open_vote(
    ballots: Iterable[Ballot],
    *,
    mode: VoteMode,
    present: frozenset[Councillor],
    proxies: Mapping[Councillor, Councillor],
    president: Councillor | None,
) -> VoteResult:
    """Count a vote by show of hands or public ballot, from named ballots.

    ``present`` are the members in the room at the vote (members who left
    during the debate simply do not vote, RULES §2). ``proxies`` maps each
    represented mandant to his mandataire, for this point only (see
    ``domain.procurations.proxies_for_point``). ``president`` presides over
    this vote: the maire, or the president elected for the compte
    administratif (L2121-14).

    Refuses a member who votes twice, an absent member who votes in person,
    and a voice cast by someone who does not hold its procuration.
    """
    if mode is VoteMode.SCRUTIN_SECRET:
        raise VoteError(
            "Un scrutin secret se dépouille sur des totaux, jamais sur des "
            "bulletins nominatifs."
        )
    counts: Counter[Choice] = Counter()
    president_choice: Choice | None = None
    voted: set[Councillor] = set()
    for ballot in ballots:
        _check_ballot(ballot, voted, present, proxies)
        voted.add(ballot.member)
        counts[ballot.choice] += 1
        if ballot.member == president and ballot.mandataire is None:
            president_choice = ballot.choice
    return _result(
        mode,
        pour=counts[Choice.POUR],
        contre=counts[Choice.CONTRE],
        abstentions=counts[Choice.ABSTENTION],
        ne_prend_pas_part=counts[Choice.NE_PREND_PAS_PART],
        president_choice=president_choice,
    )


def _check_ballot(
    ballot: Ballot,
    voted: set[Councillor],
    present: frozenset[Councillor],
    proxies: Mapping[Councillor, Councillor],
) -> None:
    member, mandataire = ballot.member, ballot.mandataire
    if member in voted:
        raise VoteError(
            f"La voix {elide('de', str(member))} est déjà comptée pour ce vote."
        )
    if mandataire is None:
        if member not in present:
            raise VoteError(f"{member} n'est pas en séance et ne peut pas voter.")
    elif proxies.get(member) != mandataire or mandataire not in present:
        raise VoteError(
            f"{mandataire} ne détient pas de procuration {elide('de', str(member))} "
            "valable pour ce vote."
        )


def count_secret_vote(
    *,
    pour: int,
    contre: int,
    blancs_ou_nuls: int,
    max_voix: int,
    ne_prend_pas_part: int = 0,
) -> VoteResult:
    """Count a secret ballot on a délibération from the totals of the
    dépouillement (L2121-21).

    Blank and spoiled papers go in the ``abstentions`` figure, but they are
    not abstentions and are written « bulletins blancs ou nuls »; they are
    not exprimés. ``max_voix`` is the
    members present plus the procurations that vote; the papers cannot
    exceed it. A tie rejects: no voix prépondérante in a secret ballot
    (L2121-20) [S].
    """
    figures = (pour, contre, blancs_ou_nuls, ne_prend_pas_part)
    if min(figures) < 0:
        raise VoteError("Un total de dépouillement ne peut être négatif.")
    if sum(figures) > max_voix:
        raise VoteError(
            f"{sum(figures)} voix dépouillées pour {max_voix} membres présents "
            "ou représentés : le décompte est à reprendre."
        )
    return _result(
        VoteMode.SCRUTIN_SECRET,
        pour=pour,
        contre=contre,
        abstentions=blancs_ou_nuls,
        ne_prend_pas_part=ne_prend_pas_part,
        president_choice=None,
    )


def _result(
    mode: VoteMode,
    *,
    pour: int,
    contre: int,
    abstentions: int,
    ne_prend_pas_part: int,
    president_choice: Choice | None,
) -> VoteResult:
    outcome, casting_vote, explanation = _decide(mode, pour, contre, president_choice)
    return VoteResult(
        mode=mode,
        pour=pour,
        contre=contre,
        abstentions=abstentions,
        ne_prend_pas_part=ne_prend_pas_part,
        outcome=outcome,
        casting_vote=casting_vote,
        explanation=explanation,
    )


def _decide(
    mode: VoteMode, pour: int, contre: int, president_choice: Choice | None
) -> tuple[Outcome, bool, str]:
    """Adopted iff pour > contre (absolute majority of suffrages exprimés,
    L2121-20) [S]; returns the outcome, whether the president's casting vote
    decided it, and the sentence for the PV.

    On a tie outside a secret ballot the president's own voice prevails [S].
    If he neither voted pour nor contre there is no casting vote and the
    point is not adopted (V6) [?]: nothing in the text lets an abstention
    adopt, and rejecting keeps the law as it was.
    """
    if pour > contre:
        return Outcome.ADOPTEE, False, f"Adoptée : {pour} pour, {contre} contre."
    if pour < contre:
        return Outcome.REJETEE, False, f"Rejetée : {pour} pour, {contre} contre."

    tie = f"Partage égal des voix ({pour} pour, {contre} contre)"
    if mode is VoteMode.SCRUTIN_SECRET:
        return (
            Outcome.REJETEE,
            False,
            f"{tie} au scrutin secret : la délibération n'est pas adoptée "
            "(CGCT L2121-20).",
        )
    if president_choice is Choice.POUR or president_choice is Choice.CONTRE:
        adopted = president_choice is Choice.POUR
        return (
            Outcome.ADOPTEE if adopted else Outcome.REJETEE,
            True,
            f"{tie} : la voix du président, qui a voté {president_choice}, est "
            f"prépondérante (CGCT L2121-20). {'Adoptée' if adopted else 'Rejetée'}.",
        )
    return (
        Outcome.REJETEE,
        False,
        f"{tie} sans vote du président pour ou contre : aucune voix "
        "prépondérante, la délibération n'est pas adoptée.",
    )


def ballots_tous_pour_sauf(
    *,
    present: Iterable[Councillor],
    proxies: Mapping[Councillor, Councillor],
    exceptions: Mapping[Councillor, Choice] | None = None,
) -> list[Ballot]:
    """Fast entry: everyone votes pour except the members listed.

    A represented member votes as his mandataire does, unless he is listed
    himself: the mandataire may vote differently for him (RM Sénat
    11/09/2025) [S]. Members who must withdraw (interest, compte
    administratif) are listed as ``NE_PREND_PAS_PART`` or left out of
    ``present`` and ``proxies``.
    """
    in_room = frozenset(present)
    exceptions = dict(exceptions or {})
    _refuse_if("Représentés mais présents", in_room & frozenset(proxies))
    _refuse_if("Mandataires absents", frozenset(proxies.values()) - in_room)
    _refuse_if(
        "Ne votent pas sur ce point", frozenset(exceptions) - in_room - set(proxies)
    )

    ballots = [
        Ballot(member, exceptions.get(member, Choice.POUR))
        for member in sorted(in_room, key=str)
    ]
    for mandant, mandataire in sorted(proxies.items(), key=lambda item: str(item[0])):
        choice = exceptions.get(mandant, exceptions.get(mandataire, Choice.POUR))
        ballots.append(Ballot(mandant, choice, mandataire=mandataire))
    return ballots


def _refuse_if(problem: str, members: frozenset[Councillor]) -> None:
    if members:
        names = ", ".join(sorted(str(member) for member in members))
        raise VoteError(f"{problem} : {names}.")


def ballots_unanimite(
    *, present: Iterable[Councillor], proxies: Mapping[Councillor, Councillor]
) -> list[Ballot]:
    """Fast entry: every member present or represented votes pour."""
    return ballots_tous_pour_sauf(present=present, proxies=proxies)
