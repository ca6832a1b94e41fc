"""What the dashboard shows of the séances to come.

For those who prepare the séances: the next council séances in preparation,
each with its convocation deadline and the délibérations not yet validated;
the reviews that are late; the quarters without a séance. For an élu: the
points they report, and apart the drafts waiting for their review. A fixed
number of queries, whatever the number of séances and points.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast
from uuid import UUID

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from collectivites.access import Context
from collectivites.models import Collectivite
from domain import access
from domain.interim import Scope
from domain.jours_francs import quarters_without_seance
from seances.access import point_facts, visible_seances
from seances.deadlines import Deadline, deadline_for
from seances.models import PARIS, REVIEW_DELAY, AgendaItem, Seance
from seances.pending import attach_holders
from web.french import date_format

State = AgendaItem.State
UPCOMING = 3


@dataclass(frozen=True)
class UpcomingSeance:
    seance: Seance
    deadline: Deadline | None
    pending: list[AgendaItem]


@dataclass(frozen=True)
class QuarterReminder:
    """A calendar quarter without a séance of the council (CGCT L2121-7;
    L5211-11 for an EPCI): one that ended, or the current one with none
    held or planned before its end."""

    year: int
    quarter: int
    passed: bool
    article: str

    @property
    def label(self) -> str:
        rank = "1er" if self.quarter == 1 else f"{self.quarter}e"
        return f"{rank} trimestre {self.year}"

    @property
    def ends_on(self) -> date:
        return _quarter_start(self.year, self.quarter + 1) - timedelta(days=1)

    @property
    def message(self) -> str:
        rule = (
            "le conseil se réunit au moins une fois par trimestre "
            f"(CGCT {self.article})"
        )
        if self.passed:
            return f"Aucune séance du conseil ne s'est tenue au {self.label} : {rule}."
        end = date_format(self.ends_on, "j F Y")
        return (
            f"Aucune séance du conseil n'est prévue d'ici la fin du {self.label}, "
            f"le {end} : {rule}."
        )


def dashboard_context(ctx: Context) -> dict[str, Any]:
    mine = visible_seances(ctx).exclude(status=Seance.Status.CLOSE)
    reported = (
        AgendaItem.objects.filter(
            rapporteur=ctx.membership, outcome="", seance__in=mine
        )
        .select_related("seance__collectivite")
        .order_by("seance__starts_at", "position")[:10]
    )
    # Also the reviews of the rapporteurs whose reviews the actor holds
    # today (``domain.interim``).
    reviewers = [
        ctx.membership.pk,
        *cast("frozenset[UUID]", ctx.actor.holds_for(Scope.REVIEWS)),
    ]
    to_review = (
        AgendaItem.objects.filter(
            rapporteur__in=reviewers,
            outcome="",
            state=State.RELECTURE,
            rapporteur_approved_at__isnull=True,
            seance__in=mine.filter(status=Seance.Status.PREPARATION),
        )
        .select_related("seance__collectivite", "rapporteur__user")
        .order_by("review_requested_at")
    )
    context: dict[str, Any] = {
        "upcoming": [],
        "late_reviews": [],
        "quarter_reminders": [],
        "reported": list(reported),
        "to_review": list(to_review),
    }
    if access.can_manage_seances(ctx.actor):
        today = timezone.localdate()
        context["upcoming"] = _upcoming(ctx, today)
        context["late_reviews"] = _late_reviews(ctx)
        context["quarter_reminders"] = quarter_reminders(
            ctx.collectivite, today=today, now=timezone.now()
        )
    attach_holders(
        ctx.collectivite,
        [
            *context["late_reviews"],
            *(item for entry in context["upcoming"] for item in entry.pending),
        ],
    )
    return context


def _upcoming(ctx: Context, today: date) -> list[UpcomingSeance]:
    """The next council séances in preparation, with their délibérations
    not yet validated that the actor may see."""
    seances = list(
        Seance.objects.filter(
            collectivite=ctx.collectivite,
            workspace__isnull=True,
            status=Seance.Status.PREPARATION,
            starts_at__gte=timezone.now(),
        )
        .select_related("collectivite")
        .annotate(
            icpe=Count("items", filter=Q(items__outcome="", items__concerns_icpe=True))
        )
        .order_by("starts_at")[:UPCOMING]
    )
    pending = _visible(
        ctx,
        AgendaItem.objects.filter(
            seance__in=seances, outcome="", kind=AgendaItem.Kind.DELIBERATION
        )
        .exclude(state=State.VALIDE)
        # The order of the agenda: each point, then its sub-points.
        .order_by(
            Coalesce("parent__position", "position"),
            F("parent").asc(nulls_first=True),
            "position",
        ),
        {seance.pk: seance for seance in seances},
    )
    return [
        UpcomingSeance(
            seance=seance,
            deadline=deadline_for(
                ctx.collectivite, seance, has_icpe_item=seance.icpe > 0, today=today
            ),
            pending=[item for item in pending if item.seance_id == seance.pk],
        )
        for seance in seances
    ]


def _late_reviews(ctx: Context) -> list[AgendaItem]:
    """Drafts waiting for their rapporteur for longer than ``REVIEW_DELAY``
    (``AgendaItem.review_is_late``), in séances still in preparation."""
    late = (
        AgendaItem.objects.filter(
            seance__in=visible_seances(ctx).filter(status=Seance.Status.PREPARATION),
            outcome="",
            state=State.RELECTURE,
            rapporteur_approved_at__isnull=True,
            review_requested_at__lt=timezone.now() - REVIEW_DELAY,
        )
        .select_related("seance__collectivite", "rapporteur__user")
        .order_by("review_requested_at")
    )
    return _visible(ctx, late)


def _visible(
    ctx: Context,
    items: QuerySet[AgendaItem],
    seances: dict[object, Seance] | None = None,
) -> list[AgendaItem]:
    """The points of ``items`` the actor may see (an administrator who is
    not of the administration does not see drafts: ``can_see_point``);
    ``seances`` are the loaded séances of the points, when the caller has
    them."""
    loaded = list(
        items.select_related("rapporteur__user", "validator__user").prefetch_related(
            "agents__user"
        )
    )
    for item in loaded:
        if seances is not None:
            item.seance = seances[item.seance_id]
    return [
        item
        for item in loaded
        if access.can_see_point(ctx.actor, point_facts(ctx, item))
    ]


def quarter_reminders(
    collectivite: Collectivite, *, today: date, now: datetime
) -> list[QuarterReminder]:
    """The quarter that last ended, if no séance was held in it, and the
    current one, if none was held or is planned in it (CGCT L2121-7).

    A séance counts as held once convened; one still in preparation counts
    as planned while its date is ahead. A quarter that began before the
    collectivité came to Quorum is not judged: its séances are not here."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    before = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    since = datetime.combine(_quarter_start(*before), time(0), tzinfo=PARIS)
    seances = Seance.objects.filter(
        collectivite=collectivite, workspace__isnull=True, starts_at__gte=since
    ).values_list("starts_at", "status")
    held = [
        starts_at.astimezone(PARIS).date()
        for starts_at, status in seances
        if status != Seance.Status.PREPARATION
    ]
    planned = [
        starts_at.astimezone(PARIS).date()
        for starts_at, status in seances
        if status == Seance.Status.PREPARATION and starts_at >= now
    ]
    article = "L5211-11" if collectivite.kind == Collectivite.Kind.EPCI else "L2121-7"
    joined = collectivite.created_at.astimezone(PARIS).date()
    reminders = []
    if joined <= _quarter_start(*before) and before[1] in quarters_without_seance(
        before[0], held
    ):
        reminders.append(QuarterReminder(*before, passed=True, article=article))
    if quarter in quarters_without_seance(year, held + planned):
        reminders.append(QuarterReminder(year, quarter, passed=False, article=article))
    return reminders


def _quarter_start(year: int, quarter: int) -> date:
    """The first day of a quarter; quarter 5 is the next year's first."""
    return date(year + (quarter - 1) // 4, (quarter - 1) % 4 * 3 + 1, 1)
