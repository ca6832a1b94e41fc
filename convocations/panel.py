"""What the séance's pages show of its convocation: before sending, who will
receive it; after, for those who follow it, what became of each e-mail and
the attendance announced, and for a recipient, their own convocation, its
acknowledgement and their answer."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from collectivites.access import Context
from convocations.attendance import expected_attendance
from convocations.forms import ReplyForm
from convocations.models import (
    Convocation,
    ConvocationPreference,
    Delivery,
    Procuration,
)
from convocations.services import has_usable_address, recipients_of
from domain import access
from seances.models import Seance
from web.progress import Progress


@dataclass(frozen=True)
class Tally:
    total: int
    accepted: int
    opened: int
    acknowledged: int
    waiting: int
    failed: int

    @classmethod
    def of(cls, deliveries: list[Delivery]) -> "Tally":
        waiting = {Delivery.Status.PENDING, Delivery.Status.SENDING}
        return cls(
            total=len(deliveries),
            accepted=sum(d.status == Delivery.Status.ACCEPTED for d in deliveries),
            opened=sum(d.first_opened_at is not None for d in deliveries),
            acknowledged=sum(d.acknowledged_at is not None for d in deliveries),
            waiting=sum(d.status in waiting for d in deliveries),
            failed=sum(d.failed for d in deliveries),
        )


def convocation_panel(ctx: Context, seance: Seance) -> dict[str, Any]:
    """A fixed number of queries, whatever the size of the council."""
    panel: dict[str, Any] = {
        "seance": seance,
        "can_send": not seance.is_convened and access.can_send_convocation(ctx.actor),
        "convocation": None,
        "delivery": None,
        "follows": False,
        "tally": None,
        "sending": None,
        "failures": [],
        "paper": 0,
        "attendance": None,
        "can_record": False,
        "reply": None,
        "reply_form": None,
        "given": None,
        "held": None,
    }
    if not seance.is_convened:
        return panel
    convocation = (
        Convocation.objects.select_related("sent_by").filter(seance=seance).first()
    )
    if convocation is None:  # convened before Quorum sent convocations
        return panel
    panel["convocation"] = convocation
    if access.can_follow_convocation(ctx.actor):
        deliveries = list(
            convocation.deliveries.select_related("recipient__user", "reply")
        )
        tally = Tally.of(deliveries)
        panel.update(
            follows=True,
            tally=tally,
            sending=sending_progress(ctx, seance, tally),
            failures=[delivery for delivery in deliveries if delivery.failed],
            paper=ConvocationPreference.objects.filter(
                wants_paper=True,
                membership__in=[delivery.recipient_id for delivery in deliveries],
            ).count(),
        )
        mine = next(
            (d for d in deliveries if d.recipient_id == ctx.membership.pk), None
        )
    else:
        mine = (
            convocation.deliveries.select_related("reply")
            .filter(recipient=ctx.membership)
            .first()
        )
    panel["delivery"] = mine
    open_to_replies = seance.status == Seance.Status.CONVOQUEE
    if access.can_see_expected_attendance(ctx.actor):
        panel["attendance"] = expected_attendance(seance)
        panel["can_record"] = open_to_replies and access.can_record_replies(ctx.actor)
    if mine is not None:
        panel.update(_own_reply(ctx, seance, mine, open_to_replies))
    return panel


def sending_progress(
    ctx: Context, seance: Seance, tally: Tally, *, followed: bool = False
) -> Progress | None:
    """While e-mails wait for the mail server, how far the sending is; once
    none waits, if the page followed it, what came of it."""
    doing = "Envoi de la convocation"
    if tally.waiting:
        return Progress(
            doing,
            step="remise des e-mails au serveur de messagerie",
            done=tally.total - tally.waiting,
            total=tally.total,
            unit="e-mails",
        )
    if not followed:
        return None
    refused = f", {tally.failed} non remis (voir ci-dessous)" if tally.failed else ""
    return Progress(
        doing,
        state="done",
        message=f"Envoi terminé : {tally.accepted} e-mail"
        f"{'s' if tally.accepted > 1 else ''} accepté"
        f"{'s' if tally.accepted > 1 else ''} par le serveur{refused}.",
        link_url=reverse(
            "convocations:deliveries",
            kwargs={"collectivite": ctx.collectivite.slug, "seance_id": seance.pk},
        ),
        link_label="Suivre la remise",
    )


def _own_reply(
    ctx: Context, seance: Seance, mine: Delivery, open_to_replies: bool
) -> dict[str, Any]:
    """The member's answer, the procurations they gave and hold, and the
    form that changes the answer while the séance is not open."""
    procurations = list(
        Procuration.objects.filter(seance=seance, revoked_at__isnull=True)
        .filter(Q(mandant=ctx.membership) | Q(mandataire=ctx.membership))
        .select_related("mandant__user", "mandataire__user")
    )
    given = next((p for p in procurations if p.mandant_id == ctx.membership.pk), None)
    held = next((p for p in procurations if p.mandataire_id == ctx.membership.pk), None)
    reply = getattr(mine, "reply", None)
    form = None
    if open_to_replies and access.can_answer_convocation(ctx.actor, is_recipient=True):
        form = ReplyForm(
            seance, ctx.membership, initial=ReplyForm.initial_for(reply, given)
        )
    return {"reply": reply, "reply_form": form, "given": given, "held": held}


def recipients_summary(seance: Seance) -> dict[str, Any]:
    """Before sending: how many will receive it, who has no usable address,
    who asked for paper, and who of them gave no postal address."""
    members = list(recipients_of(seance, timezone.localdate()))
    paper = list(
        ConvocationPreference.objects.filter(
            wants_paper=True, membership__in=members
        ).select_related("membership__user")
    )
    return {
        "count": len(members),
        "unreachable": [member for member in members if not has_usable_address(member)],
        "paper": paper,
        "no_postal_address": [p for p in paper if not p.postal_address],
    }
