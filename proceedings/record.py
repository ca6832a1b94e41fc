"""The record of a séance as held, for the délibérations and the
procès-verbal (CGCT L2121-15, L2121-23): who was in office, the roll call,
arrivals and departures, and for each point its quorum, who was present,
represented or interested, its votes with the names of a public vote, and
the summary of its debates.

``seance_record(seance)`` reads it in a fixed number of queries, whatever
the size of the council or of the agenda; everything else in this module is
plain data.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from django.db.models import Prefetch

from collectivites.models import Membership
from domain.votes import Choice
from proceedings.models import (
    Attendance,
    CarriedPoint,
    Examination,
    Interest,
    Movement,
    NominationTally,
    Sitting,
    Vote,
    VoteChoice,
)
from proceedings.presence import Room, room_of
from seances.models import AgendaItem, Seance


@dataclass(frozen=True)
class Represented:
    mandant: Membership
    mandataire: Membership


@dataclass(frozen=True)
class VoteRecord:
    """A vote in force, or a superseded one (``vote.superseded_at``).

    ``names`` lists, for each choice, who voted so in an open vote (the
    mandant's name when a mandataire voted for him); empty for a secret
    ballot, whose voters are never known."""

    vote: Vote
    names: dict[str, list[Membership]] = field(default_factory=dict)
    by_proxy: dict[UUID, Membership] = field(default_factory=dict)
    tallies: list[NominationTally] = field(default_factory=list)

    @property
    def not_taking_part(self) -> list[Membership]:
        return self.names.get(Choice.NE_PREND_PAS_PART.value, [])


@dataclass(frozen=True)
class PointRecord:
    item: AgendaItem
    examination: Examination | None
    present: list[Membership]
    represented: list[Represented]
    interested: list[Membership]
    votes: list[VoteRecord]
    corrections: list[VoteRecord]
    carried_from: AgendaItem | None

    @property
    def vote(self) -> VoteRecord | None:
        """The vote in force on the délibération (the last round of a
        nomination)."""
        return self.votes[-1] if self.votes else None

    @property
    def debates(self) -> str:
        return self.examination.debates if self.examination else ""

    @property
    def opened(self) -> bool:
        return self.examination is not None

    @property
    def quorum_met(self) -> bool:
        return self.examination is not None and self.examination.quorum_met


@dataclass(frozen=True)
class SeanceRecord:
    seance: Seance
    sitting: Sitting | None
    in_office: list[Membership]
    roll_call: list[Attendance]
    movements: list[Movement]
    points: list[PointRecord]

    @property
    def opened(self) -> bool:
        return self.sitting is not None

    @property
    def present_at_roll_call(self) -> list[Membership]:
        return [
            row.member
            for row in self.roll_call
            if row.status == Attendance.Status.PRESENT
        ]

    @property
    def represented_at_roll_call(self) -> list[Attendance]:
        return [row for row in self.roll_call if row.mandataire_id is not None]

    @property
    def quorum_failed(self) -> bool:
        return self.sitting is not None and self.sitting.quorum_failed

    @property
    def reconvened_as(self) -> Seance | None:
        return self.sitting.reconvened_as if self.sitting else None


def seance_record(seance: Seance) -> SeanceRecord:
    """The record of ``seance``, held or not yet (then without roll call)."""
    sitting = (
        Sitting.objects.select_related(
            "seance__collectivite",
            "president__user",
            "secretaire__user",
            "reconvened_as",
        )
        .filter(seance=seance)
        .first()
    )
    items = list(
        AgendaItem.objects.filter(seance=seance)
        .select_related("examination", "rapporteur__user", "parent")
        .prefetch_related(
            Prefetch("interests", queryset=Interest.objects.order_by("created_at")),
            Prefetch(
                "votes",
                queryset=Vote.objects.select_related("elected__user").prefetch_related(
                    Prefetch("choices", queryset=VoteChoice.objects.order_by("pk")),
                    Prefetch(
                        "tallies",
                        queryset=NominationTally.objects.select_related(
                            "candidate__user"
                        ),
                    ),
                ),
            ),
            Prefetch(
                "carried_from",
                queryset=CarriedPoint.objects.select_related("original"),
            ),
        )
        .order_by("parent__position", "position")
    )
    items = _agenda_order(items)
    if sitting is None:
        return SeanceRecord(seance, None, [], [], [], [_unheld(item) for item in items])

    sitting.seance = seance
    room = room_of(sitting)
    members = room.members
    roll_call = sorted(
        room.attendances, key=lambda row: _order(list(members), row.member_id)
    )
    for row in roll_call:
        row.member = members[row.member_id]
        row.mandataire = members.get(row.mandataire_id) if row.mandataire_id else None
    movements = room.movements
    for movement in movements:
        movement.member = members.get(movement.member_id, movement.member)
        if movement.mandataire_id:
            movement.mandataire = members.get(movement.mandataire_id)
    return SeanceRecord(
        seance=seance,
        sitting=sitting,
        in_office=list(members.values()),
        roll_call=roll_call,
        movements=movements,
        points=[_point(item, room) for item in items],
    )


def _order(ids: list[UUID], member_id: UUID) -> int:
    return ids.index(member_id)


def _agenda_order(items: list[AgendaItem]) -> list[AgendaItem]:
    subs: dict[UUID, list[AgendaItem]] = defaultdict(list)
    for item in items:
        if item.parent_id is not None:
            subs[item.parent_id].append(item)
    tops = sorted(
        (item for item in items if item.parent_id is None), key=lambda i: i.position
    )
    return [
        one
        for top in tops
        for one in (top, *sorted(subs[top.pk], key=lambda i: i.position))
    ]


def _examination(item: AgendaItem) -> Examination | None:
    try:
        return item.examination
    except Examination.DoesNotExist:
        return None


def _carried(item: AgendaItem) -> AgendaItem | None:
    try:
        return item.carried_from.original
    except CarriedPoint.DoesNotExist:
        return None


def _unheld(item: AgendaItem) -> PointRecord:
    return PointRecord(item, None, [], [], [], [], [], _carried(item))


def _point(item: AgendaItem, room: Room) -> PointRecord:
    examination = _examination(item)
    votes = [_vote_record(vote, room) for vote in item.votes.all()]
    in_force = [one for one in votes if one.vote.superseded_at is None]
    moment: datetime | None = None
    if in_force:
        moment = in_force[-1].vote.at
    elif examination is not None:
        moment = examination.opened_at
    interested_ids = [interest.member_id for interest in item.interests.all()]
    members = room.members
    present: list[Membership] = []
    represented: list[Represented] = []
    if moment is not None:
        voters = room.voters(moment, interested_ids)
        present = [
            members[UUID(str(one.id))] for one in voters.voting | voters.standing_aside
        ]
        present.sort(key=lambda member: _order(list(members), member.pk))
        represented = [
            Represented(room.member_of(mandant), room.member_of(mandataire))
            for mandant, mandataire in voters.proxies.items()
        ]
    return PointRecord(
        item=item,
        examination=examination,
        present=present,
        represented=represented,
        interested=[members[pk] for pk in interested_ids if pk in members],
        votes=sorted(in_force, key=lambda one: one.vote.round_number),
        corrections=[one for one in votes if one.vote.superseded_at is not None],
        carried_from=_carried(item),
    )


def _vote_record(vote: Vote, room: Room) -> VoteRecord:
    names: dict[str, list[Membership]] = defaultdict(list)
    by_proxy: dict[UUID, Membership] = {}
    for choice in vote.choices.all():
        member = room.members.get(choice.member_id)
        if member is None:
            continue
        names[choice.choice].append(member)
        if choice.mandataire_id and choice.mandataire_id in room.members:
            by_proxy[member.pk] = room.members[choice.mandataire_id]
    for tally in vote.tallies.all():
        tally.candidate = room.members.get(tally.candidate_id, tally.candidate)
    return VoteRecord(
        vote=vote,
        names=dict(names),
        by_proxy=by_proxy,
        tallies=list(vote.tallies.all()),
    )
