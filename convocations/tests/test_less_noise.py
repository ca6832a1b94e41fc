"""What one person receives for one séance, by default: the convocation, at
most one reminder if they have not opened it, one message grouping the
changes; everything else reaches the bell and the daily summary."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from convocations.changes import gather_change_notices
from convocations.models import Convocation
from convocations.reminders import queue_reminders
from convocations.services import record_opening, send_convocation
from convocations.tests.conftest import ready_seance
from discussions.services import start_thread
from notifications.models import Notification
from notifications.services import set_email_mode
from notifications.tasks import queue_daily_digests, queue_grouped_emails
from quorum.testing import World
from seances.models import AgendaItem, Seance
from seances.services import set_outcome
from seances.workflow import save_draft


def _correct(world: World, item: AgendaItem, articles: str) -> None:
    item.refresh_from_db()
    save_draft(
        item,
        by=world.personas.secretaire,
        based_on=item.draft_revision,
        articles=articles,
    )


def _to(person: object) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [person.email]]  # type: ignore[attr-defined]


def test_a_councillor_gets_three_emails_for_a_seance_and_one_daily_summary(
    world: World,
) -> None:
    p = world.personas
    now = timezone.now()
    seance = ready_seance(world, days=6)
    item = seance.items.get()
    convocation = send_convocation(seance, by=p.secretaire)
    # Sent yesterday; the reminder is due two days before the séance.
    Convocation.objects.filter(pk=convocation.pk).update(
        sent_on=timezone.localdate() - timedelta(days=1)
    )
    record_opening(
        convocation.deliveries.get(recipient=world.memberships["maire"]), by=None
    )

    # The secrétaire corrects the draft three times within minutes, then
    # postpones the point the next day.
    for text in ("Tarifs corrigés.", "Tarifs corrigés deux fois.", "Tarifs, enfin."):
        _correct(world, item, text)
    gather_change_notices(now + timedelta(minutes=11))
    gather_change_notices(now + timedelta(minutes=12))
    set_outcome(item, by=p.maire, outcome=AgendaItem.Outcome.REPORTE)
    gather_change_notices(now + timedelta(days=1))
    # Someone starts a discussion on the point and names the councillor.
    start_thread(
        agenda_item=item,
        author=p.adjointe,
        body=f"Une question pour @{p.conseiller.full_name}",
    )
    queue_grouped_emails(now + timedelta(days=1, hours=1))
    # The scheduler reminds on each of the last days.
    day = seance.local_start.date()
    for before in (3, 2, 1):
        queue_reminders(day - timedelta(days=before))
    queue_daily_digests()

    subjects = _to(p.conseiller)
    assert len(subjects) == 4, subjects
    convocation_subject, change, reminder, digest = subjects
    assert convocation_subject.startswith("Convocation : ")
    assert change.startswith("Modification du dossier : ")
    assert reminder.startswith("Rappel : ")
    assert digest.startswith("Votre résumé du jour")
    # The maire opened the convocation: no reminder for her.
    assert not any(s.startswith("Rappel") for s in _to(p.maire))
    bell = Notification.objects.filter(recipient=p.conseiller)
    assert {n.kind for n in bell} == {
        Notification.Kind.POINT_CHANGED,
        Notification.Kind.MENTION,
    }


def test_a_member_who_chose_mail_at_once_still_gets_one_message_of_changes(
    world: World,
) -> None:
    p = world.personas
    set_email_mode(world.memberships["conseiller"], "immediate")
    now = timezone.now()
    seance: Seance = ready_seance(world)
    item = seance.items.get()
    send_convocation(seance, by=p.secretaire)
    _correct(world, item, "Tarifs corrigés.")
    gather_change_notices(now + timedelta(minutes=11))
    _correct(world, item, "Tarifs corrigés deux fois.")
    gather_change_notices(now + timedelta(hours=2))

    queue_grouped_emails(now + timedelta(hours=3))

    subjects = _to(p.conseiller)
    assert [s.split(" :")[0] for s in subjects] == [
        "Convocation",
        "Modification du dossier",
        "Du nouveau",
    ]
