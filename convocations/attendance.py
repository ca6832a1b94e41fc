"""The attendance announced before a séance, for those who prepare it: who
answered what, who has not answered, the procurations, and whether the
quorum is likely (CGCT L2121-17, ``domain.quorum``)."""

from dataclasses import dataclass

from django.utils import timezone

from collectivites.models import Membership
from convocations.models import Delivery, Procuration, Reply
from convocations.procurations import councillor, in_force
from convocations.services import recipients_of
from domain.quorum import PointAttendance, check_point_quorum
from seances.models import Seance


@dataclass(frozen=True)
class Row:
    member: Membership
    delivery: Delivery | None
    reply: Reply | None
    gives_to: Membership | None
    holds_for: Membership | None


@dataclass(frozen=True)
class ExpectedAttendance:
    rows: list[Row]
    present: int
    absent: int
    unanswered: int
    procurations: list[Procuration]
    quorum: str
    likely: bool | None
    warnings: list[str]

    @property
    def in_office(self) -> int:
        return len(self.rows)


def expected_attendance(seance: Seance) -> ExpectedAttendance:
    """Three queries, whatever the size of the council.

    The base is the members in office today, not those convened: someone
    who resigned since the sending leaves it, and only members physically
    present count for the quorum, never the represented ones (L2121-17).
    A commission's meeting has no quorum of law; none is computed."""
    members = list(recipients_of(seance, timezone.localdate()))
    deliveries = {
        delivery.recipient_id: delivery
        for delivery in Delivery.objects.filter(
            convocation__seance=seance, recipient__in=[m.pk for m in members]
        ).select_related("reply")
    }
    procurations = list(in_force(seance))
    gives = {p.mandant_id: p.mandataire for p in procurations}
    holds = {p.mandataire_id: p.mandant for p in procurations}
    rows = []
    for member in members:
        delivery = deliveries.get(member.pk)
        reply = getattr(delivery, "reply", None) if delivery else None
        rows.append(
            Row(member, delivery, reply, gives.get(member.pk), holds.get(member.pk))
        )
    answers = [row.reply.answer for row in rows if row.reply is not None]
    present = answers.count(Reply.Answer.PRESENT)
    unanswered = len(rows) - len(answers)
    quorum, likely = ("", None)
    if seance.is_council:
        quorum, likely = _quorum_forecast(rows, unanswered, procurations)
    return ExpectedAttendance(
        rows=rows,
        present=present,
        absent=len(answers) - present,
        unanswered=unanswered,
        procurations=procurations,
        quorum=quorum,
        likely=likely,
        warnings=_warnings(rows),
    )


def _quorum_forecast(
    rows: list[Row], unanswered: int, procurations: list[Procuration]
) -> tuple[str, bool]:
    """The sentence the secrétaire reads, and whether the quorum is likely."""
    announced = frozenset(
        councillor(row.member)
        for row in rows
        if row.reply is not None and row.reply.answer == Reply.Answer.PRESENT
    )
    check = check_point_quorum(
        PointAttendance(
            in_office=frozenset(councillor(row.member) for row in rows),
            present=announced,
            represented=frozenset(
                councillor(row.member)
                for row in rows
                if row.gives_to is not None and councillor(row.member) not in announced
            ),
        )
    )
    counted = check.counted_present
    figures = (
        f"{counted} présent{_plural(counted)} annoncé{_plural(counted)} "
        f"sur {check.members_in_office}, il en faut {check.threshold}"
    )
    if check.met:
        sentence = f"Quorum probablement atteint : {figures}."
    elif counted + unanswered >= check.threshold:
        sentence = (
            f"Quorum pas encore assuré : {figures} ; {unanswered} élu"
            f"{_plural(unanswered)} n'{_plural(unanswered, 'a', 'ont')} "
            "pas encore répondu."
        )
    else:
        even = ""
        if unanswered == 1:
            even = ", et le seul élu sans réponse n'y suffirait pas"
        elif unanswered:
            even = f", et les {unanswered} élus sans réponse n'y suffiraient pas"
        sentence = (
            f"Quorum compromis : {figures}{even}. Sans quorum, le conseil doit "
            "être convoqué à nouveau (CGCT L2121-17)."
        )
    if len(procurations) == 1:
        sentence += " La procuration ne compte pas pour le quorum (CGCT L2121-17)."
    elif procurations:
        sentence += (
            f" Les {len(procurations)} procurations ne comptent pas pour le "
            "quorum (CGCT L2121-17)."
        )
    return sentence, check.met


def _warnings(rows: list[Row]) -> list[str]:
    """Procurations that cannot be exercised as things stand: their holder
    announced they will not come (``domain.procurations.proxies_for_point``
    will set them aside at the vote)."""
    away = {
        row.member.pk
        for row in rows
        if row.reply is not None and row.reply.answer != Reply.Answer.PRESENT
    }
    return [
        f"{row.member.user.full_name} détient la procuration de "
        f"{row.holds_for.user.full_name} mais a annoncé son absence : "
        "cette procuration ne pourra pas être exercée."
        for row in rows
        if row.holds_for is not None and row.member.pk in away
    ]


def _plural(count: int, one: str = "", many: str = "s") -> str:
    """French plural: 0 and 1 are singular (« 0 présent annoncé »)."""
    return many if count > 1 else one
