"""Building the délibérations of a séance when it closes (CGCT L2121-23,
R2121-9), RULES §7 and §8.3.

``deliberate`` runs inside the transaction that closes the séance: each
point voted becomes a ``Deliberation`` whose texts, counts and names are
frozen from the draft in force and the séance record, and takes the next
annual number of its collectivité. Its PDF is drawn after the commit by a
task (``actes.tasks.build_pdfs``), whose progress the séance's page of
délibérations shows.
"""

import io
import logging
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction

from accounts.models import User
from actes.models import Deliberation, NumberSequence
from collectivites.models import Collectivite, Membership
from documents.storage import store
from domain.deliberations import vote_sentence
from domain.votes import Choice, Outcome, VoteMode
from journal.services import record
from proceedings.models import Sitting
from proceedings.record import PointRecord, SeanceRecord, seance_record
from seances.models import PARIS, DraftRevision, Seance

logger = logging.getLogger(__name__)

CHOICE_LABELS = {
    Choice.POUR.value: "Pour",
    Choice.CONTRE.value: "Contre",
    Choice.ABSTENTION.value: "Abstention",
    Choice.NE_PREND_PAS_PART.value: "N'ont pas pris part au vote",
}


def name_of(member: Membership | None) -> str:
    return member.user.full_name if member is not None else ""


def capacity_of(member: Membership | None) -> str:
    """The function of ``member`` as the act writes it, agreed with the
    person: « Maire », « 1re adjointe au maire »."""
    if member is None:
        return ""
    return member.function or member.title_label


def civility_of(member: Membership | None) -> str:
    return member.user.civility if member is not None else ""


def next_number(collectivite: Collectivite, year: int) -> int:
    """The next annual number of ``collectivite``, without gap nor
    duplicate (R2121-9, RULES §7): the year's sequence row is locked until
    the transaction that takes the number ends, so that two séances closing
    at once wait for each other."""
    sequence = (
        NumberSequence.objects.select_for_update()
        .filter(collectivite=collectivite, year=year)
        .first()
    )
    if sequence is None:
        try:
            with transaction.atomic():
                NumberSequence.objects.create(collectivite=collectivite, year=year)
        except IntegrityError:
            pass  # created by the other séance meanwhile: wait for its lock
        sequence = NumberSequence.objects.select_for_update().get(
            collectivite=collectivite, year=year
        )
    sequence.last += 1
    sequence.save(update_fields=["last", "updated_at"])
    return sequence.last


def deliberate(sitting: Sitting, *, by: User) -> list[Deliberation]:
    """The délibérations of the closed ``sitting``: one per point voted,
    in the order of the agenda. Call inside the transaction that closes the
    séance; a séance closed for want of quorum took none."""
    seance = sitting.seance
    if not seance.is_council or sitting.quorum_failed:
        return []
    if Deliberation.objects.filter(seance=seance).exists():
        return list(Deliberation.objects.filter(seance=seance).order_by("order"))
    the_record = seance_record(seance)
    voted = [point for point in the_record.points if is_deliberated(point)]
    if not voted:
        return []
    revisions = latest_revisions([point.item.pk for point in voted])
    decided_on = seance.local_start.date()
    made = []
    for order, point in enumerate(voted, start=1):
        made.append(
            create_deliberation(
                the_record,
                point,
                order=order,
                decided_on=decided_on,
                revision=revisions.get(point.item.pk),
            )
        )
    record(
        "actes.deliberations_created",
        collectivite=seance.collectivite,
        actor=by,
        target=seance,
        numbers=[one.display_number for one in made],
    )
    ids = [str(one.pk) for one in made]
    transaction.on_commit(lambda: queue_pdfs(ids))
    return made


def queue_pdfs(ids: list[str]) -> None:
    from actes.tasks import build_pdfs  # noqa: PLC0415 - the task imports us

    build_pdfs.enqueue(ids)


def is_deliberated(point: PointRecord) -> bool:
    vote = point.vote
    return (
        point.item.is_deliberation
        and point.item.is_active
        and vote is not None
        and (bool(vote.vote.outcome) or vote.vote.elected_id is not None)
    )


def latest_revisions(item_ids: list[Any]) -> dict[Any, DraftRevision]:
    """The draft in force of each point: its latest revision."""
    latest: dict[Any, DraftRevision] = {}
    for revision in DraftRevision.objects.filter(item__in=item_ids).order_by(
        "item", "number"
    ):
        latest[revision.item_id] = revision
    return latest


def create_deliberation(
    the_record: SeanceRecord,
    point: PointRecord,
    *,
    order: int,
    decided_on: date,
    revision: DraftRevision | None,
) -> Deliberation:
    seance = the_record.seance
    if point.vote is None:
        raise ValueError("a point without a vote takes no délibération")
    return Deliberation.objects.create(
        collectivite=seance.collectivite,
        seance=seance,
        item=point.item,
        revision=revision,
        order=order,
        year=decided_on.year,
        sequence=next_number(seance.collectivite, decided_on.year),
        title=point.item.title,
        adopted_on=decided_on,
        nature=(revision.nature if revision and revision.nature else "1"),
        matiere=revision.matiere if revision else "",
        expose=revision.expose if revision else "",
        visas=revision.visas if revision else "",
        considerants=revision.considerants if revision else "",
        articles=revision.articles if revision else "",
        **vote_fields(the_record, point),
    )


# The fields of a délibération that follow from the vote and the séance
# record, refrozen when a vote is corrected after the closing.
VOTE_FIELDS = (
    "outcome",
    "en_exercice",
    "presents",
    "representes",
    "votants",
    "pour",
    "contre",
    "abstentions",
    "mentions",
)


def vote_fields(the_record: SeanceRecord, point: PointRecord) -> dict[str, Any]:
    if point.vote is None:
        raise ValueError("a point without a vote takes no délibération")
    vote = point.vote.vote
    adopted = vote.outcome == Outcome.ADOPTEE or (
        not vote.outcome and vote.elected_id is not None
    )
    return {
        "outcome": (
            Deliberation.Outcome.ADOPTEE if adopted else Deliberation.Outcome.REJETEE
        ),
        "en_exercice": len(the_record.in_office),
        "presents": len(point.present),
        "representes": len(point.represented),
        "votants": vote.votants,
        "pour": vote.pour,
        "contre": vote.contre,
        "abstentions": vote.abstentions,
        "mentions": mentions_of(the_record, point),
    }


def mentions_of(the_record: SeanceRecord, point: PointRecord) -> dict[str, Any]:
    """What the header, the vote and the signatures of the délibération
    state (RULES §7 ★), in plain data frozen at the closing."""
    seance = the_record.seance
    sitting = the_record.sitting
    if sitting is None or point.vote is None:
        raise ValueError("a délibération needs a held séance and a vote")
    vote = point.vote.vote
    present_ids = {member.pk for member in point.present}
    represented_ids = {pair.mandant.pk for pair in point.represented}
    absent = [
        member
        for member in the_record.in_office
        if member.pk not in present_ids and member.pk not in represented_ids
    ]
    secret = vote.mode == VoteMode.SCRUTIN_SECRET
    names: dict[str, list[str]] = {}
    if not secret:
        for choice, label in CHOICE_LABELS.items():
            members = point.vote.names.get(choice, [])
            if members:
                names[label] = [name_of(member) for member in members]
    not_taking_part = [name_of(member) for member in point.vote.not_taking_part]
    if secret:
        not_taking_part = [name_of(member) for member in point.interested]
    sentence = vote_sentence(
        pour=vote.pour,
        contre=vote.contre,
        abstentions=vote.abstentions,
        not_taking_part=not_taking_part,
        secret=secret,
        casting_vote=vote.casting_vote,
    )
    return {
        "collectivite": seance.collectivite.name,
        "seance_at": seance.starts_at.astimezone(PARIS).isoformat(),
        "place": seance.place,
        "kind": seance.get_kind_display(),
        "convened_on": seance.convened_on.isoformat() if seance.convened_on else "",
        "president": name_of(sitting.president),
        "president_capacity": capacity_of(sitting.president),
        "president_civility": civility_of(sitting.president),
        "secretaire": name_of(sitting.secretaire),
        "secretaire_capacity": capacity_of(sitting.secretaire),
        "secretaire_civility": civility_of(sitting.secretaire),
        "auxiliary": sitting.auxiliary,
        "rapporteur": name_of(point.item.rapporteur),
        "present": [name_of(member) for member in point.present],
        "represented": [
            [name_of(pair.mandant), name_of(pair.mandataire)]
            for pair in point.represented
        ],
        "absent": [name_of(member) for member in absent],
        "interested": [name_of(member) for member in point.interested],
        "quorum_met": point.quorum_met,
        "huis_clos": point.item.huis_clos,
        "mode": vote.get_mode_display(),
        "secret": secret,
        "names": names,
        "casting_vote": vote.casting_vote,
        "elected": name_of(vote.elected) if vote.elected_id else "",
        "tallies": [
            [name_of(tally.candidate), tally.votes] for tally in point.vote.tallies
        ],
        "vote_sentence": sentence,
    }


# --- PDF and office file ------------------------------------------------------


def build_pdf(deliberation: Deliberation) -> Deliberation:
    """Draw the PDF of ``deliberation`` and keep it, once: the PDF signed is
    the PDF built at the closing."""
    from actes.documents import deliberation_pdf  # noqa: PLC0415 - WeasyPrint

    if deliberation.pdf_id is not None:
        return deliberation
    data = deliberation_pdf(deliberation)
    with transaction.atomic():
        locked = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
        if locked.pdf_id is None:
            locked.pdf = store(io.BytesIO(data))
            locked.save(update_fields=["pdf", "updated_at"])
            record(
                "actes.pdf_built",
                collectivite=locked.collectivite,
                target=locked,
                number=locked.display_number,
                sha256=locked.pdf_id,
            )
    return locked


def build_pdfs_of(ids: list[str]) -> None:
    for deliberation in Deliberation.objects.select_related(
        "collectivite", "seance__collectivite"
    ).filter(pk__in=ids, pdf__isnull=True):
        build_pdf(deliberation)


def pdf_progress(seance: Seance) -> tuple[int, int]:
    """(drawn, total) of the séance's délibérations."""
    rows = Deliberation.objects.filter(seance=seance)
    return rows.filter(pdf__isnull=False).count(), rows.count()


def deliberations_of_year(collectivite: Collectivite, year: int) -> Any:
    return Deliberation.objects.filter(collectivite=collectivite, year=year).order_by(
        "sequence"
    )


def years_of(collectivite: Collectivite) -> list[int]:
    return list(
        Deliberation.objects.filter(collectivite=collectivite)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
