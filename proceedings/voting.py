"""Recording the votes of a séance: open votes entered as unanimity or
"tous pour sauf…", secret ballots from their totals, and the rounds of a
nomination (CGCT L2121-20, L2121-21, L2131-11), RULES §4.

No vote before the roll call and the quorum checked at the opening of the
point. A vote in force is never changed: a correction supersedes it with a
reason, in the journal. Once the séance is closed, every entry needs a
reason.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from domain.attendance import PointVoters, count_point_vote
from domain.council import Councillor
from domain.nominations import count_nomination_round
from domain.votes import (
    Ballot,
    Choice,
    VoteError,
    VoteMode,
    VoteResult,
    count_secret_vote,
    vote_mode,
)
from journal.services import record
from proceedings.models import Examination, NominationTally, Sitting, Vote, VoteChoice
from proceedings.presence import Room, room_of
from seances.models import AgendaItem

Kind = Vote.Kind


@dataclass(frozen=True)
class Ballots:
    """Everything a vote on one point is counted from."""

    item: AgendaItem
    sitting: Sitting
    room: Room
    moment: datetime
    present: int
    voters: PointVoters
    president: Councillor | None
    current: Vote | None


def prepare(
    item: AgendaItem,
    *,
    kind: str = Kind.DELIBERATION,
    round_number: int = 1,
    reason: str = "",
    lock: bool = False,
    preview: bool = False,
) -> Ballots:
    """Check that the point may be voted now and gather its voters.

    The room is the one at the vote: now, or, for a correction, at the
    moment of the vote corrected; entered after the closing, at the
    opening of the point (L2121-17: members who left during the debate do
    not vote, unless they left a procuration)."""
    sitting = Sitting.objects.filter(seance=item.seance_id).first()
    if sitting is None or sitting.roll_call_at is None:
        raise ValidationError(
            "Faites d'abord l'appel : aucun vote ne s'enregistre avant lui."
        )
    if lock:
        sitting = Sitting.objects.select_for_update().get(pk=sitting.pk)
        AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    if not item.is_active:
        raise ValidationError(f"Ce point est {item.get_outcome_display().lower()}.")
    examination = Examination.objects.filter(item=item).first()
    if examination is None:
        raise ValidationError(
            "Ouvrez d'abord le point : le quorum se vérifie à son ouverture "
            "(CGCT L2121-17)."
        )
    if not examination.quorum_met:
        raise ValidationError(
            "Le quorum n'était pas atteint à l'ouverture du point : il ne peut "
            "pas être voté. Ouvrez-le à nouveau quand le quorum est réuni."
        )
    if sitting.is_closed:
        # A signed délibération is an act: no vote behind it changes now.
        from actes.corrections import refuse_if_final  # noqa: PLC0415 - reads us

        refuse_if_final(item)
    current = Vote.objects.filter(
        item=item, kind=kind, round_number=round_number, superseded_at__isnull=True
    ).first()
    if current is not None and not reason.strip() and not preview:
        raise ValidationError(
            {
                "reason": "Ce vote est déjà enregistré : pour le corriger, "
                "indiquez le motif, qui sera inscrit au journal."
            }
        )
    if sitting.is_closed and not reason.strip() and not preview:
        raise ValidationError(
            {
                "reason": "La séance est close : indiquez le motif de cette "
                "saisie, qui sera inscrit au journal."
            }
        )
    if current is not None:
        moment = current.at
    elif sitting.is_closed:
        moment = examination.opened_at
    else:
        moment = timezone.now()
    room = room_of(sitting)
    interested = list(item.interests.values_list("member_id", flat=True))
    voters = room.voters(moment, interested)
    # TODO(proceedings): the president elected for the compte administratif
    # (L2121-14), and the maire withdrawing at its vote, are not modelled:
    # the sitting's president decides every tie.
    president = None
    if sitting.president_id in room.members:
        president = room.councillor(sitting.president_id)
    return Ballots(
        item=item,
        sitting=sitting,
        room=room,
        moment=moment,
        present=len(room.at(moment).present),
        voters=voters,
        president=president,
        current=current,
    )


def preview_open_vote(
    item: AgendaItem,
    *,
    exceptions: Mapping[UUID, str] | None = None,
    public_requests: int = 0,
) -> tuple[Ballots, list[Ballot], VoteResult]:
    """Count an open vote without recording it: what the confirmation shows."""
    ballots = prepare(item, preview=True)
    mode = _mode(ballots, public_requests=public_requests, secret_requests=0)
    entered = _choices(ballots, exceptions or {})
    try:
        named, result = count_point_vote(
            ballots.voters, mode=mode, president=ballots.president, exceptions=entered
        )
    except VoteError as error:
        raise ValidationError(str(error)) from error
    return ballots, named, result


def record_open_vote(
    item: AgendaItem,
    *,
    by: User,
    exceptions: Mapping[UUID, str] | None = None,
    public_requests: int = 0,
    reason: str = "",
) -> Vote:
    """Record a vote by show of hands, or by public ballot when a quarter
    of the members present asked for it (L2121-21), with every voice named.

    ``exceptions`` maps a member's id to "contre", "abstention" or
    "ne_prend_pas_part"; everyone else votes pour, each procuration with
    its mandataire unless its mandant is listed (RM Sénat 11/09/2025). An
    empty mapping is the unanimity. On a tie the president's voice decides
    and the record says so (L2121-20).
    """
    with transaction.atomic():
        ballots = prepare(item, reason=reason, lock=True)
        mode = _mode(ballots, public_requests=public_requests, secret_requests=0)
        try:
            named, result = count_point_vote(
                ballots.voters,
                mode=mode,
                president=ballots.president,
                exceptions=_choices(ballots, exceptions or {}),
            )
        except VoteError as error:
            raise ValidationError(str(error)) from error
        vote = _store(
            ballots, result, by=by, reason=reason, public_requests=public_requests
        )
        VoteChoice.objects.bulk_create(
            VoteChoice(
                vote=vote,
                member=ballots.room.member_of(ballot.member),
                choice=ballot.choice,
                mandataire=(
                    ballots.room.member_of(ballot.mandataire)
                    if ballot.mandataire
                    else None
                ),
            )
            for ballot in named
        )
        _journal(
            vote,
            ballots,
            by=by,
            names={
                str(ballot.member.id): ballot.choice.value
                for ballot in named
                if ballot.choice is not Choice.POUR
            },
        )
        _follow_deliberation(ballots, by=by)
    return vote


def record_secret_vote(
    item: AgendaItem,
    *,
    by: User,
    pour: int,
    contre: int,
    blancs_ou_nuls: int = 0,
    secret_requests: int,
    reason: str = "",
) -> Vote:
    """Record a secret ballot, asked for by a third of the members present
    (L2121-21), from the totals of its dépouillement: who voted what is
    never known. A tie rejects (L2121-20)."""
    with transaction.atomic():
        ballots = prepare(item, reason=reason, lock=True)
        mode = _mode(ballots, public_requests=0, secret_requests=secret_requests)
        if mode is not VoteMode.SCRUTIN_SECRET:
            raise ValidationError(
                {
                    "secret_requests": "Le scrutin secret se tient à la demande "
                    "d'un tiers au moins des membres présents (CGCT L2121-21) : "
                    f"{secret_requests} demande(s) pour {ballots.present} présents."
                }
            )
        try:
            result = count_secret_vote(
                pour=pour,
                contre=contre,
                blancs_ou_nuls=blancs_ou_nuls,
                ne_prend_pas_part=len(ballots.voters.standing_aside),
                max_voix=ballots.voters.max_voix,
            )
        except VoteError as error:
            raise ValidationError(str(error)) from error
        vote = _store(
            ballots, result, by=by, reason=reason, secret_requests=secret_requests
        )
        _journal(vote, ballots, by=by)
        _follow_deliberation(ballots, by=by)
    return vote


def record_nomination_round(
    item: AgendaItem,
    *,
    by: User,
    round_number: int,
    votes: Mapping[UUID, int],
    blancs_ou_nuls: int = 0,
    birth_dates: Mapping[UUID, date] | None = None,
    secret_waived: bool = False,
    reason: str = "",
) -> Vote:
    """Record one round of a nomination to a single seat (L2121-21): in
    secret unless the council unanimously decided otherwise; absolute
    majority of the suffrages exprimés in rounds 1 and 2, relative in
    round 3, where a tie elects the oldest (``birth_dates`` of the tied
    candidates then needed). For a nomination ``pour`` holds the
    suffrages exprimés and ``abstentions`` the blank and spoiled papers.
    """
    # TODO(proceedings): nominations to several seats at once (lists,
    # proportional representation) follow other rules and are not entered.
    birth_dates = birth_dates or {}
    with transaction.atomic():
        ballots = prepare(
            item,
            kind=Kind.NOMINATION,
            round_number=round_number,
            reason=reason,
            lock=True,
        )
        _check_previous_rounds(item, round_number)
        candidates = {}
        for member_id in votes:
            if member_id not in ballots.room.members:
                raise ValidationError("Un candidat est un membre en exercice.")
            person = ballots.room.councillor(member_id)
            candidates[member_id] = Councillor(
                person.id, person.name, birth_dates.get(member_id)
            )
        try:
            result = count_nomination_round(
                round_number,
                {candidates[pk]: count for pk, count in votes.items()},
                blancs_ou_nuls=blancs_ou_nuls,
                max_votants=ballots.voters.votants_possible,
            )
        except VoteError as error:
            raise ValidationError(str(error)) from error
        mode = vote_mode(
            present=ballots.present,
            nomination=True,
            secret_waived_unanimously=secret_waived,
        )
        vote = _supersede_and_create(
            ballots,
            by=by,
            reason=reason,
            kind=Kind.NOMINATION,
            round_number=round_number,
            mode=mode,
            pour=result.suffrages_exprimes,
            abstentions=blancs_ou_nuls,
            ne_prend_pas_part=len(ballots.voters.standing_aside),
            elected=(
                ballots.room.member_of(result.elected) if result.elected else None
            ),
            decided_by_age=result.decided_by_age,
            explanation=result.explanation,
        )
        NominationTally.objects.bulk_create(
            NominationTally(
                vote=vote,
                candidate_id=pk,
                votes=count,
                birth_date=birth_dates.get(pk),
            )
            for pk, count in votes.items()
        )
        _journal(
            vote,
            ballots,
            by=by,
            tallies={str(pk): count for pk, count in votes.items()},
            elected=str(vote.elected_id or ""),
        )
        _follow_deliberation(ballots, by=by)
    return vote


def _check_previous_rounds(item: AgendaItem, round_number: int) -> None:
    rounds = {
        vote.round_number: vote
        for vote in Vote.objects.filter(
            item=item, kind=Kind.NOMINATION, superseded_at__isnull=True
        )
    }
    earlier = [rounds.get(number) for number in range(1, round_number)]
    if any(vote is None for vote in earlier):
        raise ValidationError("Enregistrez d'abord les tours précédents.")
    if any(vote.elected_id for vote in earlier if vote is not None):
        raise ValidationError("Un candidat est déjà élu à un tour précédent.")


def _mode(ballots: Ballots, *, public_requests: int, secret_requests: int) -> VoteMode:
    try:
        return vote_mode(
            present=ballots.present,
            public_requests=public_requests,
            secret_requests=secret_requests,
        )
    except VoteError as error:
        raise ValidationError(str(error)) from error


def _choices(
    ballots: Ballots, exceptions: Mapping[UUID, str]
) -> dict[Councillor, Choice]:
    entered = {}
    for member_id, value in exceptions.items():
        if member_id not in ballots.room.members:
            raise ValidationError("Ce membre n'est pas en exercice à cette séance.")
        try:
            choice = Choice(value)
        except ValueError:
            raise ValidationError("Vote inconnu.") from None
        entered[ballots.room.councillor(member_id)] = choice
    return entered


def _store(
    ballots: Ballots,
    result: VoteResult,
    *,
    by: User,
    reason: str,
    public_requests: int = 0,
    secret_requests: int = 0,
) -> Vote:
    return _supersede_and_create(
        ballots,
        by=by,
        reason=reason,
        kind=Kind.DELIBERATION,
        round_number=1,
        mode=result.mode,
        public_requests=public_requests,
        secret_requests=secret_requests,
        pour=result.pour,
        contre=result.contre,
        abstentions=result.abstentions,
        ne_prend_pas_part=result.ne_prend_pas_part,
        outcome=result.outcome.value,
        casting_vote=result.casting_vote,
        explanation=result.explanation,
    )


def _supersede_and_create(
    ballots: Ballots, *, by: User, reason: str, **fields: object
) -> Vote:
    if ballots.current is not None:
        ballots.current.superseded_at = timezone.now()
        ballots.current.save(update_fields=["superseded_at", "updated_at"])
    president = ballots.room.member_of(ballots.president) if ballots.president else None
    return Vote.objects.create(
        item=ballots.item,
        president=president,
        at=ballots.moment,
        recorded_by=by,
        correction_reason=reason.strip(),
        **fields,
    )


def _follow_deliberation(ballots: Ballots, *, by: User) -> None:
    """A vote entered after the closing: the délibération built then
    follows it, or the whole entry is refused (``actes.corrections``)."""
    if not ballots.sitting.is_closed:
        return
    from actes.corrections import follow_vote  # noqa: PLC0415 - actes reads us

    follow_vote(ballots.item, by=by)


def _journal(vote: Vote, ballots: Ballots, *, by: User, **extra: object) -> None:
    corrected = ballots.current is not None
    record(
        "vote.corrected" if corrected else "vote.recorded",
        collectivite=ballots.sitting.seance.collectivite,
        actor=by,
        target=vote,
        item=str(vote.item_id),
        kind=vote.kind,
        round_number=vote.round_number,
        mode=vote.mode,
        pour=vote.pour,
        contre=vote.contre,
        abstentions=vote.abstentions,
        ne_prend_pas_part=vote.ne_prend_pas_part,
        outcome=vote.outcome,
        casting_vote=vote.casting_vote,
        replaces=str(ballots.current.pk) if corrected else "",
        reason=vote.correction_reason,
        **extra,
    )
