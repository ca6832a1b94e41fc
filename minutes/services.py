"""The procès-verbal and the list of the délibérations of a séance, from
its closing to their publication (CGCT L2121-15, L2121-25).

- When a séance of the council closes, its procès-verbal is drafted from
  the record and its list of délibérations made (``prepare_after_closing``).
- The procès-verbal goes on the agenda of the next séance of the council in
  preparation, as the point « Approbation du procès-verbal de la séance du
  … », now or when that séance is created (``attach_to_next_seance``).
- Once that point is voted adopted, the procès-verbal is approved
  (``follow_approval_vote``); its PDF is made then, for the maire and the
  secrétaire de séance to sign.

Each change runs in one transaction and writes the journal; a refusal
raises ``ValidationError`` in French before anything is stored.
"""

import io
import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from collectivites.models import Membership
from documents.models import Blob
from documents.storage import store
from domain.actes import proces_verbal_approval_draft
from domain.roles import Role
from journal.services import record
from minutes import build, pdf
from minutes.models import ListeDeliberations, ProcesVerbal
from proceedings.models import Sitting, Vote
from proceedings.record import seance_record
from seances import richtext
from seances.models import AgendaItem, Seance
from seances.services import add_item
from seances.workflow import save_draft
from web.french import date_format

logger = logging.getLogger(__name__)

State = ProcesVerbal.State
APPROVAL_TITLE = "Approbation du procès-verbal de la séance du {day}"


class ProcesVerbalConflict(Exception):
    """Someone saved the procès-verbal since the revision the form was
    based on: nothing is stored, both texts are shown."""

    def __init__(self, latest: ProcesVerbal) -> None:
        super().__init__(f"proces-verbal changed, latest revision {latest.revision}")
        self.latest = latest


def prepare_after_closing(sitting: Sitting, *, by: User | None) -> None:
    """Draft the procès-verbal and make the list of délibérations of a
    séance of the council that has just closed; nothing for a commission,
    nor for a séance closed for want of quorum (no délibération was taken,
    the council is convened again, L2121-17). Done once: a second call
    changes nothing."""
    seance = sitting.seance
    if not seance.is_council or sitting.quorum_failed:
        return
    if ProcesVerbal.objects.filter(seance=seance).exists():
        return
    draft = build.draft_of(seance_record(seance))
    proces_verbal = ProcesVerbal.objects.create(
        collectivite=seance.collectivite,
        seance=seance,
        body=draft.body,
        huis_clos_body=draft.huis_clos_body,
    )
    liste = ListeDeliberations.objects.create(
        collectivite=seance.collectivite, seance=seance
    )
    record(
        "proces_verbal.drafted",
        collectivite=seance.collectivite,
        actor=by,
        target=proces_verbal,
        seance=str(seance.pk),
    )
    record(
        "liste_deliberations.made",
        collectivite=seance.collectivite,
        actor=by,
        target=liste,
        seance=str(seance.pk),
    )
    attach_to_next_seance(proces_verbal, by=by)
    pk = liste.pk
    transaction.on_commit(lambda: _queue_liste_pdf(pk))


def _queue_liste_pdf(pk: object) -> None:
    from minutes.tasks import render_liste  # noqa: PLC0415 - tasks import services

    render_liste.enqueue(str(pk))


def render_liste_pdf(liste: ListeDeliberations) -> Blob:
    """The PDF of the list, made once its délibérations are known."""
    with transaction.atomic():
        locked = ListeDeliberations.objects.select_for_update().get(pk=liste.pk)
        data = pdf.liste_pdf(locked)
        blob = store(io.BytesIO(data))
        locked.pdf = blob
        locked.save(update_fields=["pdf", "updated_at"])
    liste.pdf = blob
    return blob


def next_council_seance(seance: Seance) -> Seance | None:
    """The next séance of the council after ``seance`` still in
    preparation, whose agenda can take a point."""
    return (
        Seance.objects.filter(
            collectivite=seance.collectivite_id,
            workspace__isnull=True,
            status=Seance.Status.PREPARATION,
            starts_at__gt=seance.starts_at,
        )
        .order_by("starts_at")
        .first()
    )


def attach_to_next_seance(
    proces_verbal: ProcesVerbal, *, by: User | None, seance: Seance | None = None
) -> AgendaItem | None:
    """Put the approval of ``proces_verbal`` on the agenda of the next séance
    of the council in preparation (L2121-15: it is approved at the next
    séance), with its draft ready, reported by the maire. A séance already
    convened has its agenda frozen: the point then waits for the séance
    after it. Nothing when it is on an agenda already or approved."""
    if proces_verbal.approval_item_id is not None or proces_verbal.state == (
        State.APPROUVE
    ):
        return None
    target = seance or next_council_seance(proces_verbal.seance)
    if target is None or target.status != Seance.Status.PREPARATION:
        return None
    day = date_format(proces_verbal.seance.local_start, "j F Y")
    maire = (
        Membership.objects.current()
        .filter(collectivite=target.collectivite_id, role=Role.MAIRE)
        .first()
    )
    item = add_item(
        target,
        by=by,
        title=APPROVAL_TITLE.format(day=day),
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=maire,
    )
    # A draft revision needs its author: planned by the system (at a
    # closing), the point has no revision yet and its draft form opens on
    # the same standard text (``seances.views.drafts``), which the
    # secrétaire saves as their own.
    # TODO(minutes-annex): the procès-verbal is not attached as an annex:
    # an annex is a document frozen at one version, while the procès-verbal
    # is still edited until the convocation; the text says where to read it.
    if by is not None:
        save_draft(item, by=by, based_on=0, **proces_verbal_approval_draft(day))
    proces_verbal.approval_item = item
    proces_verbal.state = State.SOUMIS
    proces_verbal.save(update_fields=["approval_item", "state", "updated_at"])
    record(
        "proces_verbal.put_on_agenda",
        collectivite=proces_verbal.collectivite,
        actor=by,
        target=proces_verbal,
        item=str(item.pk),
        seance=str(target.pk),
    )
    return item


def attach_waiting(seance: Seance, *, by: User | None) -> None:
    """A séance of the council just planned takes the approval of the
    procès-verbaux of earlier séances not yet on an agenda."""
    if not seance.is_council or seance.status != Seance.Status.PREPARATION:
        return
    waiting = ProcesVerbal.objects.filter(
        collectivite=seance.collectivite_id,
        approval_item__isnull=True,
        state=State.BROUILLON,
        seance__starts_at__lt=seance.starts_at,
    ).select_related("seance__collectivite", "collectivite")
    for proces_verbal in waiting.order_by("seance__starts_at"):
        attach_to_next_seance(proces_verbal, by=by, seance=seance)


def save_proces_verbal(
    proces_verbal: ProcesVerbal,
    *,
    by: User,
    based_on: int,
    body: str,
    huis_clos_body: str,
) -> ProcesVerbal:
    """Store the secrétaire's text, unless someone saved one since revision
    ``based_on`` (then ``ProcesVerbalConflict``, nothing stored). An
    approved procès-verbal no longer changes: the council approved that
    text."""
    with transaction.atomic():
        locked = ProcesVerbal.objects.select_for_update().get(pk=proces_verbal.pk)
        if locked.state == State.APPROUVE:
            raise ValidationError(
                "Le procès-verbal est approuvé par le conseil : son texte ne "
                "change plus."
            )
        if locked.revision != based_on:
            raise ProcesVerbalConflict(locked)
        body = richtext.sanitise(body)
        huis_clos_body = richtext.sanitise(huis_clos_body)
        if body == locked.body and huis_clos_body == locked.huis_clos_body:
            return locked
        locked.body = body
        locked.huis_clos_body = huis_clos_body
        locked.revision += 1
        locked.updated_by = by
        locked.save(
            update_fields=[
                "body",
                "huis_clos_body",
                "revision",
                "updated_by",
                "updated_at",
            ]
        )
        record(
            "proces_verbal.saved",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            revision=locked.revision,
            length=len(body) + len(huis_clos_body),
        )
    return locked


def follow_approval_vote(vote: Vote) -> None:
    """A vote in force on the point that approves a procès-verbal: adopted,
    the procès-verbal is approved and its PDF made for the signatures;
    corrected to rejected before any signature, it is submitted again."""
    if vote.superseded_at is not None or vote.kind != Vote.Kind.DELIBERATION:
        return
    proces_verbal = (
        ProcesVerbal.objects.select_for_update()
        .select_related("seance__collectivite", "collectivite")
        .filter(approval_item=vote.item_id)
        .first()
    )
    if proces_verbal is None:
        return
    if vote.adopted and proces_verbal.state != State.APPROUVE:
        proces_verbal.state = State.APPROUVE
        proces_verbal.approved_at = vote.at
        proces_verbal.pdf = store(io.BytesIO(pdf.proces_verbal_pdf(proces_verbal)))
        proces_verbal.save(update_fields=["state", "approved_at", "pdf", "updated_at"])
        record(
            "proces_verbal.approved",
            collectivite=proces_verbal.collectivite,
            actor=vote.recorded_by,
            target=proces_verbal,
            vote=str(vote.pk),
        )
    elif not vote.adopted and proces_verbal.state == State.APPROUVE:
        if proces_verbal.signatures.exists():
            logger.warning(
                "approval vote corrected after signature proces_verbal=%s",
                proces_verbal.pk,
            )
            return
        proces_verbal.state = State.SOUMIS
        proces_verbal.approved_at = None
        proces_verbal.save(update_fields=["state", "approved_at", "updated_at"])
        record(
            "proces_verbal.approval_withdrawn",
            collectivite=proces_verbal.collectivite,
            actor=vote.recorded_by,
            target=proces_verbal,
            vote=str(vote.pk),
        )


def post_liste(liste: ListeDeliberations, *, by: User, on: date) -> None:
    """Record the day the list was posted at the mairie (L2121-25), which
    cannot be before the séance nor in the future."""
    seance_day = liste.seance.local_start.date()
    if on < seance_day:
        raise ValidationError(
            {"posted_on": "La liste ne peut pas être affichée avant la séance."}
        )
    if on > timezone.localdate():
        raise ValidationError(
            {
                "posted_on": "Indiquez le jour où la liste a été affichée, pas un "
                "jour à venir."
            }
        )
    with transaction.atomic():
        locked = ListeDeliberations.objects.select_for_update().get(pk=liste.pk)
        locked.posted_on = on
        locked.posted_by = by
        locked.save(update_fields=["posted_on", "posted_by", "updated_at"])
        record(
            "liste_deliberations.posted",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            posted_on=on.isoformat(),
        )
    liste.posted_on = on
