"""Holding a séance of the council: opening, roll call, arrivals and
departures, each point opened with its quorum, interested councillors,
debates, withdrawal and closing (CGCT L2121-15, L2121-20, L2131-11).

Each function works in one transaction, locks what two people could change
at once, and writes the journal. A refusal raises ``ValidationError`` with
a French message before anything is stored. The votes are in
``proceedings.voting``, the new convocation after a failed quorum in
``proceedings.reconvocation``.
"""

from collections.abc import Mapping
from datetime import date, datetime, time
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from collectivites.models import Membership
from convocations.models import Reply
from convocations.procurations import councillor, in_force
from domain.french import elide
from domain.procurations import Procuration as ProcurationRule
from domain.procurations import validate_procurations
from domain.quorum import PointAttendance, QuorumCheck, check_point_quorum
from domain.roles import Role
from domain.sitting import (
    absent_mandataire_refusals,
    moment_refusal,
    opening_day_refusal,
    typed_moment,
)
from journal.services import record
from proceedings.models import (
    Attendance,
    CarriedPoint,
    Examination,
    Interest,
    Movement,
    Sitting,
    Vote,
)
from proceedings.presence import Room, in_office_at, room_of
from seances.models import PARIS, AgendaItem, Seance
from seances.services import set_outcome

Status = Attendance.Status
REASON_AFTER_CLOSING = (
    "La séance est close : indiquez le motif de la correction, qui sera "
    "inscrit au journal."
)


def open_seance(seance: Seance, *, by: User, on: date | None = None) -> Sitting:
    """Open a convened séance of the council and prefill its roll call.

    The roll call lists the members in office on the séance's day only
    (``in_office_at``), from their answers to the convocation: present,
    absent excused, absent with the written procuration declared before
    the séance. Those who did not answer are absent until called. A
    procuration the rules refuse (L2121-20) is not prefilled. It opens on
    the day convened only (``domain.sitting.opening_day_refusal``):
    ``on`` is that day, today unless a séance held before it was entered
    in Quorum is recorded afterwards (the demo's history); the pages never
    give it.
    """
    with transaction.atomic():
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        if not locked.is_council:
            raise ValidationError(
                "Seules les séances du conseil municipal se tiennent ici."
            )
        if locked.status != Seance.Status.CONVOQUEE:
            raise ValidationError(
                f"Une séance « {locked.get_status_display()} » ne peut pas être "
                "ouverte : il faut qu'elle soit convoquée."
            )
        # The convocation named the day (L2121-10, L2121-12): not before
        # it, and a later day is another meeting to convene.
        wrong_day = opening_day_refusal(
            locked.local_start.date(), on or timezone.localdate()
        )
        if wrong_day is not None:
            raise ValidationError(wrong_day)
        members = list(in_office_at(locked))
        sitting = Sitting.objects.create(
            seance=locked,
            opened_at=timezone.now(),
            opened_by=by,
            president=_default_president(members),
            members_in_office=len(members),
        )
        Attendance.objects.bulk_create(_prefilled(locked, sitting, members))
        locked.status = Seance.Status.EN_COURS
        locked.save(update_fields=["status", "updated_at"])
        record(
            "seance.opened",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            sitting=str(sitting.pk),
            opened_at=sitting.opened_at.isoformat(),
            in_office=[str(member.pk) for member in members],
        )
    return sitting


def _default_president(members: list[Membership]) -> Membership | None:
    """The maire, or else the first in the order of the tableau (L2122-17)."""
    maire = next((m for m in members if m.role == Role.MAIRE), None)
    return maire or next((m for m in members if m.rank is not None), None)


def _prefilled(
    seance: Seance, sitting: Sitting, members: list[Membership]
) -> list[Attendance]:
    answers = dict(
        Reply.objects.filter(
            delivery__convocation__seance=seance,
            delivery__recipient__in=[member.pk for member in members],
        ).values_list("delivery__recipient_id", "answer")
    )
    ids = {member.pk for member in members}
    declared = [
        p for p in in_force(seance) if p.mandant_id in ids and p.mandataire_id in ids
    ]
    by_rule = {(p.mandant_id, p.mandataire_id): p for p in declared}
    accepted = validate_procurations(
        [
            ProcurationRule(councillor(p.mandant), councillor(p.mandataire))
            for p in declared
        ],
        frozenset(councillor(member) for member in members),
    ).accepted
    kept = {
        rule.mandant.id: by_rule[(rule.mandant.id, rule.mandataire.id)]
        for rule in accepted
    }
    rows = []
    for member in members:
        answer = answers.get(member.pk)
        procuration = kept.get(member.pk)
        if procuration is not None:
            status = Status.REPRESENTE
        elif answer == Reply.Answer.PRESENT:
            status = Status.PRESENT
        elif answer is not None:
            status = Status.EXCUSE
        else:
            status = Status.ABSENT
        rows.append(
            Attendance(
                sitting=sitting,
                member=member,
                status=status,
                mandataire=procuration.mandataire if procuration else None,
                procuration=procuration,
            )
        )
    return rows


def record_roll_call(
    sitting: Sitting,
    *,
    by: User,
    entries: Mapping[UUID, tuple[str, UUID | None]],
    president: Membership | None,
    secretaire: Membership | None,
    auxiliary: str = "",
    reason: str = "",
) -> QuorumCheck:
    """Record the roll call and the secrétaire de séance; return the
    quorum at the opening (L2121-17).

    ``entries`` maps a member in office to their status and, when
    represented, their mandataire. Procurations are checked as L2121-20
    says (one held at most, to a member in office, not to oneself, to a
    member present: the mandataire votes in the room). The president and the secrétaire de séance are
    members present (L2121-14, L2121-15). Taken again once a vote is
    recorded or the séance closed, the roll call needs a reason.
    """
    with transaction.atomic():
        locked = lock_sitting(sitting)
        room = room_of(locked)
        corrected = locked.roll_call_at is not None and (
            locked.is_closed
            or Vote.objects.filter(item__seance=locked.seance_id).exists()
        )
        if corrected and not reason.strip():
            raise ValidationError(
                {
                    "reason": "Des votes sont déjà enregistrés : indiquez le "
                    "motif de la correction de l'appel."
                }
            )
        rows = {row.member_id: row for row in locked.attendances.all()}
        planned = _planned(room, rows, entries)
        present = {
            pk for pk, (status, _) in planned.items() if status == Status.PRESENT
        }
        _check_officers(room, present, president, secretaire)
        _store_roll_call(rows, planned)
        first = locked.roll_call_at is None
        locked.roll_call_at = locked.roll_call_at or timezone.now()
        locked.president = president
        locked.secretaire = secretaire
        locked.auxiliary = auxiliary.strip()
        locked.save(
            update_fields=[
                "roll_call_at",
                "president",
                "secretaire",
                "auxiliary",
                "updated_at",
            ]
        )
        check = opening_quorum(locked)
        record(
            "seance.roll_call" if first else "seance.roll_call_corrected",
            collectivite=locked.seance.collectivite,
            actor=by,
            target=locked.seance,
            roll_call={
                str(pk): [row.status, str(row.mandataire_id or "")]
                for pk, row in rows.items()
            },
            president=str(president.pk) if president else "",
            secretaire=str(secretaire.pk) if secretaire else "",
            auxiliary=locked.auxiliary,
            quorum_met=check.met,
            counted_present=check.counted_present,
            threshold=check.threshold,
            reason=reason.strip(),
        )
    return check


def _planned(
    room: Room,
    rows: dict[UUID, Attendance],
    entries: Mapping[UUID, tuple[str, UUID | None]],
) -> dict[UUID, tuple[str, UUID | None]]:
    """The roll call after ``entries``, checked, for every member."""
    planned = {pk: (row.status, row.mandataire_id) for pk, row in rows.items()}
    for member_id, (status, mandataire_id) in entries.items():
        if member_id not in rows or member_id not in room.members:
            raise ValidationError("Ce membre n'est pas en exercice à cette séance.")
        if status not in Status.values:
            raise ValidationError("État de présence inconnu.")
        if status != Status.REPRESENTE:
            mandataire_id = None
        elif mandataire_id is None:
            name = room.members[member_id].user.full_name
            raise ValidationError(
                f"Choisissez le collègue qui détient la procuration {elide('de', name)}."
            )
        planned[member_id] = (status, mandataire_id)
    rules = []
    for member_id, (_, mandataire_id) in planned.items():
        if mandataire_id is None:
            continue
        if mandataire_id not in room.members:
            raise ValidationError(
                "Une procuration se donne à un membre en exercice du conseil "
                "(CGCT L2121-20)."
            )
        rules.append(
            ProcurationRule(room.councillor(member_id), room.councillor(mandataire_id))
        )
    refused = validate_procurations(rules, room.in_office).refused
    if refused:
        raise ValidationError(
            " ".join(refusal.reason for refusal in refused) + " (CGCT L2121-20)"
        )
    present = frozenset(
        room.councillor(pk)
        for pk, (status, _) in planned.items()
        if status == Status.PRESENT
    )
    absent_holders = absent_mandataire_refusals(rules, present)
    if absent_holders:
        raise ValidationError(" ".join(absent_holders))
    return planned


def _store_roll_call(
    rows: dict[UUID, Attendance], planned: dict[UUID, tuple[str, UUID | None]]
) -> None:
    """Write the changed rows; their procurations are cleared first, so
    that two members exchanging mandataires never meet the database's
    rule of one procuration held."""
    changed = [
        row
        for pk, row in rows.items()
        if (row.status, row.mandataire_id) != planned[pk]
    ]
    Attendance.objects.filter(pk__in=[row.pk for row in changed]).update(
        mandataire=None
    )
    now = timezone.now()
    for row in changed:
        status, mandataire_id = planned[row.member_id]
        if row.mandataire_id != mandataire_id:
            row.procuration = None
        row.status, row.mandataire_id, row.updated_at = status, mandataire_id, now
    Attendance.objects.bulk_update(
        changed, ["status", "mandataire", "procuration", "updated_at"]
    )


def _check_officers(
    room: Room,
    present: set[UUID],
    president: Membership | None,
    secretaire: Membership | None,
) -> None:
    errors = {}
    if president is not None and president.pk not in present:
        errors["president"] = "Le président de séance est un membre présent."
    if secretaire is None:
        errors["secretaire"] = (
            "Désignez le secrétaire de séance parmi les membres présents "
            "(CGCT L2121-15)."
        )
    elif secretaire.pk not in present:
        errors["secretaire"] = (
            "Le secrétaire de séance est un membre du conseil présent "
            "(CGCT L2121-15) ; la secrétaire de mairie l'assiste comme "
            "auxiliaire."
        )
    if errors:
        raise ValidationError(errors)


def is_reconvened(seance: Seance) -> bool:
    return Sitting.objects.filter(reconvened_as=seance).exists()


def opening_quorum(sitting: Sitting, room: Room | None = None) -> QuorumCheck:
    """The quorum at the roll call: members present only (L2121-17)."""
    room = room or room_of(sitting)
    presence = room.at(sitting.roll_call_at or timezone.now())
    return check_point_quorum(
        PointAttendance(in_office=room.in_office, present=presence.present),
        waived=is_reconvened(sitting.seance),
    )


def record_movement(
    sitting: Sitting,
    *,
    by: User,
    member: Membership,
    kind: str,
    at: datetime | None = None,
    mandataire: Membership | None = None,
) -> Movement:
    """Record that a member arrives late or leaves early, at ``at`` (now by
    default); leaving, they may hand a written procuration to a colleague
    present for the remaining points (L2121-20 [K]). Attendance of each
    point follows from the time.

    The time lies between the opening and now, and not before a point
    already opened or voted: its quorum and its voters are stored as they
    were then (L2121-17). A member who leaves votes on no later point, in
    person; the procuration he holds no longer votes while he is away.
    Returns the movement; ``held_procuration_of`` says whose procuration
    the departing member held, for the page to tell it."""
    at = at or timezone.now()
    with transaction.atomic():
        locked = lock_sitting(sitting)
        require_open(locked)
        if locked.roll_call_at is None:
            raise ValidationError("Faites d'abord l'appel.")
        if kind not in Movement.Kind.values:
            raise ValidationError("Mouvement inconnu.")
        what = "Une arrivée" if kind == Movement.Kind.ARRIVEE else "Un départ"
        check_moment(locked, at, what=what)
        _check_after_recorded_points(locked, at, what=what)
        room = room_of(locked)
        if member.pk not in room.members:
            raise ValidationError("Ce membre n'est pas en exercice à cette séance.")
        presence = room.at(at)
        person = room.councillor(member.pk)
        if kind == Movement.Kind.ARRIVEE:
            mandataire = None
            if person in presence.present:
                raise ValidationError(f"{person} est déjà en séance à cette heure.")
        else:
            if person not in presence.present:
                raise ValidationError(f"{person} n'est pas en séance à cette heure.")
            if mandataire is not None:
                _check_departure_procuration(room, presence, person, mandataire)
        movement = Movement.objects.create(
            sitting=locked,
            member=member,
            kind=kind,
            at=at,
            mandataire=mandataire,
            recorded_by=by,
        )
        record(
            f"seance.{kind}",
            collectivite=locked.seance.collectivite,
            actor=by,
            target=movement,
            seance=str(locked.seance_id),
            member=str(member.pk),
            at=at.isoformat(),
            mandataire=str(mandataire.pk) if mandataire else "",
        )
    return movement


def _check_after_recorded_points(sitting: Sitting, at: datetime, *, what: str) -> None:
    """A movement dated before a point already opened or voted would change
    a quorum or a count already recorded: refused, the vote is corrected
    with its reason instead."""
    last_vote = (
        Vote.objects.filter(item__seance=sitting.seance_id, superseded_at__isnull=True)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    last_opening = (
        Examination.objects.filter(sitting=sitting)
        .order_by("-opened_at")
        .values_list("opened_at", flat=True)
        .first()
    )
    latest = max((m for m in (last_vote, last_opening) if m is not None), default=None)
    if latest is not None and at < latest.replace(second=0, microsecond=0):
        raise ValidationError(
            {
                "at": f"{what} ne peut pas être daté avant {latest.astimezone(PARIS):%H}h"
                f"{latest.astimezone(PARIS):%M}, heure d'un point déjà ouvert ou voté "
                "dont le quorum et les votants sont enregistrés (CGCT L2121-17). "
                "Indiquez une heure plus tardive, ou corrigez d'abord le vote avec "
                "son motif."
            }
        )


def held_procuration_of(sitting: Sitting, member: Membership, at: datetime) -> str:
    """The name of the mandant whose procuration ``member`` held at ``at``,
    or an empty string (L2121-20)."""
    room = room_of(sitting)
    if member.pk not in room.members:
        return ""
    holder = room.councillor(member.pk)
    mandant = next(
        (p.mandant for p in room.at(at).procurations if p.mandataire == holder), None
    )
    return str(mandant) if mandant is not None else ""


def _check_departure_procuration(
    room: Room, presence: object, person: object, mandataire: Membership
) -> None:
    if mandataire.pk not in room.members:
        raise ValidationError(
            "Une procuration se donne à un membre en exercice (CGCT L2121-20)."
        )
    holder = room.councillor(mandataire.pk)
    if holder not in presence.present:  # type: ignore[attr-defined]
        raise ValidationError(f"{holder} n'est pas en séance : il ne peut pas voter.")
    others = [
        p
        for p in presence.procurations  # type: ignore[attr-defined]
        if p.mandant != person
    ]
    proposed = ProcurationRule(person, holder)  # type: ignore[arg-type]
    check = validate_procurations([*others, proposed], room.in_office)
    refusal = next((r for r in check.refused if r.procuration is proposed), None)
    if refusal is not None:
        raise ValidationError(f"{refusal.reason} (CGCT L2121-20)")


def open_point(item: AgendaItem, *, by: User) -> Examination:
    """Open a point for discussion and check the quorum now (L2121-17):
    members physically present, less the interested ones (L2131-11);
    procurations never count. Without quorum the point cannot be examined;
    it is opened again once members arrive, or the séance is closed for
    want of quorum (``close_for_lack_of_quorum``). A point carried from a
    séance that failed its quorum is examined without quorum."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        sitting = lock_sitting(_sitting_of(locked.seance))
        require_open(sitting)
        if sitting.roll_call_at is None:
            raise ValidationError("Faites d'abord l'appel : il ouvre la séance.")
        if not locked.is_active:
            raise ValidationError(f"Ce point est {locked.get_outcome_display()}.")
        if Vote.objects.filter(item=locked, superseded_at__isnull=True).exists():
            raise ValidationError("Ce point est déjà voté.")
        now = timezone.now()
        check = point_quorum(locked, sitting, room_of(sitting), now)
        examination, _ = Examination.objects.update_or_create(
            item=locked,
            defaults={
                "sitting": sitting,
                "opened_at": now,
                "members_in_office": check.members_in_office,
                "threshold": check.threshold,
                "counted_present": check.counted_present,
                "quorum_required": check.required,
                "quorum_met": check.met,
            },
        )
        record(
            "point.opened" if check.met else "point.quorum_non_atteint",
            collectivite=sitting.seance.collectivite,
            actor=by,
            target=locked,
            seance=str(sitting.seance_id),
            members_in_office=check.members_in_office,
            threshold=check.threshold,
            counted_present=check.counted_present,
            quorum_required=check.required,
        )
    return examination


def point_quorum(
    item: AgendaItem, sitting: Sitting, room: Room, moment: datetime
) -> QuorumCheck:
    interested = frozenset(
        room.councillor(pk)
        for pk in item.interests.values_list("member_id", flat=True)
        if pk in room.members
    )
    presence = room.at(moment)
    return check_point_quorum(
        PointAttendance(
            in_office=room.in_office,
            present=presence.present,
            interested=interested & presence.present,
        ),
        waived=CarriedPoint.objects.filter(item=item).exists(),
    )


def set_interest(
    item: AgendaItem, *, by: User, member: Membership, interested: bool
) -> None:
    """Record that a member has a personal interest in a point, or withdraw
    it, before its vote: he takes part neither in the vote nor through his
    procuration (L2131-11). The PV says so."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        sitting = lock_sitting(_sitting_of(locked.seance))
        require_open(sitting)
        if Vote.objects.filter(item=locked, superseded_at__isnull=True).exists():
            raise ValidationError(
                "Ce point est déjà voté : corrigez le vote avec son motif."
            )
        if member.pk not in room_of(sitting).members:
            raise ValidationError("Ce membre n'est pas en exercice à cette séance.")
        existing = Interest.objects.filter(item=locked, member=member).first()
        if interested == (existing is not None):
            return
        if interested:
            Interest.objects.create(item=locked, member=member, recorded_by=by)
        else:
            existing.delete()  # type: ignore[union-attr]
        record(
            "point.interest_declared" if interested else "point.interest_withdrawn",
            collectivite=sitting.seance.collectivite,
            actor=by,
            target=locked,
            member=str(member.pk),
        )


def save_debates(
    item: AgendaItem, *, by: User, text: str, reason: str = ""
) -> Examination:
    """Keep the summary of a point's debates for the procès-verbal, during
    the séance or after it; once closed, a change needs a reason."""
    with transaction.atomic():
        sitting = lock_sitting(_sitting_of(item.seance))
        examination = Examination.objects.select_for_update().filter(item=item).first()
        if examination is None:
            raise ValidationError("Ouvrez d'abord le point.")
        if sitting.is_closed and not reason.strip():
            raise ValidationError({"reason": REASON_AFTER_CLOSING})
        before = examination.debates
        examination.debates = text.strip()
        if before == examination.debates:
            return examination
        examination.save(update_fields=["debates", "updated_at"])
        record(
            "point.debates_corrected" if sitting.is_closed else "point.debates_saved",
            collectivite=sitting.seance.collectivite,
            actor=by,
            target=item,
            length=len(examination.debates),
            reason=reason.strip(),
        )
    return examination


def set_point_outcome(item: AgendaItem, *, by: User, outcome: str) -> AgendaItem:
    """Withdraw or postpone a point during the séance, or maintain it
    again; not once it is voted (``seances.services.set_outcome`` journals
    it)."""
    with transaction.atomic():
        sitting = lock_sitting(_sitting_of(item.seance))
        require_open(sitting)
        if Vote.objects.filter(item=item, superseded_at__isnull=True).exists():
            raise ValidationError("Ce point est voté : il ne peut plus être retiré.")
        return set_outcome(item, by=by, outcome=outcome)


def close_seance(sitting: Sitting, *, by: User, at: datetime | None = None) -> Sitting:
    """Close the séance at ``at`` (now by default). From then on every
    correction needs a reason and goes to the journal. The closing lies
    between the opening and now, and after the last point opened or voted:
    the public screen, the procès-verbal and the délibérations print it."""
    with transaction.atomic():
        locked = lock_sitting(sitting)
        require_open(locked)
        at = at or timezone.now()
        check_moment(locked, at, what="La clôture")
        _check_after_recorded_points(locked, at, what="La clôture")
        locked.closed_at = at
        locked.save(update_fields=["closed_at", "updated_at"])
        Seance.objects.filter(pk=locked.seance_id).update(
            status=Seance.Status.CLOSE, updated_at=timezone.now()
        )
        record(
            "seance.closed",
            collectivite=locked.seance.collectivite,
            actor=by,
            target=locked.seance,
            closed_at=locked.closed_at.isoformat(),
            votes=Vote.objects.filter(
                item__seance=locked.seance_id, superseded_at__isnull=True
            ).count(),
        )
        # The délibérations take their numbers in the same transaction
        # (R2121-9); their PDFs are drawn once it commits.
        from actes.services import deliberate  # noqa: PLC0415 - actes reads us

        deliberate(locked, by=by)
    return locked


def _sitting_of(seance: Seance) -> Sitting:
    sitting = Sitting.objects.filter(seance=seance).first()
    if sitting is None:
        raise ValidationError("La séance n'est pas encore ouverte.")
    return sitting


def lock_sitting(sitting: Sitting) -> Sitting:
    return (
        Sitting.objects.select_for_update()
        .select_related("seance__collectivite")
        .get(pk=sitting.pk)
    )


def require_open(sitting: Sitting) -> None:
    if sitting.is_closed:
        raise ValidationError("La séance est close.")


def local_time(sitting: Sitting, value: time | None) -> datetime | None:
    """A time typed during the séance: on the day it was opened, in Paris
    (the next day for a time before the opening, past midnight)."""
    if value is None:
        return None
    return typed_moment(sitting.opened_at, value, PARIS)


def check_moment(
    sitting: Sitting, moment: datetime, *, what: str, field: str = "at"
) -> None:
    """Refuse a moment before the opening of the séance or after now
    (L2121-17: the quorum and the voters are replayed from these moments)."""
    refusal = moment_refusal(
        moment.astimezone(PARIS),
        opened_at=sitting.opened_at.astimezone(PARIS),
        until=timezone.now().astimezone(PARIS),
        what=what,
    )
    if refusal is not None:
        raise ValidationError({field: refusal})
