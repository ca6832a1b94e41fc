"""The days left to make a séance's list and procès-verbal public (CGCT
L2121-25, L2121-15; ``domain.publication_delays``): what the dashboard and
the page of the minutes count down. A fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef
from django.utils import timezone

from collectivites.access import Context
from collectivites.models import Collectivite
from domain import access
from domain.publication_delays import liste_deliberations_due, proces_verbal_due
from minutes.models import ListeDeliberations, ProcesVerbal
from publication.models import Publication
from seances.models import PARIS


@dataclass(frozen=True)
class Countdown:
    what: str
    article: str
    url: str
    seance_day: date
    due: date | None
    today: date
    done: bool
    waiting: str = ""

    @property
    def days_left(self) -> int | None:
        return None if self.due is None else (self.due - self.today).days

    @property
    def late(self) -> bool:
        return not self.done and self.due is not None and self.due < self.today

    @property
    def message(self) -> str:
        if self.done:
            return "Publié"
        if self.due is None:
            return self.waiting
        left = (self.due - self.today).days
        if left < 0:
            return f"En retard de {-left} jour{'s' if left < -1 else ''}"
        if left == 0:
            return "Dernier jour aujourd'hui"
        return f"{left} jour{'s' if left > 1 else ''} restant{'s' if left > 1 else ''}"


def countdowns(
    collectivite: Collectivite, *, today: date, pending_only: bool = False
) -> list[Countdown]:
    """For each séance of the council whose minutes were made: its list,
    due a week after it, and its procès-verbal, due a week after the séance
    that approved it. Three queries."""
    published = Publication.objects.filter(withdrawn_at__isnull=True)
    listes = (
        ListeDeliberations.objects.filter(collectivite=collectivite)
        .select_related("seance__collectivite")
        .annotate(
            published=Exists(published.filter(liste=OuterRef("pk"))),
        )
    )
    proces_verbaux = (
        ProcesVerbal.objects.filter(collectivite=collectivite)
        .select_related("seance__collectivite", "approval_item__seance")
        .annotate(
            published=Exists(published.filter(proces_verbal=OuterRef("pk"))),
        )
    )
    rows = []
    for liste in listes:
        day = liste.seance.local_start.date()
        rows.append(
            Countdown(
                what=f"Liste des délibérations du {day:%d/%m/%Y}",
                article="L2121-25",
                url=liste.get_absolute_url(),
                seance_day=day,
                due=liste_deliberations_due(day),
                today=today,
                done=liste.published and liste.posted_on is not None,
            )
        )
    for proces_verbal in proces_verbaux:
        day = proces_verbal.seance.local_start.date()
        item = proces_verbal.approval_item
        due = None
        waiting = "À inscrire à l'ordre du jour d'une prochaine séance"
        if item is not None:
            approving = item.seance.starts_at.astimezone(PARIS).date()
            waiting = f"À approuver à la séance du {approving:%d/%m/%Y}"
            if proces_verbal.approved_at is not None:
                due = proces_verbal_due(approving)
        rows.append(
            Countdown(
                what=f"Procès-verbal du {day:%d/%m/%Y}",
                article="L2121-15",
                url=proces_verbal.get_absolute_url(),
                seance_day=day,
                due=due,
                today=today,
                done=proces_verbal.published,
                waiting=waiting,
            )
        )
    if pending_only:
        rows = [row for row in rows if not row.done]
    return sorted(rows, key=lambda row: (row.due or date.max, row.seance_day))


def dashboard_countdowns(ctx: Context) -> list[Countdown]:
    """What is still to publish, for those who publish
    (``domain.access.can_publish_acts``); nothing for the others."""
    if not access.can_publish_acts(ctx.actor):
        return []
    return countdowns(ctx.collectivite, today=timezone.localdate(), pending_only=True)
