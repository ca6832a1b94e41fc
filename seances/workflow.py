"""A point's draft délibération, its review and validation, and its annexes.

brouillon → en relecture (the drafter asks the rapporteur) → the rapporteur
approves or asks for changes (back to brouillon) → validé by the maire or the
adjoint the maire named → inscrit when the séance is convened. Every step is
journaled; who may take it is decided in ``domain.access``.

Only a délibération goes through these steps; the other points are ready
from their creation (``initial_state``). What the review established holds
for what was reviewed only: a change of the text, of the annexes or of what
the council is convened on (``services.REVIEWED_FIELDS``) withdraws it
(``withdraw_review``).
"""

import difflib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from documents.models import Document
from journal.services import record
from notifications.models import Notification
from notifications.services import notify_rapporteur
from seances import richtext, signals
from seances.models import AgendaItem, Annex, DraftRevision, Seance
from search.indexing import index_point

State = AgendaItem.State

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
    revision ``based_on`` (then ``DraftConflict``, nothing stored).

    A new text after the rapporteur's approval withdraws it, and a
    validated point goes back to brouillon (``withdraw_review``): the maire
    only ever validates a text its rapporteur approved. Once the séance is
    convened a new text is a correction of what the council received
    (``domain.access.can_correct_convened_point``, checked by the view):
    the point stays inscrit, the older revisions stay, and every convened
    member is told (``signals.convened_point_changed``); once the séance
    has opened the text no longer changes."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if not locked.is_deliberation:
            raise ValidationError("Seul un point de délibération a un projet rédigé.")
        if not locked.is_active:
            raise ValidationError(set_aside_refusal(locked))
        correction = locked.seance.is_convened
        if correction:
            _check_correctable(locked)
        latest = locked.revisions.order_by("-number").first()
        if locked.draft_revision != based_on and latest is not None:
            raise DraftConflict(latest)
        values = {name: _stored(name, texts.get(name, "")) for name in DRAFT_FIELDS}
        if latest is not None and all(
            _stored(name, getattr(latest, name)) == value
            for name, value in values.items()
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
            correction=correction,
        )
        if correction:
            signals.convened_point_changed.send(
                sender=AgendaItem,
                item=locked,
                by=by,
                kind=signals.DRAFT,
                details={"revision": revision.number},
            )
        else:
            withdraw_review(locked, by=by, cause="draft")
    return revision


def set_aside_refusal(item: AgendaItem) -> str:
    """Why a withdrawn or postponed point is no longer prepared."""
    return (
        f"Ce point est {item.get_outcome_display().lower()} : il ne se prépare "
        "plus. « Maintenir le point » le remet à l'ordre du jour ; sa "
        "préparation reprend alors où elle en était."
    )


def missing_for_review(item: AgendaItem) -> str:
    """What keeps a point from its review, validation and convocation, in
    words for whoever prepares it; empty when nothing does."""
    if not item.is_active:
        return set_aside_refusal(item)
    if item.is_deliberation and item.rapporteur_id is None:
        return (
            "Ce point n'a pas de rapporteur : sans lui, le projet ne peut être "
            "ni relu ni validé, et la séance ne peut pas être convoquée. "
            "Désignez l'élu qui le présentera au conseil avec « Modifier le "
            "point »."
        )
    return ""


def _check_correctable(item: AgendaItem) -> None:
    """What a convened séance still lets change: until it opens."""
    if item.seance.status != Seance.Status.CONVOQUEE:
        raise ValidationError(
            "La séance est ouverte : ce qui a été convoqué ne change plus."
        )


def _stored(name: str, value: str) -> str:
    """A field as a revision stores it: the texts through the rich text's
    allow-list, whatever the browser sent (an earlier plain-text revision
    reads the same way, so that saving it again unchanged changes nothing)."""
    if name in richtext.DRAFT_TEXTS:
        return richtext.sanitise(value, by_line=richtext.DRAFT_TEXTS[name])
    return value.replace("\r\n", "\n")


def initial_state(kind: str) -> str:
    """A délibération starts as a brouillon: it is drafted, reviewed by its
    rapporteur and validated before it can be convened. The other points
    (information, communication du maire, compte rendu des décisions prises
    par délégation under CGCT L2122-23, questions orales under L2121-19)
    carry no decision to draft: they are ready from their creation, and the
    maire settles them with the whole agenda when he convenes."""
    if kind == AgendaItem.Kind.DELIBERATION:
        return State.BROUILLON
    return State.VALIDE


def withdraw_review(
    item: AgendaItem, *, by: User | None, cause: str, restart: bool = False
) -> str | None:
    """Undo what the review established once what was reviewed changed.

    Called inside the caller's transaction, on ``item`` locked and already
    changed. A validated délibération goes back to brouillon: it is asked,
    approved and validated again. One under review keeps its review but
    loses the rapporteur's approval, asked again from now (the rapporteur
    is told); with ``restart`` (a new rapporteur, who was never asked) it
    goes back to brouillon too.
    A point of another kind has nothing to review: it is, or becomes again,
    ready. Writes the journal and returns its action, or ``None`` when
    nothing changed.
    """
    before = item.state
    if not item.is_deliberation:
        if before == State.VALIDE and item.review_requested_at is None:
            return None
        action, state, requested = "review.not_needed", State.VALIDE, None
    elif before == State.VALIDE or (before == State.RELECTURE and restart):
        action, state, requested = "review.reopened", State.BROUILLON, None
    elif before == State.RELECTURE and item.rapporteur_approved_at is not None:
        action, state, requested = (
            "review.approval_withdrawn",
            State.RELECTURE,
            timezone.now(),
        )
    else:
        return None

    item.state = state
    item.review_requested_at = requested
    item.rapporteur_approved_at = None
    item.save(
        update_fields=[
            "state",
            "review_requested_at",
            "rapporteur_approved_at",
            "updated_at",
        ]
    )
    record(
        action,
        collectivite=item.seance.collectivite,
        actor=by,
        target=item,
        before=before,
        after=state,
        cause=cause,
        revision=item.draft_revision,
    )
    if action == "review.approval_withdrawn":
        notify_rapporteur(Notification.Kind.APPROVAL_WITHDRAWN, item=item, actor=by)
    return action


def request_review(
    item: AgendaItem, *, by: User, revision: int | None = None
) -> AgendaItem:
    """The drafter hands the point to its rapporteur for review; the
    rapporteur is told (and finds it in the dashboard's "Projets de
    délibération à relire"). ``revision``: see ``_step``."""
    with transaction.atomic():
        locked = _step(
            item,
            by=by,
            revision=revision,
            expected="brouillon",
            action="review.requested",
            needs_rapporteur=True,
            needs_draft=True,
            state="relecture",
            review_requested_at=timezone.now(),
            rapporteur_approved_at=None,
        )
        notify_rapporteur(Notification.Kind.REVIEW_REQUESTED, item=locked, actor=by)
    return locked


def approve(item: AgendaItem, *, by: User, revision: int | None = None) -> AgendaItem:
    """The rapporteur approves the draft, at ``revision`` (see ``_step``);
    the maire (or validator) may now validate it."""
    return _step(
        item,
        by=by,
        revision=revision,
        expected="relecture",
        action="review.approved",
        rapporteur_approved_at=timezone.now(),
    )


def ask_changes(
    item: AgendaItem, *, by: User, message: str, revision: int | None = None
) -> AgendaItem:
    """The rapporteur sends the draft back to its drafters, saying why."""
    if not message.strip():
        raise ValidationError({"message": "Dites ce qu'il faut changer."})
    return _step(
        item,
        by=by,
        revision=revision,
        expected="relecture",
        action="review.changes_asked",
        note=message.strip(),
        state="brouillon",
        rapporteur_approved_at=None,
    )


def validate(item: AgendaItem, *, by: User, revision: int | None = None) -> AgendaItem:
    """The maire, or the adjoint rapporteur the maire named as validator
    (``domain.access.can_validate_point``), validates the text the
    rapporteur approved: it may now be convened."""
    return _step(
        item,
        by=by,
        revision=revision,
        expected="relecture",
        action="review.validated",
        state="valide",
        needs_approval=True,
    )


def _step(
    item: AgendaItem,
    *,
    by: User,
    revision: int | None,
    expected: str,
    action: str,
    note: str = "",
    needs_approval: bool = False,
    needs_rapporteur: bool = False,
    needs_draft: bool = False,
    **changes: object,
) -> AgendaItem:
    """A decision on the draft at ``revision``, the version its page showed:
    refused with ``DraftConflict`` when a newer one was saved since, so
    that nobody approves or validates a text they never saw; the point's
    page and the board's cards send it. ``None`` is for code that decides
    on the latest version itself (the demo, the tests' set-ups). The
    journal keeps the version decided on."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if not locked.is_deliberation:
            raise ValidationError(
                "Seule une délibération passe par la relecture et la validation."
            )
        if revision is not None and revision != locked.draft_revision:
            latest = locked.revisions.order_by("-number").first()
            if latest is not None:
                raise DraftConflict(latest)
        if not locked.is_active:
            raise ValidationError(set_aside_refusal(locked))
        if locked.seance.is_convened or locked.state != expected:
            raise ValidationError(
                "Ce point a changé d'étape entre-temps : rechargez la page."
            )
        if needs_draft and locked.draft_revision == 0:
            raise ValidationError(
                "Rédigez d'abord le projet de délibération : il n'y a encore "
                "rien à relire."
            )
        if needs_rapporteur and locked.rapporteur_id is None:
            raise ValidationError("Désignez d'abord le rapporteur du point.")
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
            revision=locked.draft_revision,
        )
    return locked


def link_annex(item: AgendaItem, *, by: User, document: Document) -> Annex:
    """Attach a document at its current version; later versions of the
    document do not change what the point carries. The annexes are part of
    what was reviewed: attaching one withdraws the review (``withdraw_review``)."""
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
        withdraw_review(locked, by=by, cause="annex")
    return annex


def update_annex_version(annex: Annex, *, by: User) -> Annex:
    """Move an annex to its document's current version; the version it
    carried stays in the document's history and in the journal.

    Before the convocation it withdraws the review, like a new annex.
    Once convened it is a correction of what the council received (see
    ``save_draft``): every convened member is told."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=annex.item_id)
        annex = Annex.objects.select_related("document", "version").get(pk=annex.pk)
        correction = locked.seance.is_convened
        if correction:
            _check_correctable(locked)
        document = annex.document
        if document.deleted_at is not None:
            raise ValidationError("Ce document est dans la corbeille.")
        current = document.current_version
        if current is None or current.pk == annex.version_id:
            raise ValidationError(
                "L'annexe est déjà à la dernière version du document."
            )
        old = annex.version
        annex.version = current
        annex.save(update_fields=["version", "updated_at"])
        record(
            "agenda.annex_updated",
            collectivite=locked.seance.collectivite,
            actor=by,
            target=locked,
            document=str(document.pk),
            old_version=old.number,
            new_version=current.number,
            correction=correction,
        )
        if correction:
            signals.convened_point_changed.send(
                sender=AgendaItem,
                item=locked,
                by=by,
                kind=signals.ANNEX,
                details={
                    "annex": str(annex.pk),
                    "document": str(document.pk),
                    "old_version": str(old.pk),
                    "new_version": str(current.pk),
                },
            )
        else:
            withdraw_review(locked, by=by, cause="annex")
    return annex


@dataclass(frozen=True)
class DiffLine:
    """One paragraph of a comparison: "same", "added" or "removed"."""

    section: str
    tag: str
    text: str


def compare(old: DraftRevision | None, new: DraftRevision) -> list[DiffLine]:
    """Paragraph by paragraph, section by section, what changed from
    ``old`` to ``new`` (everything is added when there is no ``old``). The
    texts are compared without their tags, a list item or a table row being
    a paragraph, so that the differences stay readable: a change of
    formatting alone (a word made bold) does not show."""
    lines: list[DiffLine] = []
    for name in DRAFT_FIELDS:
        before = _paragraphs(getattr(old, name), name) if old is not None else []
        after = _paragraphs(getattr(new, name), name)
        label = SECTION_LABELS[name]
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                lines += [DiffLine(label, "same", text) for text in before[i1:i2]]
                continue
            lines += [DiffLine(label, "removed", text) for text in before[i1:i2]]
            lines += [DiffLine(label, "added", text) for text in after[j1:j2]]
    return lines


def _paragraphs(value: str, name: str) -> list[str]:
    if name in richtext.DRAFT_TEXTS:
        return richtext.paragraphs(value, by_line=richtext.DRAFT_TEXTS[name])
    return [value.strip()] if value.strip() else []
