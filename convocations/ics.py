"""The séance as an entry for the recipient's calendar (RFC 5545).

The time is written in Paris time with ``TZID=Europe/Paris`` and the zone's
own definition (VTIMEZONE) beside it, rather than in UTC: a calendar then
shows 20 h 00 whatever the phone's zone, and a séance just after a change
to or from summer time keeps its hour. The VTIMEZONE is drawn from the
tz database for the years around the séance, so it follows the law of the
time, whatever it becomes.
"""

from datetime import date, timedelta
from functools import cache
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

from seances.models import PARIS, Seance

TZID = "Europe/Paris"
# A séance has no planned end; calendars need one to draw it.
EXPECTED_LENGTH = timedelta(hours=2)


def seance_calendar(seance: Seance, *, link: str) -> str:
    """A calendar of one event, to add to one's agenda (METHOD:PUBLISH).

    Not an invitation to answer (METHOD:REQUEST): the answer a councillor
    gives, and the procuration, go through Quorum, not through a reply to
    an address nobody reads. The UID is the séance's, so that a calendar
    that receives it twice (a reminder) keeps one entry.
    """
    start = seance.starts_at.astimezone(PARIS)
    event = Event.new(
        uid=f"seance-{seance.pk}@{site_domain()}",
        stamp=timezone.now(),
        start=start,
        end=start + EXPECTED_LENGTH,
        summary=f"{seance.title} — {seance.collectivite.name}",
        location=seance.place,
        description=f"Convocation et dossier de la séance : {link}",
        url=link,
        sequence=0,
    )
    calendar = Calendar.new(
        prodid="-//Quorum//Convocations//FR",
        method="PUBLISH",
        subcomponents=[_paris(start.year), event],
    )
    return calendar.to_ical().decode()


@cache
def _paris(year: int) -> Timezone:
    """Europe/Paris from the year before the séance to the year after: a
    few lines instead of every change since 1970.

    icalendar writes each change at the first wall-clock time of the new
    offset (03:00 on the spring night); a reader who takes it in the old
    offset moves the change by one hour, in the middle of the night only.
    """
    return paris_zone(date(year - 1, 1, 1), date(year + 2, 1, 1))


def paris_zone(first: date, last: date) -> Timezone:
    """Europe/Paris between two days, for every calendar Quorum writes.

    icalendar adds an English COMMENT saying the span it covers; a reader's
    calendar may show it, and the span is plain from the definition itself.
    """
    zone = Timezone.from_tzid(TZID, first_date=first, last_date=last)
    zone.pop("COMMENT", None)
    return zone


def site_domain() -> str:
    """The host of Quorum's address, which names its calendar entries and
    its messages."""
    return urlsplit(settings.SITE_URL).hostname or "quorum.invalid"
