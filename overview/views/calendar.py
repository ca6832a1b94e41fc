"""The calendar of séances and deadlines: a month, or a list of what comes."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from collectivites.access import ctx_of, require
from domain import access
from overview.calendar import Event, events_between

LIST_SPAN = timedelta(days=92)
WEEKDAYS = ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche")


@dataclass(frozen=True)
class Day:
    day: date
    in_month: bool
    is_today: bool
    events: list[Event]


@require_safe
def month(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_calendar(ctx.actor))
    today = timezone.localdate()
    shown = _month_of(request.GET.get("mois", ""), today)

    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(
        shown.year, shown.month
    )
    events = events_between(ctx, weeks[0][0], weeks[-1][-1], today=today)
    by_day = {day: list(group) for day, group in groupby(events, lambda e: e.day)}
    return render(
        request,
        "overview/calendar_month.html",
        {
            "shown": shown,
            "weekdays": WEEKDAYS,
            "weeks": [
                [
                    Day(
                        day, day.month == shown.month, day == today, by_day.get(day, [])
                    )
                    for day in week
                ]
                for week in weeks
            ],
            "previous": _shift(shown, -1),
            "next": _shift(shown, 1),
            "has_events": any(event.day.month == shown.month for event in events),
        },
    )


@require_safe
def upcoming(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_calendar(ctx.actor))
    today = timezone.localdate()

    events = events_between(ctx, today, today + LIST_SPAN, today=today)
    return render(
        request,
        "overview/calendar_list.html",
        {
            "days": [
                (day, list(group)) for day, group in groupby(events, lambda e: e.day)
            ],
            "until": today + LIST_SPAN,
        },
    )


def _month_of(value: str, today: date) -> date:
    """The first day of the month "AAAA-MM", or of this month."""
    try:
        year, number = (int(part) for part in value.split("-"))
        if 1900 <= year <= 2200:
            return date(year, number, 1)
    except ValueError:
        pass
    return today.replace(day=1)


def _shift(first: date, months: int) -> str:
    index = first.year * 12 + first.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"
