"""The room of a séance read from its rows, in the terms of the rules
(``domain.attendance``): who is in office at the séance's date, who is
present at a moment, whose procuration votes on a point.

Every function takes the rows already fetched, so that a page or the
record computes the room of each point in memory, with no query per point.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet

from collectivites.models import Membership
from convocations.procurations import councillor
from domain.attendance import Movement as MovementRule
from domain.attendance import PointVoters, Presence, point_voters, presence_at
from domain.council import Councillor
from domain.procurations import Procuration as ProcurationRule
from proceedings.models import Attendance, Movement, Sitting
from seances.models import Seance


def in_office_at(seance: Seance) -> QuerySet[Membership]:
    """The members of the council in office on the séance's day: a
    councillor who resigned before it is in no count, list or vote; the
    one who replaced him is (L2121-17, "membres en exercice")."""
    return (
        Membership.objects.current(seance.local_start.date())
        .elus()
        .filter(collectivite_id=seance.collectivite_id)
        .select_related("user")
        .order_by("rank", "user__last_name", "user__first_name", "pk")
    )


@dataclass(frozen=True)
class Room:
    """The roll call and the movements of a sitting, ready to replay."""

    members: dict[UUID, Membership]
    attendances: list[Attendance]
    movements: list[Movement]

    def councillor(self, member_id: UUID) -> Councillor:
        return councillor(self.members[member_id])

    @property
    def in_office(self) -> frozenset[Councillor]:
        return frozenset(councillor(member) for member in self.members.values())

    def at(self, moment: datetime) -> Presence:
        present = [
            self.councillor(row.member_id)
            for row in self.attendances
            if row.status == Attendance.Status.PRESENT
        ]
        procurations = [
            ProcurationRule(
                self.councillor(row.member_id), self.councillor(row.mandataire_id)
            )
            for row in self.attendances
            if row.mandataire_id is not None
        ]
        movements = [
            MovementRule(
                self.councillor(row.member_id),
                row.at,
                arrives=row.kind == Movement.Kind.ARRIVEE,
                mandataire=(
                    self.councillor(row.mandataire_id) if row.mandataire_id else None
                ),
            )
            for row in self.movements
            if row.member_id in self.members
        ]
        return presence_at(present, procurations, movements, moment)

    def voters(
        self, moment: datetime, interested_ids: Iterable[UUID] = ()
    ) -> PointVoters:
        interested = frozenset(
            self.councillor(pk) for pk in interested_ids if pk in self.members
        )
        return point_voters(self.at(moment), interested=interested)

    def member_of(self, person: Councillor) -> Membership:
        return self.members[UUID(str(person.id))]


def room_of(sitting: Sitting) -> Room:
    """Three queries: the members in office, the roll call, the movements.

    The members in office are those of the roll call, written when the
    séance was opened (``Sitting.members_in_office`` of them): an élu added
    or ended afterwards changes no quorum, page, screen, procès-verbal or
    délibération of a séance already opened (L2121-17)."""
    members = {
        member.pk: member
        for member in Membership.objects.filter(
            pk__in=sitting.attendances.values("member_id")
        )
        .select_related("user")
        .order_by("rank", "user__last_name", "user__first_name", "pk")
    }
    attendances = [
        row
        for row in sitting.attendances.all()
        if row.mandataire_id is None or row.mandataire_id in members
    ]
    movements = list(sitting.movements.order_by("at", "created_at"))
    return Room(members, attendances, movements)
