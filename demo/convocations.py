"""The convocation of the demo's next séance in Saint-Exemple, sent through
the convocations' services as the secrétaire would, and what the council
did with it since: openings, acknowledgements, answers by the link and by
phone, a procuration, a request for paper and an address that bounced;
then a draft corrected after the sending, and the change notice sent."""

import smtplib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test.utils import override_settings

from convocations import sending
from convocations.access import get_delivery_by_token
from convocations.changes import make_notice
from convocations.models import Channel, Convocation, Delivery, Reply
from convocations.services import (
    record_opening,
    record_reply,
    send_convocation,
    set_paper_preference,
)
from seances.models import Seance
from seances.workflow import DRAFT_FIELDS, save_draft

if TYPE_CHECKING:
    from demo.builder import BuiltTown

# Who asked for paper, whose mailbox does not exist, who opened the link.
ON_PAPER = "bernard"
POSTAL_ADDRESS = "4 chemin des Noyers\n38999 Saint-Exemple-sur-Isère"
BOUNCES = "karim"
OPENED = (
    "maire",
    "adjointe_finances",
    "adjoint_urbanisme",
    "adjointe_ecoles",
    "adjoint_associations",
    "delegue_numerique",
    "isabelle",
    "amandine",
    "emilie",
    "lucie",
    "conseiller",
)
# Answers given by the link (which also acknowledges the convocation); the
# conseiller of the demo accounts holds a procuration and has not answered.
PRESENT = (
    "maire",
    "adjointe_finances",
    "adjoint_urbanisme",
    "adjointe_ecoles",
    "adjoint_associations",
    "delegue_numerique",
    "isabelle",
    "lucie",
)
ABSENT = ("amandine",)
PROCURATION = ("emilie", "conseiller")
BY_PHONE = "patrick"
# Corrected after the sending, so that the demo shows a change notice.
CORRECTED_POINT = "Rapport sur le prix et la qualité du service de l'eau"
CORRECTED_ARTICLE = "Le rapport est tenu à la disposition du public en mairie."


class DemoMailServer(BaseEmailBackend):
    """The demo's mail server: it keeps and prints nothing, and answers
    like a real one at RCPT for a mailbox that does not exist."""

    def __init__(self, *, bounced: Sequence[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bounced = frozenset(bounced)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            unknown = set(message.recipients()) & self.bounced
            if unknown:
                raise smtplib.SMTPRecipientsRefused(
                    {
                        address: (
                            550,
                            f"5.1.1 <{address}>: Recipient address rejected: "
                            "User unknown in virtual mailbox table".encode(),
                        )
                        for address in unknown
                    }
                )
        return len(email_messages)


def send_demo_convocation(town: "BuiltTown") -> Convocation:
    """Convene today the séance with a point à huis clos, which
    ``demo.seances`` left ready (every point validated), then play what
    the council did with its convocation."""
    people = town.members
    secretaire = people["secretaire"].user
    seance = (
        Seance.objects.filter(
            collectivite=town.collectivite,
            status=Seance.Status.PREPARATION,
            items__huis_clos=True,
        )
        .select_related("collectivite")
        .order_by("starts_at")
        .first()
    )
    if seance is None:
        raise ValueError("demo.seances left no séance with a huis clos to convene")
    set_paper_preference(
        people[ON_PAPER],
        by=secretaire,
        wants_paper=True,
        postal_address=POSTAL_ADDRESS,
    )

    mailer = {
        "default": {
            "BACKEND": "demo.convocations.DemoMailServer",
            "OPTIONS": {"bounced": [people[BOUNCES].user.email]},
        }
    }
    # Whatever MAILERS says (the console of ``make demo``, the tests'
    # locmem): the demo's e-mails go nowhere, and one of them bounces. The
    # queue sends them at once in the tests; ``make demo``'s worker would
    # only start later, so they are sent here, and its run finds nothing left.
    with override_settings(MAILERS=mailer):
        convocation = send_convocation(seance, by=people["maire"].user)
        sending.send_pending(convocation.pk)

    deliveries = {
        delivery.recipient_id: delivery
        for delivery in convocation.deliveries.select_related(
            "convocation__seance", "recipient__user"
        )
    }

    def delivery(key: str) -> Delivery:
        return deliveries[people[key].pk]

    for key in OPENED:
        record_opening(get_delivery_by_token(delivery(key).token), by=people[key].user)
    for key in PRESENT:
        record_reply(delivery(key), by=people[key].user, answer=Reply.Answer.PRESENT)
    for key in ABSENT:
        record_reply(delivery(key), by=people[key].user, answer=Reply.Answer.ABSENT)
    mandant, mandataire = PROCURATION
    record_reply(
        delivery(mandant),
        by=people[mandant].user,
        answer=Reply.Answer.PROCURATION,
        mandataire=people[mandataire],
    )
    record_reply(
        delivery(BY_PHONE),
        by=secretaire,
        answer=Reply.Answer.PRESENT,
        channel=Channel.PHONE,
    )
    with override_settings(MAILERS=mailer):
        correct_after_sending(convocation, by=secretaire)
    return convocation


def correct_after_sending(convocation: Convocation, *, by: Any) -> None:
    """The secrétaire corrects one draft after the sending; the council is
    told by one change notice, sent here like the convocation (the bounced
    address bounces again), without waiting for the quiet period."""
    item = convocation.seance.items.get(title=CORRECTED_POINT)
    latest = item.revisions.order_by("-number").first()
    if latest is None:
        raise ValueError("demo.seances left the corrected point without a draft")
    save_draft(
        item,
        by=by,
        based_on=item.draft_revision,
        **{name: getattr(latest, name) for name in DRAFT_FIELDS if name != "articles"},
        articles=f"{latest.articles}\n{CORRECTED_ARTICLE}",
    )
    notice = make_notice(convocation.pk)
    if notice is not None:
        sending.send_notice(notice.pk)
