"""A vote entered or corrected after the séance closed
(``proceedings.voting``), and the délibération built at the closing.

While nobody has signed it, the délibération follows the vote: its result,
counts and frozen mentions are taken again from the séance record, its PDF
is drawn again, and the journal says what changed. Once signed (or sent to
the préfecture, or put online) it is an act: it no longer changes, and
only a new délibération of the council can withdraw or amend it (CGCT
L2121-23, L2131-1; RULES §6.4, §11). A vote entered after the closing on a
point that had none yet gives that point its délibération, numbered after
the others.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accounts.models import User
from actes.models import Deliberation, Transmission
from actes.services import (
    VOTE_FIELDS,
    create_deliberation,
    is_deliberated,
    latest_revisions,
    queue_pdfs,
    vote_fields,
)
from journal.services import record
from proceedings.models import Sitting
from proceedings.record import PointRecord, SeanceRecord, seance_record
from seances.models import AgendaItem

# TODO(actes-corrections): only a vote makes the délibération follow. A
# roll call, a movement or the secrétaire de séance corrected after the
# closing also changes the mentions of every point, and the list of the
# délibérations (minutes) keeps the result of the closing; both would need
# the same rebuilding, guarded by the same signatures.


def why_final(deliberation: Deliberation) -> str:
    """The French reason why ``deliberation`` no longer follows a corrected
    vote, or "" while it may."""
    from publication.models import Publication  # noqa: PLC0415 - reads actes

    number = deliberation.display_number
    if deliberation.signatures.exists() or deliberation.signed_pdf_id is not None:
        done = "signée"
    elif Transmission.objects.filter(
        deliberation=deliberation, sent_on__isnull=False
    ).exists():
        done = "transmise à la préfecture"
    elif Publication.objects.filter(deliberation=deliberation).exists():
        done = "publiée"
    else:
        return ""
    return (
        f"La délibération n° {number} est déjà {done} : un acte signé ne se "
        "corrige plus. Pour changer ce que le conseil a décidé, il faut une "
        "nouvelle délibération, votée en séance, qui retire ou modifie "
        "celle-ci."
    )


def refuse_if_final(item: AgendaItem) -> None:
    """Refuse, before anything is stored, a vote on ``item`` whose
    délibération is signed already."""
    deliberation = Deliberation.objects.filter(item=item).first()
    if deliberation is None:
        return
    reason = why_final(deliberation)
    if reason:
        raise ValidationError(reason)


def follow_vote(item: AgendaItem, *, by: User) -> Deliberation | None:
    """After a vote on ``item`` entered or corrected once its séance is
    closed, inside the same transaction: rebuild its délibération, or make
    it when the point had none. Refused in French (the vote with it) when
    the délibération is final (``why_final``)."""
    sitting = Sitting.objects.select_related("seance__collectivite").get(
        seance=item.seance_id
    )
    seance = sitting.seance
    if not sitting.is_closed or not seance.is_council or sitting.quorum_failed:
        return None
    locked = Deliberation.objects.select_for_update().filter(item=item).first()
    reason = why_final(locked) if locked is not None else ""
    if reason:
        raise ValidationError(reason)
    the_record = seance_record(seance)
    point = next(one for one in the_record.points if one.item.pk == item.pk)
    if not is_deliberated(point):
        if locked is None:
            return None
        raise ValidationError(
            f"La délibération n° {locked.display_number} est établie : ce vote "
            "doit donner un résultat (adopté, rejeté ou un élu)."
        )
    if locked is None:
        return _make(the_record, point, by=by)
    return _rebuild(locked, the_record, point, by=by)


def _rebuild(
    deliberation: Deliberation,
    the_record: SeanceRecord,
    point: PointRecord,
    *,
    by: User,
) -> Deliberation:
    fields = vote_fields(the_record, point)
    before = {name: getattr(deliberation, name) for name in VOTE_FIELDS}
    for name, value in fields.items():
        setattr(deliberation, name, value)
    old_pdf = deliberation.pdf_id
    deliberation.pdf = None
    deliberation.save(update_fields=[*VOTE_FIELDS, "pdf", "updated_at"])
    record(
        "actes.deliberation_rebuilt",
        collectivite=deliberation.collectivite,
        actor=by,
        target=deliberation,
        number=deliberation.display_number,
        outcome=deliberation.outcome,
        counts=_counts(fields),
        before={"outcome": before["outcome"], "counts": _counts(before)},
        replaced_pdf=old_pdf or "",
    )
    ids = [str(deliberation.pk)]
    transaction.on_commit(lambda: queue_pdfs(ids))
    return deliberation


def _make(the_record: SeanceRecord, point: PointRecord, *, by: User) -> Deliberation:
    seance = the_record.seance
    item = point.item
    last = Deliberation.objects.filter(seance=seance).aggregate(Max("order"))
    made = create_deliberation(
        the_record,
        point,
        order=(last["order__max"] or 0) + 1,
        decided_on=seance.local_start.date(),
        revision=latest_revisions([item.pk]).get(item.pk),
    )
    record(
        "actes.deliberations_created",
        collectivite=seance.collectivite,
        actor=by,
        target=seance,
        numbers=[made.display_number],
    )
    ids = [str(made.pk)]
    transaction.on_commit(lambda: queue_pdfs(ids))
    return made


def _counts(values: dict[str, object]) -> dict[str, object]:
    return {
        name: values[name]
        for name in VOTE_FIELDS
        if name not in {"outcome", "mentions"}
    }
