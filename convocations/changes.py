"""What changed after the convocation was sent, and the one message that
tells each convened member about it.

A change (``seances.signals.convened_point_changed``: a corrected draft, an
annex moved to a newer version, a point withdrawn or postponed) is
recorded at once, in the transaction that made it, and the dossier is
compiled again at once (every part that did not change is reused). The
message waits for a quiet moment, so that a secrétaire who corrects three
things in five minutes sends one message, not three: the scheduler's job
``send_change_notices`` gathers every change of a convocation not told yet
into one ``ChangeNotice`` once ``QUORUM_CHANGE_NOTICE_QUIET_MINUTES`` have
passed since the last one (or ``MAX_WAIT`` since the first, so that a busy
afternoon still tells the council), then hands it to the worker, which
sends it like the convocation (``convocations.sending``).

One message of changes per member and séance: a member already told by
e-mail of an earlier notice of the same convocation is told of the later
ones by the bell, and by their daily summary (``notifications``).

Each member reads only the changes of the points they may see, numbered
as on the séance page; a member who may see none of them gets nothing:
no title of a point they may not see ever reaches them.

TODO(change-notice-paper): a member who asked for paper (L2121-10) gets
the notice by e-mail only; the paper PDF of the convocations does not
print the notices yet. A document put in the trash after the sending
leaves the dossier at its next compilation but is not a change told.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min

from accounts.models import User
from collectivites.access import Context, actor_for
from collectivites.models import Membership
from convocations.models import (
    ChangeNotice,
    Convocation,
    ConvocationChange,
    Delivery,
    NoticeDelivery,
)
from documents.models import Version
from domain import access
from journal.services import record
from notifications.models import Notification
from notifications.services import notify
from seances import signals
from seances.agenda import agenda_lines
from seances.models import AgendaItem, Seance

logger = logging.getLogger(__name__)

# However busy the secrétaire, the council hears of a change within this.
MAX_WAIT = timedelta(hours=1)

OUTCOME_SUMMARIES = {
    AgendaItem.Outcome.RETIRE: "point retiré de l'ordre du jour",
    AgendaItem.Outcome.REPORTE: "point reporté à une séance ultérieure",
    AgendaItem.Outcome.MAINTENU: "point de nouveau maintenu à l'ordre du jour",
}


@dataclass
class NoticeLine:
    """One point of a change notice, as one member reads it."""

    number: str
    title: str
    summaries: list[str] = field(default_factory=list)


def record_change(
    sender: object,
    *,
    item: AgendaItem,
    by: User | None,
    kind: str,
    details: dict[str, Any],
    **kwargs: object,
) -> ConvocationChange | None:
    """Keep one change to a convened point, and compile the dossier again.
    A séance marked convened without a convocation sent has nobody to
    tell: nothing is kept."""
    convocation = Convocation.objects.filter(seance_id=item.seance_id).first()
    if convocation is None:
        return None
    change = ConvocationChange(
        convocation=convocation, item=item, kind=kind, made_by=by
    )
    if kind == signals.DRAFT:
        change.revision = details["revision"]
        change.summary = f"projet de délibération corrigé (version {change.revision})"
    elif kind == signals.ANNEX:
        found = Version.objects.select_related("document").in_bulk(
            [details["old_version"], details["new_version"]]
        )
        versions = {str(pk): version for pk, version in found.items()}
        old, new = versions[details["old_version"]], versions[details["new_version"]]
        change.old_version, change.new_version = old, new
        change.summary = (
            f"annexe « {new.document.title} » : version {new.number} "
            f"au lieu de la version {old.number}"
        )
    else:
        change.summary = OUTCOME_SUMMARIES[details["after"]]
    change.save()
    record(
        "convocation.change_recorded",
        collectivite=item.seance.collectivite,
        actor=by,
        target=convocation,
        item=str(item.pk),
        kind=kind,
        summary=change.summary,
    )

    from dossiers.services import rebuild_after_change  # noqa: PLC0415

    rebuild_after_change(item.seance, by=by)
    logger.info("convocation change recorded change=%s kind=%s", change.pk, kind)
    return change


def quiet_period() -> timedelta:
    return timedelta(minutes=settings.QUORUM_CHANGE_NOTICE_QUIET_MINUTES)


def gather_change_notices(now: datetime) -> int:
    """Make a notice of each convocation whose changes have been quiet long
    enough, and queue its sending; the number of notices made."""
    waiting = (
        ConvocationChange.objects.filter(notice__isnull=True)
        .values("convocation_id")
        .annotate(first=Min("created_at"), last=Max("created_at"))
    )
    due = [
        row["convocation_id"]
        for row in waiting
        if row["last"] <= now - quiet_period() or row["first"] <= now - MAX_WAIT
    ]
    made = 0
    for convocation_id in due:
        made += make_notice(convocation_id) is not None
    return made


def make_notice(convocation_id: UUID | str) -> ChangeNotice | None:
    """Gather every change of the convocation not told yet into its next
    notice, addressed to each convened member who may see one of them.

    The convocation is locked: two schedulers never make two notices of the
    same changes. The sending is queued in the same transaction (the
    worker's queue lives in this database)."""
    with transaction.atomic():
        convocation = (
            Convocation.objects.select_for_update(of=("self",))
            .select_related("seance__collectivite", "seance__workspace")
            .get(pk=convocation_id)
        )
        changes = list(
            convocation.changes.filter(notice__isnull=True).select_related("item")
        )
        if not changes:
            return None
        last = convocation.change_notices.aggregate(last=Max("number"))["last"] or 0
        notice = ChangeNotice.objects.create(convocation=convocation, number=last + 1)
        ConvocationChange.objects.filter(pk__in=[c.pk for c in changes]).update(
            notice=notice
        )
        rows = _addressed(notice, convocation, changes)
        record(
            "convocation.change_notice",
            collectivite=convocation.seance.collectivite,
            target=notice,
            convocation=str(convocation.pk),
            number=notice.number,
            changes=[
                {"item": str(c.item_id), "kind": c.kind, "summary": c.summary}
                for c in changes
            ],
            recipients=[str(row.delivery.recipient_id) for row in rows],
        )
        for row in rows:
            if row.status == Delivery.Status.INVALID_ADDRESS:
                record_notice_outcome(row, "refused", notice)

        from convocations.tasks import send_change_notice  # noqa: PLC0415

        send_change_notice.enqueue(str(notice.pk))
    logger.info(
        "change notice made notice=%s changes=%s recipients=%s",
        notice.pk,
        len(changes),
        len(rows),
    )
    return notice


def _addressed(
    notice: ChangeNotice, convocation: Convocation, changes: list[ConvocationChange]
) -> list[NoticeDelivery]:
    """A delivery of the notice for each convened member who may see at
    least one changed point today, at the address they have today; a
    member already told once of this séance's changes by e-mail is told
    in Quorum instead (``tell_again_in_app``)."""
    from convocations.services import INVALID_ADDRESS, has_usable_address  # noqa: PLC0415

    items = {change.item_id for change in changes}
    told = set(
        NoticeDelivery.objects.filter(
            notice__convocation=convocation, notice__number__lt=notice.number
        ).values_list("delivery_id", flat=True)
    )
    rows = []
    for delivery in convocation.deliveries.select_related("recipient__user"):
        seen = visible_items(delivery.recipient, convocation.seance) & items
        if not seen:
            continue
        member = delivery.recipient
        if delivery.pk in told:
            tell_again_in_app(member, [c.item for c in changes if c.item_id in seen])
            continue
        row = NoticeDelivery(
            notice=notice, delivery=delivery, email=member.user.email.strip()
        )
        if not has_usable_address(member):
            row.status = Delivery.Status.INVALID_ADDRESS
            row.error = INVALID_ADDRESS
        rows.append(row)
    return NoticeDelivery.objects.bulk_create(rows)


def tell_again_in_app(member: Membership, items: list[AgendaItem]) -> None:
    """Later changes reach a member by the bell and their usual summary:
    one e-mail of changes per séance is enough noise."""
    for item in {item.pk: item for item in items}.values():
        notify(
            Notification.Kind.POINT_CHANGED,
            recipients=[member.user],
            actor=None,
            agenda_item=item,
        )


def visible_items(member: Membership, seance: Seance) -> set[object]:
    """The points of the séance this member reads in their dossier today."""
    return {line.item.pk for line in _lines(member, seance)}


def _lines(member: Membership, seance: Seance) -> list[Any]:
    ctx = Context(seance.collectivite, member, actor_for(member))
    return [
        line
        for line in agenda_lines(ctx, seance)
        if access.can_read_convened_dossier(
            ctx.actor, is_recipient=True, point=line.facts
        )
    ]


def notice_lines(member: Membership, notice: ChangeNotice) -> list[NoticeLine]:
    """The changes of the notice that this member may see, by point in
    agenda order: what their message says, and nothing more."""
    seance = notice.convocation.seance
    by_item: dict[object, list[str]] = {}
    for change in notice.changes.order_by("created_at", "pk"):
        by_item.setdefault(change.item_id, []).append(change.summary)
    return [
        NoticeLine(line.number, line.item.title, by_item[line.item.pk])
        for line in _lines(member, seance)
        if line.item.pk in by_item
    ]


def record_notice_outcome(
    row: NoticeDelivery, outcome: str, notice: ChangeNotice
) -> None:
    """What the mail server said of one member's notice (``accepted`` or
    ``refused``), or that nothing could be sent."""
    record(
        f"notice.{outcome}",
        collectivite=notice.convocation.seance.collectivite,
        target=row,
        notice=str(notice.pk),
        convocation=str(notice.convocation_id),
        recipient=str(row.delivery.recipient_id),
        email=row.email,
        status=row.status,
        error=row.error,
    )
