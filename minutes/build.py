"""The first text of a procès-verbal, written from the record of the séance
(CGCT L2121-15): the opening (date, hour, president), the members present,
represented, absent, their arrivals and departures, the procurations, the
secrétaire de séance, the quorum, and for each point its rapporteur, the
summary of its debates and its vote, with the names of who voted what in
every public vote.

The text is HTML of ``seances.richtext``'s allow-list, which the
secrétaire then edits. The points à huis clos go to a second text, kept in
the original only: the copy put online shows their title and result alone
(RULES §11).
"""

from dataclasses import dataclass
from html import escape

from collectivites.models import Membership
from domain.french import elide
from domain.votes import Choice
from proceedings.models import Attendance, Movement
from proceedings.record import PointRecord, SeanceRecord, VoteRecord
from seances import richtext
from seances.models import PARIS
from web.french import date_format

CHOICE_LABELS = {
    Choice.POUR.value: "Pour",
    Choice.CONTRE.value: "Contre",
    Choice.ABSTENTION.value: "Abstention",
    Choice.NE_PREND_PAS_PART.value: "Ne prend pas part au vote",
}


@dataclass(frozen=True)
class Draft:
    body: str
    huis_clos_body: str


def draft_of(record: SeanceRecord) -> Draft:
    """The procès-verbal's first text, from the séance as it was held."""
    body = [*_opening(record), *_attendance(record)]
    secret = []
    for number, point in enumerate(_points(record), start=1):
        if point.item.huis_clos:
            body += _huis_clos_summary(number, point)
            secret += _point(number, point)
        else:
            body += _point(number, point)
    body += _closing(record)
    return Draft(
        body=richtext.sanitise("".join(body)),
        huis_clos_body=richtext.sanitise("".join(secret)),
    )


def _name(member: Membership | None) -> str:
    return escape(member.user.full_name) if member is not None else "—"


def _names(members: list[Membership]) -> str:
    return ", ".join(_name(member) for member in members) or "aucun"


def _p(text: str) -> str:
    return f"<p>{text}</p>"


def _strong(text: str) -> str:
    return f"<p><strong>{text}</strong></p>"


def _opening(record: SeanceRecord) -> list[str]:
    seance = record.seance
    sitting = record.sitting
    day = date_format(seance.local_start, "l j F Y")
    parts = [
        _strong(f"Procès-verbal de la séance du conseil municipal du {escape(day)}"),
        _p(
            f"Le conseil municipal de {escape(seance.collectivite.name)}, "
            f"régulièrement convoqué"
            + (
                f" le {date_format(seance.convened_on, 'j F Y')}"
                if seance.convened_on
                else ""
            )
            + f", s'est réuni au lieu suivant : {escape(seance.place)}."
        ),
    ]
    if sitting is not None:
        opened = sitting.opened_at.astimezone(PARIS)
        parts.append(
            _p(
                f"La séance est ouverte à {opened:%H} h {opened:%M} sous la "
                f"présidence {elide('de', _name(sitting.president))}."
            )
        )
        parts.append(
            _p(
                f"Secrétaire de séance : {_name(sitting.secretaire)}"
                + (
                    f", assisté(e) {elide('de', escape(sitting.auxiliary))}"
                    if sitting.auxiliary
                    else ""
                )
                + "."
            )
        )
    return parts


def _attendance(record: SeanceRecord) -> list[str]:
    if record.sitting is None:
        return []
    by_status: dict[str, list[Attendance]] = {}
    for row in record.roll_call:
        by_status.setdefault(row.status, []).append(row)
    present = [row.member for row in by_status.get(Attendance.Status.PRESENT, [])]
    represented = by_status.get(Attendance.Status.REPRESENTE, [])
    excused = [row.member for row in by_status.get(Attendance.Status.EXCUSE, [])]
    absent = [row.member for row in by_status.get(Attendance.Status.ABSENT, [])]
    parts = [
        _strong("Présences"),
        _p(f"Membres en exercice : {len(record.in_office)}."),
        _p(f"Présents à l'appel ({len(present)}) : {_names(present)}."),
    ]
    if represented:
        proxies = "; ".join(
            f"{_name(row.member)} à {_name(row.mandataire)}" for row in represented
        )
        parts.append(_p(f"Procurations ({len(represented)}) : {proxies}."))
    if excused:
        parts.append(_p(f"Absents excusés : {_names(excused)}."))
    if absent:
        parts.append(_p(f"Absents : {_names(absent)}."))
    movements = [_movement(movement) for movement in record.movements]
    if movements:
        parts.append(_p("Arrivées et départs :"))
        parts.append("<ul>" + "".join(f"<li>{m}</li>" for m in movements) + "</ul>")
    quorum = len(record.in_office) // 2 + 1
    parts.append(
        _p(
            f"Le quorum, de {quorum} membres présents, est "
            + ("atteint." if len(present) >= quorum else "non atteint.")
        )
    )
    return parts


def _movement(movement: Movement) -> str:
    at = movement.at.astimezone(PARIS)
    verb = "arrive" if movement.kind == Movement.Kind.ARRIVEE else "quitte la séance"
    text = f"{_name(movement.member)} {verb} à {at:%H} h {at:%M}"
    if movement.mandataire_id:
        text += f" et donne procuration à {_name(movement.mandataire)}"
    return text + "."


def _points(record: SeanceRecord) -> list[PointRecord]:
    return [point for point in record.points if point.item.is_active]


def _heading(number: int, point: PointRecord) -> str:
    return _strong(f"{number}. {escape(point.item.title)}")


def _huis_clos_summary(number: int, point: PointRecord) -> list[str]:
    # Not even its title: what the council decided à huis clos is published
    # as the délibération's adopted text, never from the procès-verbal.
    parts = [_strong(f"{number}. Point examiné à huis clos")]
    vote = point.vote
    if vote is not None:
        parts.append(_p(_result(vote)))
    return parts


def _point(number: int, point: PointRecord) -> list[str]:
    parts = [_heading(number, point)]
    item = point.item
    if item.rapporteur_id:
        parts.append(_p(f"Rapporteur : {_name(item.rapporteur)}."))
    if point.examination is not None:
        parts.append(
            _p(
                f"Présents : {len(point.present)} ; représentés : "
                f"{len(point.represented)} ; quorum "
                + ("atteint." if point.quorum_met else "non atteint.")
            )
        )
    if point.interested:
        parts.append(
            _p(
                f"Ne prennent part ni au débat ni au vote (intérêt personnel) : "
                f"{_names(point.interested)}."
            )
        )
    if point.debates:
        parts.append(_p("Débats :"))
        parts.append(richtext.sanitise(point.debates))
    for vote in point.votes:
        parts += _vote(vote)
    return parts


def _result(vote: VoteRecord) -> str:
    row = vote.vote
    if row.kind == row.Kind.NOMINATION:
        elected = f" ; est désigné(e) : {_name(row.elected)}" if row.elected else ""
        return (
            f"Désignation, tour {row.round_number}, "
            f"{row.get_mode_display().lower()} : {row.votants} votants{elected}."
        )
    outcome = "adoptée" if row.adopted else "rejetée"
    casting = " avec la voix prépondérante du président" if row.casting_vote else ""
    # In a secret ballot the third figure is the blank and spoiled papers,
    # which are not abstentions (L2121-21).
    blank = "bulletins blancs ou nuls" if row.is_secret else "abstentions"
    return (
        f"Vote {row.get_mode_display().lower()} : pour {row.pour}, contre "
        f"{row.contre}, {blank} {row.abstentions}. La délibération est "
        f"{outcome}{casting}."
    )


def _vote(vote: VoteRecord) -> list[str]:
    parts = [_p(_result(vote))]
    if vote.vote.is_secret or not vote.names:
        return parts
    lines = []
    for choice, label in CHOICE_LABELS.items():
        members = vote.names.get(choice, [])
        if not members:
            continue
        names = ", ".join(
            _name(member)
            + (
                f" (par {_name(vote.by_proxy[member.pk])})"
                if member.pk in vote.by_proxy
                else ""
            )
            for member in members
        )
        lines.append(f"<li>{label} : {names}</li>")
    if lines:
        parts.append("<ul>" + "".join(lines) + "</ul>")
    return parts


def _closing(record: SeanceRecord) -> list[str]:
    sitting = record.sitting
    if sitting is None or sitting.closed_at is None:
        return []
    closed = sitting.closed_at.astimezone(PARIS)
    return [_p(f"La séance est levée à {closed:%H} h {closed:%M}.")]
