"""The calendar entry keeps the séance's hour across the changes of time."""

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from collectivites.models import Collectivite
from convocations.ics import seance_calendar
from seances.models import PARIS, Seance


def _calendar(starts_at: datetime) -> Calendar:
    seance = Seance(
        collectivite=Collectivite(name="Saint-Test", slug="saint-test"),
        starts_at=starts_at,
        place="Salle du conseil",
    )
    return Calendar.from_ical(seance_calendar(seance, link="https://q.test/c/x/"))


def _utc_as_a_strict_client_reads_it(calendar: Calendar) -> datetime:
    """The start in UTC from the file's own VTIMEZONE, not from the tz
    database of the machine: what a calendar that only knows the file does.
    The offset in force is that of the latest onset before the start, each
    onset read in the offset it leaves (RFC 5545 §3.6.5)."""
    event = calendar.walk("VEVENT")[0]
    local = event["DTSTART"].dt.replace(tzinfo=None)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    (zone,) = calendar.walk("VTIMEZONE")
    onsets = []
    for part in zone.subcomponents:
        offset_from = part["TZOFFSETFROM"].td
        offset_to = part["TZOFFSETTO"].td
        rdates = part.get("RDATE", [])
        if not isinstance(rdates, list):
            rdates = [rdates]
        starts = [part["DTSTART"].dt] + [
            day.dt for rdate in rdates for day in rdate.dts
        ]
        onsets += [
            (start.replace(tzinfo=None) - offset_from, offset_to) for start in starts
        ]
    in_force = max(
        (onset for onset in onsets if onset[0] <= local - onset[1]),
        key=lambda onset: onset[0],
    )
    return (local - in_force[1]).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("local", "offset"),
    [
        # The night of 27 to 28 March 2027 goes to summer time.
        (datetime(2027, 3, 27, 20, 0, tzinfo=PARIS), timedelta(hours=1)),
        (datetime(2027, 3, 28, 20, 0, tzinfo=PARIS), timedelta(hours=2)),
        (datetime(2027, 3, 29, 18, 30, tzinfo=PARIS), timedelta(hours=2)),
        # The night of 30 to 31 October 2027 goes back to winter time.
        (datetime(2027, 10, 30, 20, 0, tzinfo=PARIS), timedelta(hours=2)),
        (datetime(2027, 10, 31, 20, 0, tzinfo=PARIS), timedelta(hours=1)),
    ],
)
def test_a_seance_around_a_change_of_time_keeps_its_hour(
    local: datetime, offset: timedelta
) -> None:
    calendar = _calendar(local)

    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].dt == local
    assert event["DTSTART"].dt.utcoffset() == offset
    assert _utc_as_a_strict_client_reads_it(calendar) == local.astimezone(UTC)
    assert local.astimezone(UTC).replace(tzinfo=None) == (
        local.replace(tzinfo=None) - offset
    )


def test_the_entry_is_to_add_to_a_calendar_not_an_invitation_to_answer() -> None:
    calendar = _calendar(datetime(2027, 3, 29, 20, 0, tzinfo=PARIS))

    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "PUBLISH"
    assert "ORGANIZER" not in event
    assert event["LOCATION"] == "Salle du conseil"
    assert str(event["UID"]).startswith("seance-")
    assert "https://q.test/c/x/" in event["DESCRIPTION"]


def test_the_calendar_file_carries_no_english_comment() -> None:
    calendar = _calendar(datetime(2027, 3, 28, 20, 0, tzinfo=PARIS))

    (zone,) = calendar.walk("VTIMEZONE")
    assert "COMMENT" not in zone
    assert "only works" not in calendar.to_ical().decode()
