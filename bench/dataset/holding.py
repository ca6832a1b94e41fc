"""The séances of the dataset as they were held: the roll call, each point
opened with its quorum, the interested councillors, the votes with their
names, and the closing (CGCT L2121-15 to L2121-21, L2131-11).

The rows are those ``proceedings.services`` and ``proceedings.voting``
write, counted by the same rules (``domain``) on the same room
(``proceedings.presence.Room``), built here in memory instead of read
back; the record they make (``proceedings.record``) is returned for the
délibérations of ``bench.dataset.acts``.
"""

import random
from datetime import datetime, timedelta
from uuid import UUID

from accounts.models import User
from bench.dataset.rows import Rows, new
from bench.dataset.words import sentence
from collectivites.models import Membership
from convocations.procurations import councillor
from domain.attendance import PointVoters, Presence, count_point_vote, point_voters
from domain.council import Councillor
from domain.quorum import PointAttendance, check_point_quorum, quorum_threshold
from domain.votes import Choice, vote_mode
from proceedings.models import (
    Attendance,
    Examination,
    Interest,
    Sitting,
    Vote,
    VoteChoice,
)
from proceedings.presence import Room
from proceedings.record import PointRecord, Represented, SeanceRecord, VoteRecord
from seances.models import AgendaItem, Seance

Status = Attendance.Status


class SeanceHolder:
    """Holds the séances of one commune's council; ``elus`` in the order
    of the tableau, the maire first, presides (L2122-17)."""

    def __init__(
        self,
        rows: Rows,
        rng: random.Random,
        *,
        elus: list[Membership],
        secretaire: Membership,
    ) -> None:
        self.rows, self.rng = rows, rng
        self.elus, self.maire = elus, elus[0]
        self.recorder: User = secretaire.user
        self.members = {member.pk: member for member in elus}
        self.rank = {pk: index for index, pk in enumerate(self.members)}
        self.people = {member.pk: councillor(member) for member in elus}
        self.in_office = frozenset(self.people.values())
        self.member_of = {
            person: self.members[pk] for pk, person in self.people.items()
        }

    def hold(
        self, seance: Seance, items: list[AgendaItem], *, closed: bool = True
    ) -> SeanceRecord:
        """Open ``seance`` and take its roll call; when ``closed``, examine
        and vote each of ``items`` too, and close it."""
        opened_at = seance.starts_at + timedelta(minutes=self.rng.randint(0, 10))
        roll_call_at = opened_at + timedelta(minutes=5)
        attendances = self._roll_call(roll_call_at)
        present = [row.member for row in attendances if row.status == Status.PRESENT]
        others = [member for member in present if member is not self.maire]
        sitting = new(
            Sitting,
            seance=seance,
            opened_at=opened_at,
            opened_by=self.recorder,
            president=self.maire,
            secretaire=self.rng.choice(others) if others else self.maire,
            auxiliary=self.recorder.full_name,
            roll_call_at=roll_call_at,
            created_at=opened_at,
            updated_at=roll_call_at,
        )
        for row in attendances:
            row.sitting = sitting
            row.sitting_id = sitting.pk
        self.rows.add(sitting, *attendances)
        # Nobody arrives or leaves: the room of the roll call all evening.
        presence = Room(self.members, attendances, []).at(roll_call_at)
        points: list[PointRecord] = []
        if closed:
            at = roll_call_at
            for item in items:
                at += timedelta(minutes=self.rng.randint(3, 12))
                points.append(self._point(sitting, presence, item, at))
            sitting.closed_at = at + timedelta(minutes=self.rng.randint(5, 20))
            sitting.updated_at = sitting.closed_at
        return SeanceRecord(
            seance=seance,
            sitting=sitting,
            in_office=list(self.members.values()),
            roll_call=attendances,
            movements=[],
            points=points,
        )

    def _roll_call(self, at: datetime) -> list[Attendance]:
        """Most members present, and always more than half (a séance that
        failed its quorum is convened again, which the dataset does not
        draw); some absent excused, some represented (L2121-20: one
        procuration held at most, by a member present)."""
        threshold = quorum_threshold(len(self.elus))
        present = {self.maire.pk}
        for member in self.elus[1:]:
            if self.rng.random() < 0.82:
                present.add(member.pk)
        missing = [member for member in self.elus if member.pk not in present]
        self.rng.shuffle(missing)
        while len(present) <= threshold and missing:
            present.add(missing.pop().pk)
        holders = sorted(present, key=self.rank.__getitem__)
        self.rng.shuffle(holders)
        rows = []
        for member in self.elus:
            status, mandataire = Status.PRESENT, None
            if member.pk not in present:
                draw = self.rng.random()
                if draw < 0.45 and holders:
                    status, mandataire = Status.REPRESENTE, self.members[holders.pop()]
                elif draw < 0.8:
                    status = Status.EXCUSE
                else:
                    status = Status.ABSENT
            rows.append(
                new(
                    Attendance,
                    member=member,
                    status=status,
                    mandataire=mandataire,
                    created_at=at,
                    updated_at=at,
                )
            )
        return rows

    def _point(
        self, sitting: Sitting, presence: Presence, item: AgendaItem, at: datetime
    ) -> PointRecord:
        interested: list[Membership] = []
        if item.is_deliberation and self.rng.random() < 0.03:
            voters = [pk for pk in self.members if self.people[pk] in presence.present]
            pk = self.rng.choice([pk for pk in voters if pk != self.maire.pk] or voters)
            interested.append(self.members[pk])
            self.rows.add(
                new(
                    Interest,
                    item=item,
                    member=self.members[pk],
                    recorded_by=self.recorder,
                    created_at=at,
                    updated_at=at,
                )
            )
        aside = frozenset(self.people[member.pk] for member in interested)
        check = check_point_quorum(
            PointAttendance(
                in_office=self.in_office,
                present=presence.present,
                interested=aside & presence.present,
            )
        )
        examination = new(
            Examination,
            item=item,
            sitting=sitting,
            opened_at=at,
            members_in_office=check.members_in_office,
            threshold=check.threshold,
            counted_present=check.counted_present,
            quorum_required=check.required,
            quorum_met=check.met,
            debates=sentence(self.rng, words=self.rng.randint(20, 60))
            if self.rng.random() < 0.3
            else "",
            created_at=at,
            updated_at=at,
        )
        self.rows.add(examination)
        voters = point_voters(presence, interested=aside)
        present = [self.member_of[one] for one in voters.voting | voters.standing_aside]
        present.sort(key=lambda member: self.rank[member.pk])
        votes = []
        if item.is_deliberation and item.is_active:
            votes.append(self._vote(item, voters, at))
        return PointRecord(
            item=item,
            examination=examination,
            present=present,
            represented=[
                Represented(self.member_of[mandant], self.member_of[mandataire])
                for mandant, mandataire in voters.proxies.items()
            ],
            interested=interested,
            votes=votes,
            corrections=[],
            carried_from=None,
        )

    def _vote(
        self, item: AgendaItem, voters: PointVoters, opened: datetime
    ) -> VoteRecord:
        """A vote by show of hands entered "tous pour sauf…", as
        ``proceedings.voting.record_open_vote`` counts and stores it."""
        at = opened + timedelta(minutes=self.rng.randint(2, 8))
        mode = vote_mode(present=len(voters.voting) + len(voters.standing_aside))
        result_ballots, result = count_point_vote(
            voters,
            mode=mode,
            president=self.people[self.maire.pk],
            exceptions=self._exceptions(voters),
        )
        vote = new(
            Vote,
            item=item,
            kind=Vote.Kind.DELIBERATION,
            round_number=1,
            mode=result.mode.value,
            pour=result.pour,
            contre=result.contre,
            abstentions=result.abstentions,
            ne_prend_pas_part=result.ne_prend_pas_part,
            outcome=result.outcome.value,
            casting_vote=result.casting_vote,
            explanation=result.explanation,
            president=self.maire,
            at=at,
            recorded_by=self.recorder,
            created_at=at,
            updated_at=at,
        )
        choices = [
            new(
                VoteChoice,
                vote=vote,
                member=self.member_of[ballot.member],
                choice=ballot.choice.value,
                mandataire=(
                    self.member_of[ballot.mandataire] if ballot.mandataire else None
                ),
                created_at=at,
                updated_at=at,
            )
            for ballot in result_ballots
        ]
        self.rows.add(vote, *choices)
        # The record reads the voices in the order of their ids.
        names: dict[str, list[Membership]] = {}
        by_proxy: dict[UUID, Membership] = {}
        for choice in sorted(choices, key=lambda one: one.pk):
            member = self.members[choice.member_id]
            names.setdefault(choice.choice, []).append(member)
            if choice.mandataire_id:
                by_proxy[member.pk] = self.members[choice.mandataire_id]
        return VoteRecord(vote=vote, names=names, by_proxy=by_proxy)

    def _exceptions(self, voters: PointVoters) -> dict[Councillor, Choice]:
        """Mostly unanimity; else a few against or abstaining, and now and
        then an opposition that carries the vote."""
        people = sorted(
            [*voters.voting, *voters.proxies],
            key=lambda one: str(one.id),
        )
        draw = self.rng.random()
        if draw < 0.72 or not people:
            return {}
        if draw < 0.97:
            chosen = self.rng.sample(people, min(len(people), self.rng.randint(1, 3)))
            return {
                one: self.rng.choice((Choice.CONTRE, Choice.ABSTENTION))
                for one in chosen
            }
        chosen = self.rng.sample(people, len(people) // 2 + 1)
        return dict.fromkeys(chosen, Choice.CONTRE)
