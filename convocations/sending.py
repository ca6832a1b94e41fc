"""Handing each convocation e-mail, and each change notice after it, to
the mail server, once.

A worker claims one delivery at a time by moving it from "à envoyer" to
"envoi en cours" with a conditional UPDATE (only one worker's UPDATE can
match), commits, hands the e-mail to the server, then records the answer
in a second transaction. So:

- two workers, or a task delivered twice, never send the same delivery:
  the second UPDATE matches nothing;
- a worker stopped between two e-mails (a crash, a dropped connection)
  leaves the next ones "à envoyer", and the task run again sends them,
  only them;
- a delivery whose e-mail the server did not take (connection lost, or a
  4xx "try later") goes back to "à envoyer" for the next run;
- the one case nobody can decide is a worker killed between the server's
  "250 accepted" and our record of it: the delivery stays "envoi en cours".
  After ``STALE_CLAIM`` it is sent again, under the same Message-ID. We
  prefer a councillor receiving the same message twice to one not
  convened, which would make the séance irregular.

A change notice (``NoticeDelivery``) goes the same way: ``Batch`` says
which rows, how each message reads and what the journal keeps.
"""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.dispatch import Signal
from django.utils import timezone

from convocations.changes import record_notice_outcome
from convocations.emails import change_notice_message, convocation_message
from convocations.models import ChangeNotice, Convocation, Delivery
from convocations.services import INVALID_ADDRESS, record_outcome

logger = logging.getLogger(__name__)

Status = Delivery.Status

# A claim older than this lost its worker: the SMTP timeout is 30 s.
STALE_CLAIM = timedelta(minutes=15)
# After this many "try later", the delivery is given up as refused.
MAX_ATTEMPTS = 5
# Sent once a row's outcome is stored, with ``delivery`` (a Delivery, or a
# NoticeDelivery as sender). The tests connect to it to stop a sending in
# the middle as a crash would.
delivery_sent = Signal()


class SendingInterrupted(Exception):
    """The mail server went away; what is left waits for the next run."""


@dataclass
class Outcome:
    status: str
    error: str = ""

    @property
    def temporary(self) -> bool:
        return self.status == Status.PENDING


@dataclass(frozen=True)
class Batch:
    """One sending: the rows that carry its e-mails (a ``Delivery`` for the
    convocation, a ``NoticeDelivery`` for a change notice, both with the
    same outcome fields), how each e-mail reads and what the journal keeps
    of each outcome (``record(row, action)``)."""

    rows: QuerySet[Any]
    select: tuple[str, ...]
    message: Callable[[Any], EmailMessage]
    record: Callable[[Any, str], None]
    name: str


def send_pending(convocation_id: str | UUID) -> int:
    """Send every delivery of the convocation that is waiting; the number
    the server accepted in this run.

    Raises ``SendingInterrupted`` when the server could not be reached or
    dropped the connection: the task fails, the deliveries not sent stay
    "à envoyer", and running it again goes on where it stopped."""
    convocation = Convocation.objects.select_related(
        "seance__collectivite", "seance__workspace"
    ).get(pk=convocation_id)
    batch = Batch(
        rows=convocation.deliveries.all(),
        select=("recipient__user",),
        message=lambda delivery: convocation_message(delivery, convocation),
        record=lambda delivery, outcome: record_outcome(
            delivery, f"delivery.{outcome}", convocation
        ),
        name=f"convocation={convocation.pk}",
    )
    return send_batch(batch)


def send_notice(notice_id: str | UUID) -> int:
    """Send what is waiting of one change notice, exactly like the
    convocation's e-mails (same claims, same outcomes, same retries)."""
    notice = ChangeNotice.objects.select_related(
        "convocation__seance__collectivite", "convocation__seance__workspace"
    ).get(pk=notice_id)
    batch = Batch(
        rows=notice.deliveries.all(),
        select=("delivery__recipient__user", "delivery__convocation"),
        message=lambda row: change_notice_message(row, notice),
        record=lambda row, action: record_notice_outcome(row, action, notice),
        name=f"notice={notice.pk}",
    )
    return send_batch(batch)


def send_batch(batch: Batch) -> int:
    """Send each waiting e-mail of ``batch`` once; the number accepted."""
    connection = mail.mailers.default
    tried: set[UUID] = set()
    accepted = 0
    try:
        while (row := _claim_next(batch, tried)) is not None:
            tried.add(row.pk)
            outcome = _hand_over(connection, row, batch)
            _store(row, outcome, batch)
            accepted += outcome.status == Status.ACCEPTED
            delivery_sent.send(sender=type(row), delivery=row)
    finally:
        _close(connection)
    logger.info(
        "convocation e-mails %s accepted=%s tried=%s",
        batch.name,
        accepted,
        len(tried),
    )
    return accepted


def _claim_next(batch: Batch, tried: set[UUID]) -> Any | None:
    """The next row to send, now "envoi en cours" for this worker alone;
    ``None`` when nothing is left that this run has not tried."""
    model = batch.rows.model
    while True:
        now = timezone.now()
        waiting = Q(status=Status.PENDING) | Q(
            status=Status.SENDING, sent_at__lt=now - STALE_CLAIM
        )
        candidates = list(
            batch.rows.filter(waiting)
            .exclude(pk__in=tried)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:20]
        )
        if not candidates:
            return None
        for pk in candidates:
            claimed = model.objects.filter(waiting, pk=pk).update(
                status=Status.SENDING,
                sent_at=now,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
            if claimed:
                return model.objects.select_related(*batch.select).get(pk=pk)


def _hand_over(connection: BaseEmailBackend, row: Any, batch: Batch) -> Outcome:
    """What the mail server answered about this one e-mail."""
    try:
        message = batch.message(row)
    except Exception:
        # Nothing left: the claim is given back rather than left to go stale.
        _release(row, "")
        raise
    try:
        connection.open()
        connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        code, text = next(iter(error.recipients.values()))
        return _answer(code, text, row)
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
        return _answer(error.smtp_code, error.smtp_error, row)
    except ValueError:  # the backend found the address malformed
        return Outcome(Status.INVALID_ADDRESS, INVALID_ADDRESS)
    except (smtplib.SMTPException, OSError) as error:
        _release(row, f"Serveur de messagerie injoignable : {error}")
        raise SendingInterrupted(str(error)) from error
    return Outcome(Status.ACCEPTED)


def _answer(code: int, text: bytes | str, row: Any) -> Outcome:
    said = text.decode(errors="replace") if isinstance(text, bytes) else text
    error = f"{code} {said}".strip()
    if code >= 500:
        return Outcome(Status.REFUSED, error)
    if row.attempts >= MAX_ATTEMPTS:
        return Outcome(
            Status.REFUSED, f"Refusée temporairement {row.attempts} fois : {error}"
        )
    return Outcome(Status.PENDING, error)


def _store(row: Any, outcome: Outcome, batch: Batch) -> None:
    """Record the answer, unless another worker took the row back in the
    meantime (its claim had gone stale)."""
    model = batch.rows.model
    with transaction.atomic():
        now = timezone.now()
        fields: dict[str, object] = {
            "status": outcome.status,
            "error": outcome.error[:2000],
            "updated_at": now,
        }
        if outcome.status == Status.ACCEPTED:
            fields["accepted_at"] = now
        stored = model.objects.filter(pk=row.pk, status=Status.SENDING).update(**fields)
        row.refresh_from_db()
        if stored and not outcome.temporary:
            accepted = outcome.status == Status.ACCEPTED
            batch.record(row, "accepted" if accepted else "refused")
    if outcome.temporary:
        logger.warning(
            "convocation e-mail deferred %s row=%s attempts=%s",
            batch.name,
            row.pk,
            row.attempts,
        )


def _release(row: Any, error: str) -> None:
    """Back to "à envoyer": the server never took this e-mail."""
    type(row).objects.filter(pk=row.pk, status=Status.SENDING).update(
        status=Status.PENDING, error=error[:2000], updated_at=timezone.now()
    )


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        logger.warning("mail connection did not close cleanly")


def resume_stalled(now: Any = None) -> int:
    """Queue again the sendings whose worker is gone; how many.

    A worker killed in the middle of a sending (a crash, a restart of the
    machine) leaves its task "running" for ever in the queue, the e-mail it
    was sending "envoi en cours" and the next ones "à envoyer": nothing
    would ever send them. A sending is stalled when it has e-mails waiting
    or a claim gone stale, and none of its e-mails moved for ``STALE_CLAIM``.
    Queuing it again is safe: the claims make each e-mail leave once
    (``send_batch``)."""
    from convocations.models import NoticeDelivery  # noqa: PLC0415
    from convocations.tasks import (  # noqa: PLC0415 - the tasks import us
        send_change_notice,
        send_convocation_emails,
    )

    now = now or timezone.now()
    quiet = now - STALE_CLAIM
    waiting = Q(status=Status.PENDING) | Q(status=Status.SENDING, sent_at__lt=quiet)
    resumed = 0
    for model, key, task in (
        (Delivery, "convocation_id", send_convocation_emails),
        (NoticeDelivery, "notice_id", send_change_notice),
    ):
        stalled = set(
            model.objects.filter(waiting).values_list(key, flat=True).distinct()
        ) - set(
            model.objects.filter(updated_at__gte=quiet)
            .values_list(key, flat=True)
            .distinct()
        )
        for owner in sorted(stalled, key=str):
            if _queued(task, str(owner)):
                continue
            task.enqueue(str(owner))
            resumed += 1
            logger.warning("sending resumed %s=%s", key, owner)
    return resumed


def _queued(task: Any, owner: str) -> bool:
    """A run of ``task`` for ``owner`` already waits in the database queue,
    now or later (a retry planned): that one will do."""
    if not task.get_backend().supports_defer:
        return False
    from django.tasks import TaskResultStatus  # noqa: PLC0415
    from django_tasks_db.models import DBTaskResult  # noqa: PLC0415

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=task.module_path
    ).values_list("args_kwargs", flat=True)
    return any(owner in (args.get("args") or []) for args in waiting)


# What a refusal of the recipient's mail server means, by the enhanced status
# code (RFC 3463) its answer starts with, for a secrétaire who does not read
# them; the answer itself stays on record as the server gave it.
_MEANINGS = (
    ("5.1.1", "cette adresse n'existe pas chez son fournisseur de messagerie"),
    ("5.1.", "l'adresse est erronée"),
    ("5.2.2", "la boîte aux lettres du destinataire est pleine"),
    ("5.2.", "la boîte aux lettres du destinataire ne reçoit pas de message"),
    ("5.7.", "le serveur du destinataire a pris le message pour un indésirable"),
    ("4.", "le serveur du destinataire demande de réessayer plus tard"),
)


def explained(error: str) -> str:
    """A server's answer in words, followed by the answer itself."""
    parts = error.split()
    if len(parts) < 2 or not parts[0].isdigit():
        return error
    status = parts[1]
    meaning = next(
        (words for prefix, words in _MEANINGS if status.startswith(prefix)),
        "le serveur du destinataire a refusé le message"
        if parts[0].startswith("5")
        else "",
    )
    if not meaning:
        return error
    return f"{meaning[0].upper()}{meaning[1:]} (réponse du serveur : {error})"
