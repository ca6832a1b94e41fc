"""The e-mails of a convocation: plain French text and the personal link.

No document travels by e-mail (PRODUCT.md): the convocation, the agenda,
the note and the dossier are behind the link. The one file attached is the
calendar entry of the séance (``ics``): it carries no content of the
dossier, only what the text already says (day, hour, place), and it is
what lets a councillor add the séance to their phone's agenda in one tap;
offering it behind the link instead would need a login on the phone's
calendar, which most councillors would not manage.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from collectivites.access import Context, actor_for
from collectivites.models import Membership
from convocations.changes import notice_lines
from convocations.ics import seance_calendar, site_domain
from convocations.models import ChangeNotice, Convocation, Delivery, NoticeDelivery
from domain.roles import Role
from dossiers.content import french_datetime, note_required
from seances.agenda import agenda_lines


@dataclass(frozen=True)
class Line:
    number: str
    title: str


def convocation_message(delivery: Delivery, convocation: Convocation) -> EmailMessage:
    """The convocation of one member, with the agenda as they may see it."""
    return _message(delivery, convocation, "convocations/emails/convocation")


def reminder_message(delivery: Delivery, convocation: Convocation) -> EmailMessage:
    """Two days before, to a member who has not opened their convocation."""
    return _message(delivery, convocation, "convocations/emails/reminder")


def change_notice_message(row: NoticeDelivery, notice: ChangeNotice) -> EmailMessage:
    """What changed since the convocation, in the points this member may
    see, with the link to their dossier; no document, no calendar entry."""
    convocation = notice.convocation
    seance = convocation.seance
    member = row.delivery.recipient
    dossier = reverse(
        "convocations:my_dossier",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )
    context = {
        "user": member.user,
        "seance": seance,
        "collectivite": seance.collectivite,
        "when": french_datetime(seance.starts_at),
        "convocation": convocation,
        "notice": notice,
        "lines": notice_lines(member, notice),
        "maire_name": maire_name(convocation),
        "link": settings.SITE_URL + dossier,
    }
    template = "convocations/emails/change_notice"
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    return EmailMessage(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[row.email],
        headers={"Message-ID": f"<change-notice.{row.pk}@{site_domain()}>"},
    )


def _message(
    delivery: Delivery, convocation: Convocation, template: str
) -> EmailMessage:
    seance = convocation.seance
    link = settings.SITE_URL + delivery.get_absolute_url()
    context = {
        "user": delivery.recipient.user,
        "seance": seance,
        "collectivite": seance.collectivite,
        "when": french_datetime(seance.starts_at),
        "convocation": convocation,
        "lines": visible_lines(delivery.recipient, convocation),
        "note_required": note_required(seance, list(seance.items.all())),
        "maire_name": maire_name(convocation),
        "link": link,
    }
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    message = EmailMessage(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[delivery.email],
        # The same delivery always leaves with the same Message-ID: should a
        # worker die between the server's answer and our record of it, the
        # e-mail sent again is recognisably the same message.
        headers={"Message-ID": _message_id(delivery, template)},
    )
    day = seance.local_start.date().isoformat()
    message.attach(
        f"seance-{day}.ics", seance_calendar(seance, link=link), "text/calendar"
    )
    return message


def visible_lines(member: Membership, convocation: Convocation) -> list[Line]:
    """The points of the agenda that this member may see, numbered as on
    the séance page (``seances.agenda``): rights are those of the day the
    e-mail leaves."""
    ctx = Context(convocation.seance.collectivite, member, actor_for(member))
    return [
        Line(line.number, line.item.title)
        for line in agenda_lines(ctx, convocation.seance)
        if line.item.is_active
    ]


def maire_name(convocation: Convocation) -> str:
    seance = convocation.seance
    maire = (
        Membership.objects.current(convocation.sent_on)
        .filter(collectivite_id=seance.collectivite_id, role=Role.MAIRE)
        .select_related("user")
        .first()
    )
    return maire.user.full_name if maire is not None else ""


def _message_id(delivery: Delivery, template: str) -> str:
    kind = template.rsplit("/", 1)[-1]
    return f"<{kind}.{delivery.pk}@{site_domain()}>"
