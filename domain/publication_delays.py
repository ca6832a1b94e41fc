"""The weeks the law gives after a séance to make its acts known.

- The list of the délibérations examined at a séance is posted at the
  mairie and put online "dans un délai d'une semaine" (CGCT L2121-25) [S].
- The procès-verbal of a séance is approved ("arrêté") at the start of the
  next séance, then published within one week after the séance that
  approved it (CGCT L2121-15) [S].

A week runs to the same weekday of the next week: a séance on a Monday
leaves until the next Monday included. Nothing here is extended to the
next working day, as for the convocation delays (RULES §1.4).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Duty:
    """One thing to make public by ``due`` (included) because of the séance
    held on ``seance_day``; ``article`` is the rule that sets it."""

    kind: str
    seance_day: date
    due: date
    article: str


LISTE = "liste_deliberations"
PROCES_VERBAL = "proces_verbal"


def liste_deliberations_due(seance_day: date) -> date:
    """The last day to post and put online the list of the délibérations
    examined on ``seance_day`` (CGCT L2121-25)."""
    _require_date(seance_day)
    return seance_day + WEEK


def proces_verbal_due(approving_seance_day: date) -> date:
    """The last day to publish a procès-verbal approved at the séance held
    on ``approving_seance_day`` (CGCT L2121-15)."""
    _require_date(approving_seance_day)
    return approving_seance_day + WEEK


def publication_duties(council_days: list[date]) -> list[Duty]:
    """For the council's séances held on ``council_days`` (in any order):
    the list of each séance's délibérations, due a week after it
    (L2121-25), and the procès-verbal of each séance but the last, approved
    at the next séance and due a week after that one (L2121-15). Sorted by
    the day they are due."""
    days = sorted(set(council_days))
    for day in days:
        _require_date(day)
    duties = [
        Duty(LISTE, day, liste_deliberations_due(day), "L2121-25") for day in days
    ]
    duties += [
        Duty(PROCES_VERBAL, day, proces_verbal_due(following), "L2121-15")
        for day, following in zip(days, days[1:], strict=False)
    ]
    return sorted(duties, key=lambda duty: (duty.due, duty.kind))


def _require_date(day: date) -> None:
    # datetime is a subclass of date: an instant has no calendar day until
    # it is placed in the commune's time zone.
    if isinstance(day, datetime) or not isinstance(day, date):
        raise TypeError("Les délais de publication se comptent sur des dates.")
