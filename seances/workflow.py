"""A point's draft délibération, its review and validation, and its annexes.

brouillon → en relecture (the drafter asks the rapporteur) → the rapporteur
approves or asks for changes (back to brouillon) → validé by the maire or the
adjoint the maire named → inscrit when the séance is convened. Every step is
journaled; who may take it is decided in ``domain.access``.
"""

import difflib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from documents.models import Document
from journal.services import record
from seances.models import AgendaItem, Annex, DraftRevision
from search.indexing import index_point

DRAFT_FIELDS = ("expose", "visas", "considerants", "articles", "nature", "matiere")
SECTION_LABELS = {
    "expose": "Exposé",
    "visas": "Visas",
    "considerants": "Considérants",
    "articles": "Articles",
    "nature": "Nature de l'acte",
    "matiere": "Matière",
}


class DraftConflict(Exception):
    """Someone saved the draft since the version the form was based on."""

    def __init__(self, latest: DraftRevision) -> None:
        super().__init__(f"draft changed, latest revision {latest.number}")
        self.latest = latest


def save_draft(
    item: AgendaItem, *, by: User, based_on: int, **texts: str
) -> DraftRevision:
    """Store a new revision of the draft, unless someone saved one since
    revision ``based_on`` (then ``DraftConflict``, nothing stored)."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if not locked.is_deliberation:
            raise ValidationError("Seul un point de délibération a un projet rédigé.")
        if locked.seance.is_convened or locked.state not in {"brouillon", "relecture"}:
            raise ValidationError("Ce projet est validé : il ne change plus.")
        latest = locked.revisions.order_by("-number").first()
        if locked.draft_revision != based_on and latest is not None:
            raise DraftConflict(latest)
        values = {
            name: texts.get(name, "").replace("\r\n", "\n") for name in DRAFT_FIELDS
        }
        if latest is not None and all(
            getattr(latest, name) == value for name, value in values.items()
        ):
            return latest
        revision = DraftRevision.objects.create(
            item=locked, number=locked.draft_revision + 1, author=by, **values
        )
        locked.draft_revision = revision.number
        locked.save(update_fields=["draft_revision", "updated_at"])
        index_point(locked)
        record(
            "draft.saved",
            collectivite=locked.seance.collectivite,
            actor=by,
            target=locked,
            revision=revision.number,
        )
    return revision


def request_review(item: AgendaItem, *, by: User) -> AgendaItem:
    """The drafter hands the point to its rapporteur for review."""
    return _step(
        item,
        by=by,
        expected="brouillon",
        action="review.requested",
        state="relecture",
        review_requested_at=timezone.now(),
        rapporteur_approved_at=None,
    )


def approve(item: AgendaItem, *, by: User) -> AgendaItem:
    """The rapporteur approves the draft; the maire (or validator) may now
    validate it."""
    return _step(
        item,
        by=by,
        expected="relecture",
        action="review.approved",
        rapporteur_approved_at=timezone.now(),
    )


def ask_changes(item: AgendaItem, *, by: User, message: str) -> AgendaItem:
    """The rapporteur sends the draft back to its drafters, saying why."""
    if not message.strip():
        raise ValidationError({"message": "Dites ce qu'il faut changer."})
    return _step(
        item,
        by=by,
        expected="relecture",
        action="review.changes_asked",
        note=message.strip(),
        state="brouillon",
        rapporteur_approved_at=None,
    )


def validate(item: AgendaItem, *, by: User) -> AgendaItem:
    """The maire, or the adjoint named as validator, validates the point:
    it may now be convened."""
    return _step(
        item,
        by=by,
        expected="relecture",
        action="review.validated",
        state="valide",
        needs_approval=True,
    )


def _step(
    item: AgendaItem,
    *,
    by: User,
    expected: str,
    action: str,
    note: str = "",
    needs_approval: bool = False,
    **changes: object,
) -> AgendaItem:
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.seance.is_convened or locked.state != expected:
            raise ValidationError(
                "Ce point a changé d'étape entre-temps : rechargez la page."
            )
        if needs_approval and locked.rapporteur_approved_at is None:
            raise ValidationError("Le rapporteur n'a pas encore approuvé ce point.")
        before = locked.state
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*changes, "updated_at"])
        record(
            action,
            collectivite=locked.seance.collectivite,
            actor=by,
            target=locked,
            before=before,
            after=locked.state,
            note=note,
        )
    return locked


def link_annex(item: AgendaItem, *, by: User, document: Document) -> Annex:
    """Attach a document at its current version; later versions of the
    document do not change what the point carries."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.seance.is_convened:
            raise ValidationError("La séance est convoquée : le dossier est arrêté.")
        if document.collectivite_id != locked.seance.collectivite_id:
            raise ValidationError({"document": "Choisissez un document de la commune."})
        if locked.annexes.filter(document=document).exists():
            raise ValidationError({"document": "Ce document est déjà en annexe."})
        if document.current_version is None:
            raise ValidationError({"document": "Ce document n'a pas de version."})
        annex = Annex.objects.create(
            item=locked,
            document=document,
            version=document.current_version,
            added_by=by,
        )
        record(
            "agenda.annex_linked",
            collectivite=locked.seance.collectivite,
            actor=by,
            target=locked,
            document=str(document.pk),
            version=document.current_version.number,
        )
    return annex


@dataclass(frozen=True)
class DiffLine:
    """One paragraph of a comparison: "same", "added" or "removed"."""

    section: str
    tag: str
    text: str


def compare(old: DraftRevision | None, new: DraftRevision) -> list[DiffLine]:
    """Paragraph by paragraph, section by section, what changed from
    ``old`` to ``new`` (everything is added when there is no ``old``)."""
    lines: list[DiffLine] = []
    for name in DRAFT_FIELDS:
        before = _split(getattr(old, name)) if old is not None else []
        after = _split(getattr(new, name))
        label = SECTION_LABELS[name]
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                lines += [DiffLine(label, "same", text) for text in before[i1:i2]]
                continue
            lines += [DiffLine(label, "removed", text) for text in before[i1:i2]]
            lines += [DiffLine(label, "added", text) for text in after[j1:j2]]
    return lines


def _split(text: str) -> list[str]:
    """Paragraphs: blocks separated by a blank line, or lines for the lists."""
    return [
        part.strip() for part in text.replace("\r\n", "\n").split("\n") if part.strip()
    ]
