"""What happened to one agenda point, from the journal.

Built from the entries whose target is the point (drafted, review asked,
approved, changes asked, validated, withdrawn…) and the convocation of its
séance, which lists the points it put on the agenda. Whoever sees the
point sees its history; the words the rapporteur wrote when asking for
changes stay with those who prepared the point (``can_see_point`` before
the convocation). Once the séance is held, its votes, and the signatures and
publication of its délibération, follow. Four queries at most, whatever the
length of the history.
"""

from dataclasses import dataclass, replace
from datetime import date, datetime

from django.db.models import Q

from actes.models import Deliberation
from collectivites.access import Context
from domain import access
from domain.access import PointFacts
from journal.models import JournalEntry
from seances.models import AgendaItem, Seance
from web.french import date_format

OUTCOMES = dict(AgendaItem.Outcome.choices)

# The journal's action, and how the timeline says it.
LABELS = {
    "agenda.item_added": "Point ajouté à l'ordre du jour",
    "agenda.item_changed": "Point modifié",
    "draft.saved": "Projet rédigé",
    "agenda.annex_linked": "Annexe jointe",
    "review.requested": "Relecture demandée au rapporteur",
    "review.approved": "Projet approuvé par le rapporteur",
    "review.changes_asked": "Modifications demandées par le rapporteur",
    "review.approval_withdrawn": "Approbation retirée : le projet a changé",
    "review.reopened": "Retour en brouillon : le projet a changé",
    "review.validated": "Point validé",
    "seance.convened": "Inscrit à l'ordre du jour de la séance convoquée",
    "agenda.item_outcome": "Sort du point",
    "vote.recorded": "Vote du conseil",
    "vote.corrected": "Vote corrigé",
    "actes.signed": "Délibération signée",
    "act.published": "Délibération publiée",
}
# Entries about the point that target something else: its votes, and its
# délibération once taken, signed and published.
VOTES = ("vote.recorded", "vote.corrected")
# Decisions on a draft, taken on one version of it.
DECISIONS = (
    "review.requested",
    "review.approved",
    "review.changes_asked",
    "review.validated",
)


@dataclass(frozen=True)
class Step:
    at: datetime
    action: str
    label: str
    who: str
    detail: str = ""


def point_timeline(ctx: Context, item: AgendaItem, facts: PointFacts) -> list[Step]:
    """The history of ``item``, oldest first, for an actor who sees it."""
    about = Q(target_type=AgendaItem._meta.label_lower, target_id=str(item.pk)) | Q(
        target_type=Seance._meta.label_lower,
        target_id=str(item.seance_id),
        action="seance.convened",
    )
    if item.seance.status in (Seance.Status.EN_COURS, Seance.Status.CLOSE):
        about |= Q(action__in=VOTES, data__item=str(item.pk))
        deliberation = (
            Deliberation.objects.filter(item=item).values_list("pk", flat=True).first()
        )
        if deliberation is not None:
            about |= Q(
                target_type=Deliberation._meta.label_lower,
                target_id=str(deliberation),
                action="actes.signed",
            ) | Q(action="act.published", data__act_id=str(deliberation))
    entries = (
        JournalEntry.objects.filter(
            about,
            collectivite=ctx.collectivite,
            action__in=LABELS,
        )
        .select_related("actor")
        .order_by("id")
    )
    prepared = access.can_see_point(ctx.actor, replace(facts, convened=False))
    annexes = _annex_titles(item)
    steps = []
    for entry in entries:
        if entry.action == "seance.convened" and str(item.pk) not in entry.data.get(
            "items", []
        ):
            continue
        steps.append(
            Step(
                at=entry.at,
                action=entry.action,
                label=_label(entry),
                who=_who(entry),
                detail=_detail(entry, annexes, prepared=prepared),
            )
        )
    return steps


def _annex_titles(item: AgendaItem) -> dict[str, str]:
    return {
        str(document_id): title
        for document_id, title in item.annexes.values_list(
            "document_id", "document__title"
        )
    }


def _label(entry: JournalEntry) -> str:
    if entry.action == "agenda.item_outcome":
        return f"Point {OUTCOMES.get(entry.data.get('after', ''), 'maintenu').lower()}"
    if entry.action == "draft.saved":
        return f"Projet rédigé (version {entry.data.get('revision', '?')})"
    return LABELS[entry.action]


def _who(entry: JournalEntry) -> str:
    if entry.actor is None:
        return ""
    return entry.actor.full_name or entry.actor_label


def _detail(entry: JournalEntry, annexes: dict[str, str], *, prepared: bool) -> str:
    if entry.action == "agenda.annex_linked":
        title = annexes.get(str(entry.data.get("document", "")), "")
        version = entry.data.get("version")
        return f"{title} (version {version})" if title else ""
    if entry.action in DECISIONS and entry.data.get("revision"):
        # The version decided on: the one its page showed (``workflow._step``).
        on = f"Sur la version {entry.data['revision']} du projet"
        if entry.action == "review.changes_asked" and prepared:
            return f"{on} : {entry.data.get('note', '')}"
        return f"{on}."
    if entry.action == "review.changes_asked" and prepared:
        return str(entry.data.get("note", ""))
    if entry.action == "seance.convened":
        sent_on = date.fromisoformat(str(entry.data.get("sent_on")))
        return f"Convocation envoyée le {date_format(sent_on, 'j F Y')}"
    if entry.action in VOTES:
        return _vote_detail(entry.data)
    return ""


def _vote_detail(data: dict[str, object]) -> str:
    outcome = {"adoptee": "adopté", "rejetee": "rejeté"}.get(str(data.get("outcome")))
    counts = ", ".join(
        f"{data[key]} {label}"
        for key, label in (
            ("pour", "pour"),
            ("contre", "contre"),
            ("abstentions", "abstention(s)"),
        )
        if isinstance(data.get(key), int)
    )
    return " — ".join(
        part for part in (outcome and outcome.capitalize(), counts) if part
    )
