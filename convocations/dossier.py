"""The dossier of a séance as a convened member reads it on a phone: the
points they may see, in agenda order, each with its draft, its annexes,
the member's own note and the way to the point's discussion."""

from dataclasses import dataclass
from typing import Any

from django.db.models import F

from collectivites.access import Context
from convocations.forms import PointNoteForm
from convocations.models import ConvocationChange, Delivery, PointNote, Reply
from domain import access
from dossiers.access import abilities_for, latest_builds
from dossiers.models import DossierBuild
from seances.agenda import Line, agenda_lines
from seances.models import AgendaItem, Annex, DraftRevision, Seance


@dataclass(frozen=True)
class ConvenedSeance:
    """A séance of "Mes séances", with the member's answer if they gave one."""

    delivery: Delivery
    seance: Seance
    reply: Reply | None

    @classmethod
    def of(cls, delivery: Delivery) -> "ConvenedSeance":
        """``delivery`` with its reply selected: no query."""
        return cls(
            delivery, delivery.convocation.seance, getattr(delivery, "reply", None)
        )


@dataclass(frozen=True)
class DossierPoint:
    line: Line
    revision: DraftRevision | None
    note: PointNote | None
    note_form: PointNoteForm
    # What changed since the convocation, once the council was told.
    changes: list[ConvocationChange]

    @property
    def item(self) -> AgendaItem:
        return self.line.item

    @property
    def annexes(self) -> list[Annex]:
        """The annexes of the dossier: not those whose document is in the
        trash (``dossiers.content``)."""
        return [
            annex
            for annex in self.item.annexes.all()
            if annex.document.deleted_at is None
        ]


def convened_dossier(ctx: Context, delivery: Delivery) -> dict[str, Any]:
    """A fixed number of queries, whatever the number of points: the agenda
    with its annexes, the latest drafts, the member's notes, the builds."""
    seance = delivery.convocation.seance
    lines = [
        line
        for line in agenda_lines(ctx, seance)
        if access.can_read_convened_dossier(
            ctx.actor, is_recipient=True, point=line.facts
        )
    ]
    items = [line.item for line in lines]
    revisions = {
        revision.item_id: revision
        for revision in DraftRevision.objects.filter(
            item__in=items, number=F("item__draft_revision")
        )
    }
    # The actor's own notes, and only theirs: nobody else's is ever loaded.
    notes = {
        note.item_id: note
        for note in PointNote.objects.filter(item__in=items, author=ctx.membership)
    }
    changes: dict[object, list[ConvocationChange]] = {}
    for change in ConvocationChange.objects.filter(
        item__in=items, notice__isnull=False
    ).order_by("created_at", "pk"):
        changes.setdefault(change.item_id, []).append(change)
    abilities = abilities_for(ctx, seance)
    variant = DossierBuild.Variant.CONSEILLERS
    ready = (
        latest_builds(seance, [variant]).get(f"{variant}_ready")
        if variant in abilities.variants()
        else None
    )
    return {
        "seance": seance,
        "delivery": delivery,
        "reply": getattr(delivery, "reply", None),
        "points": [
            _point(
                line,
                revisions.get(line.item.pk),
                notes.get(line.item.pk),
                changes.get(line.item.pk, []),
            )
            for line in lines
        ],
        "documents_readable": abilities.read,
        "dossier_build": ready,
        "variant": variant,
    }


def _point(
    line: Line,
    revision: DraftRevision | None,
    note: PointNote | None,
    changes: list[ConvocationChange],
) -> DossierPoint:
    form = PointNoteForm.for_point(line.item, note)
    return DossierPoint(line, revision, note, form, changes)
