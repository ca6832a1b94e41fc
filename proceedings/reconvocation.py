"""The new convocation after a failed quorum (CGCT L2121-17): the séance
closes as "quorum non atteint" and the points it did not examine go, with
their drafts and annexes, to a new séance that deliberates without quorum.
"""

from datetime import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from domain.jours_francs import earliest_seance_date
from journal.services import record
from proceedings.models import CarriedPoint, Sitting, Vote
from proceedings.services import lock_sitting, opening_quorum, require_open
from seances.models import PARIS, AgendaItem, Annex, DraftRevision, Seance
from seances.services import create_seance
from seances.workflow import initial_state
from search.indexing import index_point

# A new convocation after a failed quorum leaves three jours francs
# between its sending and the new séance (L2121-17, CE 16/06/1997 Pfister).
RECONVOCATION_JOURS_FRANCS = 3


def close_for_lack_of_quorum(sitting: Sitting, *, by: User) -> Seance:
    """Close a séance whose quorum is not met, at its opening or at the
    opening of a point, and prepare the new convocation (L2121-17).

    The new séance is of kind "nouvelle convocation", at the same hour
    and place, on the first day that leaves three jours francs after
    today's sending (CE 16/06/1997 *Pfister*); it is in preparation, so
    the secrétaire checks it and sends its convocation as usual. Its
    agenda is the points not examined here, with their validated drafts
    and annexes; they will be examined without quorum.
    """
    with transaction.atomic():
        locked = lock_sitting(sitting)
        require_open(locked)
        if locked.roll_call_at is None:
            raise ValidationError("Faites d'abord l'appel.")
        if opening_quorum(locked).met and not _last_point_failed(locked):
            raise ValidationError("Le quorum est atteint : la séance peut délibérer.")
        seance = locked.seance
        day = earliest_seance_date(timezone.localdate(), RECONVOCATION_JOURS_FRANCS)
        starts = datetime.combine(day, seance.local_start.time(), tzinfo=PARIS)
        new = create_seance(
            collectivite=seance.collectivite,
            by=by,
            starts_at=starts,
            place=seance.place,
            kind=Seance.Kind.NOUVELLE_CONVOCATION,
        )
        carried = _carry_points(locked, new, by=by)
        locked.closed_at = timezone.now()
        locked.quorum_failed = True
        locked.reconvened_as = new
        locked.save(
            update_fields=["closed_at", "quorum_failed", "reconvened_as", "updated_at"]
        )
        Seance.objects.filter(pk=seance.pk).update(
            status=Seance.Status.CLOSE, updated_at=timezone.now()
        )
        record(
            "seance.quorum_non_atteint",
            collectivite=seance.collectivite,
            actor=by,
            target=seance,
            closed_at=locked.closed_at.isoformat(),
            new_seance=str(new.pk),
            new_starts_at=starts.isoformat(),
            carried=[str(point.pk) for point in carried],
        )
    return new


def _last_point_failed(sitting: Sitting) -> bool:
    last = sitting.examinations.order_by("-opened_at").first()
    return last is not None and not last.quorum_met


def _carry_points(sitting: Sitting, new: Seance, *, by: User) -> list[AgendaItem]:
    """Copy the points not yet examined onto the new séance, in order."""
    done = set(
        Vote.objects.filter(
            item__seance=sitting.seance_id, superseded_at__isnull=True
        ).values_list("item_id", flat=True)
    ) | set(
        sitting.examinations.filter(quorum_met=True).values_list("item_id", flat=True)
    )
    items = (
        sitting.seance.items.filter(outcome="")
        .exclude(pk__in=done)
        .prefetch_related("agents")
        .order_by("parent__position", "position")
    )
    copies: dict[UUID, AgendaItem] = {}
    carried = []
    for item in sorted(
        items, key=lambda one: (one.parent_id is not None, one.position)
    ):
        copy = AgendaItem.objects.create(
            seance=new,
            parent=copies.get(item.parent_id) if item.parent_id else None,
            position=item.position,
            title=item.title,
            kind=item.kind,
            state=(
                AgendaItem.State.VALIDE
                if item.is_deliberation
                else initial_state(item.kind)
            ),
            rapporteur=item.rapporteur,
            validator=item.validator,
            huis_clos=item.huis_clos,
            concerns_icpe=item.concerns_icpe,
        )
        copy.agents.set(item.agents.all())
        _copy_draft_and_annexes(item, copy)
        copies[item.pk] = copy
        CarriedPoint.objects.create(sitting=sitting, original=item, item=copy)
        index_point(copy)
        record(
            "agenda.item_carried",
            collectivite=new.collectivite,
            actor=by,
            target=copy,
            seance=str(new.pk),
            original=str(item.pk),
            title=copy.title,
        )
        carried.append(copy)
    return carried


def _copy_draft_and_annexes(item: AgendaItem, copy: AgendaItem) -> None:
    latest = item.revisions.order_by("-number").first()
    if latest is not None:
        DraftRevision.objects.create(
            item=copy,
            number=1,
            author=latest.author,
            expose=latest.expose,
            visas=latest.visas,
            considerants=latest.considerants,
            articles=latest.articles,
            nature=latest.nature,
            matiere=latest.matiere,
        )
        copy.draft_revision = 1
        copy.save(update_fields=["draft_revision", "updated_at"])
    Annex.objects.bulk_create(
        Annex(
            item=copy,
            document_id=annex.document_id,
            version_id=annex.version_id,
            added_by_id=annex.added_by_id,
        )
        for annex in item.annexes.all()
    )
