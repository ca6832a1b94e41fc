import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from collectivites.access import context_for
from collectivites.models import WorkspaceMember
from discussions.services import reply, start_thread
from documents.models import Document
from documents.services import delete_document
from notifications.models import Notification
from notifications.services import notify, set_email_mode
from quorum.testing import FINANCES_MARKER, World, join, uploaded_file


def mention(
    world: World,
    recipient: object,
    *,
    minutes_ago: int = 10,
    document: Document | None = None,
) -> Notification:
    (notification,) = notify(
        Notification.Kind.MENTION,
        recipients=[recipient],
        document=document or world.finances_doc,
        actor=world.personas.secretaire,
    )
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return notification


def run(command: str) -> None:
    call_command(command, stdout=io.StringIO())


def test_the_bell_counter_costs_two_queries_without_points(
    world: World, django_assert_num_queries: object
) -> None:
    mention(world, world.personas.adjointe)
    ctx = context_for(world.personas.adjointe, world.slug)
    request = RequestFactory().get("/")
    template = Template('{% include "notifications/bell.html" %}')

    # The unread points (none here, so no query for their agents), the count.
    with django_assert_num_queries(2):  # type: ignore[operator]
        html = template.render(Context({"ctx": ctx, "request": request}))

    assert "1" in html


def test_opening_a_notification_marks_it_read(client: Client, world: World) -> None:
    notification = mention(world, world.personas.adjointe)
    client.force_login(world.personas.adjointe)
    assert notification.message in client.get(
        reverse("notifications:list", kwargs={"collectivite": world.slug})
    ).content.decode().replace("&#x27;", "'")

    response = client.post(
        reverse(
            "notifications:open",
            kwargs={"collectivite": world.slug, "notification_id": notification.id},
        )
    )

    assert response.status_code == 302
    assert response["Location"].startswith(world.finances_doc.get_absolute_url())
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_burst_on_one_document_becomes_one_email_with_links_only(
    world: World,
) -> None:
    set_email_mode(world.memberships["adjointe"], "immediate")
    p = world.personas
    thread = start_thread(document=world.finances_doc, author=p.adjointe, body="?")
    reply(thread=thread, author=p.secretaire, body="Un")
    reply(thread=thread, author=p.maire, body="Deux")
    run("send_notifications")
    assert mail.outbox == []  # still within the grouping window

    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=6))
    run("send_notifications")
    run("send_notifications")

    (message,) = [m for m in mail.outbox if m.to == [p.adjointe.email]]
    assert message.body.count(" a répondu ") == 2
    assert all(m.attachments == [] for m in mail.outbox)
    assert "http://" in message.body
    assert "/notifications/preferences/" in message.body
    assert "Un" not in message.body.split("\n")  # the text of comments stays inside


def test_steady_activity_on_a_document_is_mailed_30_minutes_after_its_start(
    world: World,
) -> None:
    set_email_mode(world.memberships["adjointe"], "immediate")
    adjointe = world.personas.adjointe
    # A change every four minutes: never five minutes of quiet.
    for minutes_ago in (28, 24, 20, 16, 12, 8, 4, 0):
        mention(world, adjointe, minutes_ago=minutes_ago)
    run("send_notifications")
    assert mail.outbox == []

    mention(world, adjointe, minutes_ago=0)
    Notification.objects.update(created_at=F("created_at") - timedelta(minutes=3))
    run("send_notifications")

    (message,) = mail.outbox
    assert message.body.count(" vous a mentionné(e) ") == 9
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def _lose_sight_by_leaving_the_commission(world: World) -> None:
    WorkspaceMember.objects.filter(
        membership__user=world.personas.adjointe, workspace=world.finances
    ).delete()


def _lose_sight_by_the_trash(world: World) -> None:
    delete_document(document=world.finances_doc, by=world.personas.secretaire)


@pytest.mark.parametrize(
    "lose_sight", [_lose_sight_by_leaving_the_commission, _lose_sight_by_the_trash]
)
def test_a_daily_digest_leaves_out_a_document_its_recipient_no_longer_sees(
    world: World, lose_sight: object
) -> None:
    p = world.personas
    join(world.ecole, world.memberships["adjointe"])
    set_email_mode(world.memberships["adjointe"], "daily")
    mention(world, p.adjointe)
    mention(world, p.adjointe, document=world.ecole_doc)
    lose_sight(world)  # type: ignore[operator]

    run("send_daily_digest")

    (message,) = mail.outbox
    assert world.ecole_doc.title in message.body
    assert FINANCES_MARKER not in message.body + message.subject
    assert str(world.finances_doc.pk) not in message.body
    # Never sent later either, even if the person sees the document again.
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_no_email_about_a_document_its_recipient_no_longer_sees(
    world: World,
) -> None:
    set_email_mode(world.memberships["adjointe"], "immediate")
    mention(world, world.personas.adjointe)
    WorkspaceMember.objects.filter(
        membership__user=world.personas.adjointe, workspace=world.finances
    ).delete()

    run("send_notifications")

    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_daily_digest_groups_everything_once(world: World) -> None:
    p = world.personas
    set_email_mode(world.memberships["adjointe"], "daily")
    mention(world, p.adjointe)
    mention(world, p.adjointe)

    run("send_notifications")
    assert mail.outbox == []
    run("send_daily_digest")
    run("send_daily_digest")

    (message,) = mail.outbox
    assert "résumé" in message.subject
    assert "/notifications/preferences/" in message.body


def test_a_new_version_tells_those_who_commented(world: World) -> None:
    from documents.services import add_version

    p = world.personas
    start_thread(document=world.finances_doc, author=p.secretaire, body="?")
    upload = uploaded_file("budget-v3.txt", b"v3")

    add_version(
        document=world.finances_doc,
        author=p.adjointe,
        stream=upload,
        filename=upload.name,
        size=upload.size,
    )

    (notification,) = Notification.objects.filter(kind="new_version")
    assert notification.recipient == p.secretaire


def test_a_person_chooses_a_daily_digest(client: Client, world: World) -> None:
    client.force_login(world.personas.conseiller)
    url = reverse("notifications:preferences", kwargs={"collectivite": world.slug})

    response = client.post(url, {"email_mode": "daily"})

    assert response.status_code == 302
    assert world.memberships["conseiller"].notification_preference.email_mode == "daily"
