"""When a séance may be held, and when what happens in it may be dated
(CGCT L2121-10, L2121-11, L2121-12, L2121-17), RULES §1.3, §1.4, §2, §5.

- The convocation names the day of the séance and the jours francs are
  counted up to that day (L2121-10 to L2121-12): a séance opened before it
  would cut the delay the councillors were given; opened on a later day it
  is another meeting, that nobody was convened to, and needs a new
  convocation [S for the delay, K for the later day].
- Everything recorded during the séance (an arrival, a departure, the
  closing) happened between its opening and now, or its closing: the
  quorum of each point and the voters of each vote are replayed from those
  moments (L2121-17, L2121-20).

Plain ``date`` and aware ``datetime`` values only; the caller gives the
commune's calendar day (Europe/Paris).
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, tzinfo

from domain.council import Councillor
from domain.french import elide
from domain.procurations import Procuration


def opening_day_refusal(convened: date, today: date) -> str | None:
    """Why a séance convened for ``convened`` cannot be opened ``today``,
    or None when it is its day (L2121-10, L2121-12)."""
    if today == convened:
        return None
    day = f"{convened:%d/%m/%Y}"
    if today < convened:
        return (
            f"La séance est convoquée pour le {day} : elle ne peut pas être "
            "ouverte avant ce jour, car les élus ont été convoqués pour cette "
            "date et le délai de convocation en jours francs serait raccourci "
            "(CGCT L2121-11, L2121-12). Si la réunion doit avoir lieu plus tôt, "
            "déplacez la séance et envoyez une nouvelle convocation, en "
            "urgence si nécessaire."
        )
    return (
        f"La séance était convoquée pour le {day} : la tenir un autre jour, "
        "c'est tenir une autre réunion, à laquelle personne n'a été convoqué "
        "(CGCT L2121-10). Fixez une nouvelle date et envoyez une nouvelle "
        "convocation dans le délai légal. Si la séance s'est bien ouverte ce "
        "jour-là sans atteindre le quorum, c'est la nouvelle convocation "
        "faute de quorum qui s'applique (CGCT L2121-17)."
    )


def moment_refusal(
    moment: datetime, *, opened_at: datetime, until: datetime, what: str
) -> str | None:
    """Why ``what`` cannot be dated ``moment`` in a séance opened at
    ``opened_at`` and not later than ``until`` (now, or its closing), or
    None when it may. Give the moments in the commune's time zone: the
    message says their hour."""
    if moment < opened_at.replace(second=0, microsecond=0):
        return (
            f"{what} ne peut pas être avant l'ouverture de la séance, à "
            f"{_hour(opened_at)}."
        )
    if moment > until:
        return f"{what} ne peut pas être après {_hour(until)} : c'est encore à venir."
    return None


def typed_moment(opened_at: datetime, value: time, zone: tzinfo) -> datetime:
    """The moment of a time typed during a séance opened at ``opened_at``:
    on the day of the opening, or on the next day for a time earlier than
    the opening, since a séance may go on past midnight."""
    local = opened_at.astimezone(zone)
    moment = datetime.combine(local.date(), value, tzinfo=zone)
    if value < local.time().replace(second=0, microsecond=0):
        moment = datetime.combine(local.date() + timedelta(days=1), value, tzinfo=zone)
    return moment


def _hour(moment: datetime) -> str:
    return f"{moment:%H}h{moment:%M}"


def absent_mandataire_refusals(
    procurations: Iterable[Procuration], present: frozenset[Councillor]
) -> list[str]:
    """The procurations handed in at the roll call whose mandataire is not
    present: refused, since the mandataire casts the vote in the room
    (L2121-20) [S]. Accepted silently, such a procuration would vote on no
    point and vanish from the record."""
    return [
        f"{p.mandataire} ne peut pas détenir la procuration "
        f"{elide('de', str(p.mandant))} : {p.mandataire} n'est pas présent(e) à "
        "l'appel, et c'est en séance que le mandataire vote (CGCT L2121-20). "
        f"Marquez {p.mandataire} présent(e), ou choisissez un collègue présent, "
        f"ou indiquez {str(p.mandant)} absent(e) sans procuration."
        for p in procurations
        if p.mandataire not in present
    ]
