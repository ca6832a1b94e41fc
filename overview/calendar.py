"""What a person's calendar holds between two days.

The séances of the council and the meetings of the commissions they see
(``seances.access.visible_seances``); for those who prepare the séances
(``domain.access.can_see_legal_deadlines``) the legal deadlines too: the
last day to convene (jours francs, ``seances.deadlines``), and the weeks to
publish the list of délibérations and the procès-verbal
(``domain.publication_delays``). A fixed number of queries.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q

from collectivites.access import Context
from domain import access
from domain.publication_delays import LISTE, PROCES_VERBAL, publication_duties
from publication.models import Publication
from seances.access import visible_seances
from seances.deadlines import deadline_for
from seances.models import PARIS, Seance
from web.french import date_format

# The procès-verbal of a séance is due a week after the next one: a
# duty of this window may come from a séance held long before it.
HISTORY = timedelta(days=400)


@dataclass(frozen=True)
class Event:
    day: date
    kind: str
    title: str
    url: str
    uid: str
    starts_at: datetime | None = None
    place: str = ""
    note: str = ""

    @property
    def is_deadline(self) -> bool:
        return self.starts_at is None

    @property
    def badge(self) -> str:
        return BADGES[self.kind]


BADGES = {
    "conseil": "Conseil municipal",
    "commission": "Commission",
    "convocation": "Échéance",
    LISTE: "Échéance",
    PROCES_VERBAL: "Échéance",
}


def events_between(
    ctx: Context, first: date, last: date, *, today: date
) -> list[Event]:
    """Every event from ``first`` to ``last`` included, in order."""
    events = _seances(ctx, first, last)
    if access.can_see_legal_deadlines(ctx.actor):
        events += _convocation_deadlines(ctx, first, last, today)
        events += _publication_deadlines(ctx, first, last)
    return sorted(
        events,
        key=lambda event: (event.day, event.starts_at is not None, event.starts_at),
    )


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first, time(0), tzinfo=PARIS)
    return start, datetime.combine(last + timedelta(days=1), time(0), tzinfo=PARIS)


def _seances(ctx: Context, first: date, last: date) -> list[Event]:
    start, end = _bounds(first, last)
    seances = (
        visible_seances(ctx)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("collectivite", "workspace")
    )
    return [
        Event(
            day=seance.local_start.date(),
            kind="conseil" if seance.is_council else "commission",
            title=seance.title,
            url=seance.get_absolute_url(),
            uid=f"seance-{seance.pk}",
            starts_at=seance.local_start,
            place=seance.place,
            note=seance.get_status_display(),
        )
        for seance in seances
    ]


def _convocation_deadlines(
    ctx: Context, first: date, last: date, today: date
) -> list[Event]:
    """The last day to send the convocation of each council séance still in
    preparation (CGCT L2121-11, L2121-12): at most a few weeks before it."""
    start, end = _bounds(first, last + timedelta(days=31))
    seances = (
        Seance.objects.filter(
            collectivite=ctx.collectivite,
            workspace__isnull=True,
            status=Seance.Status.PREPARATION,
            starts_at__gte=start,
            starts_at__lt=end,
        )
        .select_related("collectivite")
        .annotate(
            icpe=Count("items", filter=Q(items__outcome="", items__concerns_icpe=True))
        )
    )
    events = []
    for seance in seances:
        deadline = deadline_for(
            ctx.collectivite, seance, has_icpe_item=seance.icpe > 0, today=today
        )
        if deadline is None or not first <= deadline.latest <= last:
            continue
        day = date_format(seance.local_start.date(), "j F")
        events.append(
            Event(
                day=deadline.latest,
                kind="convocation",
                title=f"Dernier jour pour convoquer le conseil du {day}",
                url=seance.get_absolute_url(),
                uid=f"convocation-{seance.pk}",
                note=f"{deadline.delay.jours_francs} jours francs "
                f"({deadline.delay.article})",
            )
        )
    return events


def _publication_deadlines(ctx: Context, first: date, last: date) -> list[Event]:
    """The list of délibérations a week after each council séance (CGCT
    L2121-25), its procès-verbal a week after the next one (L2121-15)."""
    start, end = _bounds(first - HISTORY, last)
    seances = {
        seance.local_start.date(): seance
        for seance in Seance.objects.filter(
            collectivite=ctx.collectivite,
            workspace__isnull=True,
            starts_at__gte=start,
            starts_at__lt=end,
        ).select_related("collectivite")
    }
    done = _published(list(seances.values()))
    events = []
    for duty in publication_duties(list(seances)):
        if not first <= duty.due <= last:
            continue
        seance = seances[duty.seance_day]
        if (duty.kind, seance.pk) in done:
            continue
        day = date_format(duty.seance_day, "j F Y")
        what = (
            "la liste des délibérations" if duty.kind == LISTE else "le procès-verbal"
        )
        events.append(
            Event(
                day=duty.due,
                kind=duty.kind,
                title=f"Dernier jour pour publier {what} du conseil du {day}",
                url=seance.get_absolute_url(),
                uid=f"{duty.kind}-{seance.pk}",
                note=f"CGCT {duty.article}",
            )
        )
    return events


def _published(seances: list[Seance]) -> set[tuple[str, object]]:
    """The duties already done: the list or the procès-verbal of a séance
    online and not withdrawn."""
    rows = Publication.objects.filter(withdrawn_at__isnull=True).filter(
        Q(liste__seance__in=seances) | Q(proces_verbal__seance__in=seances)
    )
    done: set[tuple[str, object]] = set()
    for liste_seance, pv_seance in rows.values_list(
        "liste__seance_id", "proces_verbal__seance_id"
    ):
        if liste_seance is not None:
            done.add((LISTE, liste_seance))
        if pv_seance is not None:
            done.add((PROCES_VERBAL, pv_seance))
    return done
