"""A person's calendar as an iCalendar feed (RFC 5545), for their agenda.

The feed holds what their calendar page holds (``overview.calendar``), from
a few weeks back to a year ahead. Séances are written in Paris time with
their VTIMEZONE, as ``convocations.ics`` does for one séance; deadlines
are whole days. Nothing is in the feed that the calendar page would not
show the same person.
"""

from datetime import date, timedelta
from urllib.parse import urljoin

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from collectivites.access import Context
from convocations.ics import EXPECTED_LENGTH, paris_zone, site_domain
from overview.calendar import Event as CalendarEvent
from overview.calendar import events_between

PAST = timedelta(days=62)
AHEAD = timedelta(days=400)
# How often an agenda application may ask again (RFC 7986).
REFRESH = timedelta(hours=6)


def person_calendar(ctx: Context, *, today: date) -> str:
    events = events_between(ctx, today - PAST, today + AHEAD, today=today)
    calendar = Calendar.new(
        prodid="-//Quorum//Calendrier//FR",
        method="PUBLISH",
        name=f"Quorum — {ctx.collectivite.name}",
        refresh_interval=REFRESH,
        subcomponents=[
            paris_zone(today - PAST, today + AHEAD),
            *(_event(event) for event in events),
        ],
    )
    return calendar.to_ical().decode()


def _event(event: CalendarEvent) -> Event:
    link = urljoin(settings.SITE_URL, event.url)
    details = [event.note, link] if event.note else [link]
    if event.starts_at is not None:
        start: object = event.starts_at
        end: object = event.starts_at + EXPECTED_LENGTH
    else:
        start, end = event.day, event.day + timedelta(days=1)
    return Event.new(
        uid=f"{event.uid}@{site_domain()}",
        stamp=timezone.now(),
        start=start,
        end=end,
        summary=event.title,
        location=event.place or None,
        description="\n".join(details),
        url=link,
    )
