"""Handing each convocation e-mail to the mail server, once.

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
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.utils import timezone

from convocations.emails import convocation_message
from convocations.models import Convocation, Delivery
from convocations.services import INVALID_ADDRESS, record_outcome

logger = logging.getLogger(__name__)

Status = Delivery.Status

# A claim older than this lost its worker: the SMTP timeout is 30 s.
STALE_CLAIM = timedelta(minutes=15)
# After this many "try later", the delivery is given up as refused.
MAX_ATTEMPTS = 5
# Sent once a delivery's outcome is stored, with ``delivery``. The tests
# connect to it to stop a sending in the middle as a crash would.
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


def send_pending(convocation_id: str | UUID) -> int:
    """Send every delivery of the convocation that is waiting; the number
    the server accepted in this run.

    Raises ``SendingInterrupted`` when the server could not be reached or
    dropped the connection: the task fails, the deliveries not sent stay
    "à envoyer", and running it again goes on where it stopped."""
    convocation = Convocation.objects.select_related(
        "seance__collectivite", "seance__workspace"
    ).get(pk=convocation_id)
    connection = mail.mailers.default
    tried: set[UUID] = set()
    accepted = 0
    try:
        while (delivery := _claim_next(convocation, tried)) is not None:
            tried.add(delivery.pk)
            outcome = _hand_over(connection, delivery, convocation)
            _store(delivery, outcome, convocation)
            accepted += outcome.status == Status.ACCEPTED
            delivery_sent.send(sender=Delivery, delivery=delivery)
    finally:
        _close(connection)
    logger.info(
        "convocation e-mails convocation=%s accepted=%s tried=%s",
        convocation.pk,
        accepted,
        len(tried),
    )
    return accepted


def _claim_next(convocation: Convocation, tried: set[UUID]) -> Delivery | None:
    """The next delivery to send, now "envoi en cours" for this worker
    alone; ``None`` when nothing is left that this run has not tried."""
    while True:
        now = timezone.now()
        waiting = Q(status=Status.PENDING) | Q(
            status=Status.SENDING, sent_at__lt=now - STALE_CLAIM
        )
        candidates = list(
            convocation.deliveries.filter(waiting)
            .exclude(pk__in=tried)
            .order_by("created_at", "pk")
            .values_list("pk", flat=True)[:20]
        )
        if not candidates:
            return None
        for pk in candidates:
            claimed = Delivery.objects.filter(waiting, pk=pk).update(
                status=Status.SENDING,
                sent_at=now,
                attempts=F("attempts") + 1,
                updated_at=now,
            )
            if claimed:
                return Delivery.objects.select_related("recipient__user").get(pk=pk)


def _hand_over(
    connection: BaseEmailBackend, delivery: Delivery, convocation: Convocation
) -> Outcome:
    """What the mail server answered about this one e-mail."""
    try:
        message = convocation_message(delivery, convocation)
    except Exception:
        # Nothing left: the claim is given back rather than left to go stale.
        _release(delivery, "")
        raise
    try:
        connection.open()
        connection.send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        code, text = next(iter(error.recipients.values()))
        return _answer(code, text, delivery)
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as error:
        return _answer(error.smtp_code, error.smtp_error, delivery)
    except ValueError:  # the backend found the address malformed
        return Outcome(Status.INVALID_ADDRESS, INVALID_ADDRESS)
    except (smtplib.SMTPException, OSError) as error:
        _release(delivery, f"Serveur de messagerie injoignable : {error}")
        raise SendingInterrupted(str(error)) from error
    return Outcome(Status.ACCEPTED)


def _answer(code: int, text: bytes | str, delivery: Delivery) -> Outcome:
    said = text.decode(errors="replace") if isinstance(text, bytes) else text
    error = f"{code} {said}".strip()
    if code >= 500:
        return Outcome(Status.REFUSED, error)
    if delivery.attempts >= MAX_ATTEMPTS:
        return Outcome(
            Status.REFUSED, f"Refusée temporairement {delivery.attempts} fois : {error}"
        )
    return Outcome(Status.PENDING, error)


def _store(delivery: Delivery, outcome: Outcome, convocation: Convocation) -> None:
    """Record the answer, unless another worker took the delivery back in
    the meantime (its claim had gone stale)."""
    with transaction.atomic():
        now = timezone.now()
        fields: dict[str, object] = {
            "status": outcome.status,
            "error": outcome.error[:2000],
            "updated_at": now,
        }
        if outcome.status == Status.ACCEPTED:
            fields["accepted_at"] = now
        stored = Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
            **fields
        )
        delivery.refresh_from_db()
        if stored and not outcome.temporary:
            action = (
                "delivery.accepted"
                if outcome.status == Status.ACCEPTED
                else "delivery.refused"
            )
            record_outcome(delivery, action, convocation)
    if outcome.temporary:
        logger.warning(
            "convocation e-mail deferred delivery=%s attempts=%s",
            delivery.pk,
            delivery.attempts,
        )


def _release(delivery: Delivery, error: str) -> None:
    """Back to "à envoyer": the server never took this e-mail."""
    Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
        status=Status.PENDING, error=error[:2000], updated_at=timezone.now()
    )


def _close(connection: BaseEmailBackend) -> None:
    try:
        connection.close()
    except (smtplib.SMTPException, OSError):
        logger.warning("mail connection did not close cleanly")
