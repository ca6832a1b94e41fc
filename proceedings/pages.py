"""What the pages of a séance being held show, gathered in a fixed number
of queries: the record so far, the room now, the quorum now."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from collectivites.models import Membership
from domain.quorum import PointAttendance, QuorumCheck, check_point_quorum
from proceedings.models import Sitting
from proceedings.presence import Room, room_of
from proceedings.record import PointRecord, SeanceRecord, seance_record
from proceedings.services import is_reconvened
from seances.models import AgendaItem, Seance


@dataclass(frozen=True)
class Live:
    """The room now: always shown while the séance is held."""

    in_office: int
    present: list[Membership]
    represented: list[tuple[Membership, Membership]]
    quorum: QuorumCheck


@dataclass(frozen=True)
class RunPage:
    record: SeanceRecord
    room: Room | None
    live: Live | None

    @property
    def sitting(self) -> Sitting | None:
        return self.record.sitting


def live(sitting: Sitting, room: Room, moment: datetime | None = None) -> Live:
    presence = room.at(moment or timezone.now())
    voters = room.voters(moment or timezone.now())
    check = check_point_quorum(
        PointAttendance(in_office=room.in_office, present=presence.present),
        waived=is_reconvened(sitting.seance),
    )
    present = [room.member_of(person) for person in presence.present]
    order = list(room.members)
    present.sort(key=lambda member: order.index(member.pk))
    return Live(
        in_office=len(room.members),
        present=present,
        represented=[
            (room.member_of(mandant), room.member_of(mandataire))
            for mandant, mandataire in voters.proxies.items()
        ],
        quorum=check,
    )


def run_page(seance: Seance) -> RunPage:
    record = seance_record(seance)
    if record.sitting is None:
        return RunPage(record, None, None)
    room = room_of(record.sitting)
    return RunPage(record, room, live(record.sitting, room))


@dataclass(frozen=True)
class PointPage:
    page: RunPage
    point: PointRecord
    voices: list[tuple[Membership, Membership | None]]

    @property
    def item(self) -> AgendaItem:
        return self.point.item


def point_page(item: AgendaItem) -> PointPage:
    page = run_page(item.seance)
    point = next(one for one in page.record.points if one.item.pk == item.pk)
    voices: list[tuple[Membership, Membership | None]] = []
    # TODO(proceedings): the voices offered are those of the room now; a
    # correction is counted on the room at the vote corrected
    # (``voting.prepare``), which may differ if someone moved since.
    if page.room is not None:
        room = page.room
        interested = [member.pk for member in point.interested]
        voters = room.voters(timezone.now(), interested)
        order = list(room.members)
        direct = sorted(
            (room.member_of(person) for person in voters.voting),
            key=lambda member: order.index(member.pk),
        )
        voices = [(member, None) for member in direct]
        voices += sorted(
            (
                (room.member_of(mandant), room.member_of(mandataire))
                for mandant, mandataire in voters.proxies.items()
            ),
            key=lambda pair: order.index(pair[0].pk),
        )
    return PointPage(page, point, voices)
