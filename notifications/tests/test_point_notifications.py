"""Notifications about an agenda point keep the guarantees of those about a
document: they are shown and mailed only while their recipient sees the
point (``can_see_point``), grouped per point, never across collectivités."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from collectivites.access import context_for
from discussions.services import reply, start_thread
from notifications.models import Notification
from notifications.services import notify, set_email_mode
from portability.tests.conftest import export, import_, wipe
from quorum.testing import MembershipFactory, World
from seances.models import AgendaItem
from seances.services import add_item, change_item
from seances.tests.access_rows import make_draft_point, make_seance
from seances.workflow import approve, request_review, save_draft

MARKER = "CANARI-POINT-NOTIF"


def _marked_point(world: World) -> AgendaItem:
    """A draft délibération reported by the adjointe, on which the agent
    works, whose title no one else may read before the convocation."""
    item = add_item(
        make_seance(world),
        by=world.personas.secretaire,
        title=f"Cession du terrain {MARKER}",
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=world.memberships["adjointe"],
        agents=[world.memberships["agent"]],
    )
    save_draft(item, by=world.personas.secretaire, based_on=0, articles="Vente.")
    return item


def _remove_rapporteur(world: World, item: AgendaItem) -> None:
    item.refresh_from_db()
    change_item(
        item,
        by=world.personas.secretaire,
        title=item.title,
        kind=item.kind,
        rapporteur=world.memberships["conseiller"],
        huis_clos=False,
        concerns_icpe=False,
        agents=[world.memberships["agent"]],
        validator=None,
    )


def _age_all(minutes: int = 6) -> None:
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=minutes))


def _run(command: str) -> None:
    call_command(command, stdout=io.StringIO())


def _mails_to(user: User) -> list[mail.EmailMessage]:
    return [message for message in mail.outbox if message.to == [user.email]]


def _list_page(client: Client, user: User, slug: str) -> str:
    client.force_login(user)
    response = client.get(reverse("notifications:list", kwargs={"collectivite": slug}))
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def _bell(user: User, slug: str) -> str:
    return _render_bell(context_for(user, slug))


def _render_bell(ctx: object) -> str:
    template = Template('{% include "notifications/bell.html" %}')
    return template.render(Context({"ctx": ctx, "request": RequestFactory().get("/")}))


def _open_url(slug: str, notification: Notification) -> str:
    return reverse(
        "notifications:open",
        kwargs={"collectivite": slug, "notification_id": notification.id},
    )


def test_the_rapporteur_is_notified_and_mailed_when_a_review_is_asked(
    client: Client, world: World
) -> None:
    set_email_mode(world.memberships["adjointe"], "immediate")
    p = world.personas
    item = _marked_point(world)

    request_review(item, by=p.secretaire)

    (notification,) = Notification.objects.all()
    assert notification.recipient == p.adjointe
    assert notification.kind == Notification.Kind.REVIEW_REQUESTED
    assert notification.agenda_item == item
    assert notification.document is None
    assert f"Relecture demandée : {item.title}" in _list_page(
        client, p.adjointe, world.slug
    )
    opened = client.post(_open_url(world.slug, notification))
    assert opened.status_code == 302
    assert opened["Location"] == item.get_absolute_url()

    _age_all()
    _run("send_notifications")

    (message,) = mail.outbox
    assert message.to == [p.adjointe.email]
    assert item.title in message.subject
    assert f"Relecture demandée : {item.title}" in message.body
    assert "Du nouveau sur le point" in message.body
    assert settings.SITE_URL + item.get_absolute_url() in message.body
    assert message.attachments == []


def test_the_rapporteur_is_told_when_a_new_text_withdraws_their_approval(
    world: World,
) -> None:
    p = world.personas
    item = _marked_point(world)
    request_review(item, by=p.secretaire)
    approve(item, by=p.adjointe)
    item.refresh_from_db()

    save_draft(
        item, by=p.secretaire, based_on=item.draft_revision, articles="Vente à 1 €."
    )

    withdrawn = Notification.objects.get(kind=Notification.Kind.APPROVAL_WITHDRAWN)
    assert withdrawn.recipient == p.adjointe
    assert withdrawn.agenda_item == item
    assert withdrawn.message.startswith(f"Relecture demandée à nouveau : {item.title}")
    assert "approbation" in withdrawn.message


def test_a_mention_on_a_point_notifies_with_a_link_to_the_comment(
    client: Client, world: World
) -> None:
    p = world.personas
    item = _marked_point(world)

    thread = start_thread(
        agenda_item=item, author=p.secretaire, body=f"@{p.agent.full_name} un avis ?"
    )

    (notification,) = Notification.objects.filter(kind=Notification.Kind.MENTION)
    comment = thread.comments.get()
    assert notification.recipient == p.agent
    assert notification.agenda_item == item
    page = _list_page(client, p.agent, world.slug)
    assert f"vous a mentionné(e) à propos du point « {item.title} »" in page
    opened = client.post(_open_url(world.slug, notification))
    assert opened["Location"] == f"{item.get_absolute_url()}#commentaire-{comment.pk}"


def test_a_burst_of_three_comments_on_one_point_makes_one_email(
    world: World,
) -> None:
    set_email_mode(world.memberships["adjointe"], "immediate")
    p = world.personas
    item = _marked_point(world)
    thread = start_thread(agenda_item=item, author=p.adjointe, body="Le prix ?")

    for author, body in ((p.secretaire, "Un"), (p.maire, "Deux"), (p.agent, "Trois")):
        reply(thread=thread, author=author, body=body)
    _run("send_notifications")
    assert mail.outbox == []  # still within the grouping window
    _age_all()
    _run("send_notifications")
    _run("send_notifications")

    (message,) = _mails_to(p.adjointe)
    assert message.body.count(" a répondu dans une discussion sur le point ") == 3
    assert "Trois" not in message.body.split("\n")  # the comments stay inside
    assert not Notification.objects.filter(
        recipient=p.adjointe, emailed_at__isnull=True
    ).exists()


def test_a_former_rapporteur_gets_neither_the_bell_nor_the_email(
    client: Client, world: World
) -> None:
    set_email_mode(world.memberships["adjointe"], "immediate")
    p = world.personas
    item = _marked_point(world)
    request_review(item, by=p.secretaire)
    (notification,) = Notification.objects.filter(recipient=p.adjointe)

    _remove_rapporteur(world, item)

    assert MARKER not in _list_page(client, p.adjointe, world.slug)
    assert client.post(_open_url(world.slug, notification)).status_code == 404
    assert "non lue" not in _bell(p.adjointe, world.slug)
    _age_all()
    _run("send_notifications")
    assert _mails_to(p.adjointe) == []
    assert all(MARKER not in m.subject + m.body for m in mail.outbox)
    # Never sent later either, even if the person sees the point again.
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert notification.read_at is None


def test_a_former_rapporteurs_digest_leaves_the_point_out(world: World) -> None:
    p = world.personas
    set_email_mode(world.memberships["adjointe"], "daily")
    item = _marked_point(world)
    request_review(item, by=p.secretaire)
    notify(
        Notification.Kind.MENTION,
        recipients=[p.adjointe],
        document=world.finances_doc,
        actor=p.secretaire,
    )

    _remove_rapporteur(world, item)
    _run("send_daily_digest")

    (message,) = mail.outbox
    assert world.finances_doc.title in message.body
    assert MARKER not in message.body + message.subject
    assert str(item.pk) not in message.body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_another_collectivite_never_sees_a_point_notification(
    client: Client, world: World
) -> None:
    p = world.personas
    item = _marked_point(world)
    request_review(item, by=p.secretaire)
    (notification,) = Notification.objects.all()
    # The adjointe also sits in Autre-Test: its pages say nothing of it.
    MembershipFactory.create(collectivite=world.other, user=p.adjointe, role="adjoint")

    assert MARKER not in _list_page(client, p.adjointe, world.other.slug)
    assert "non lue" not in _bell(p.adjointe, world.other.slug)
    assert client.post(_open_url(world.other.slug, notification)).status_code == 404
    for slug in (world.slug, world.other.slug):
        client.force_login(p.outsider)
        assert client.post(_open_url(slug, notification)).status_code == 404
    assert MARKER not in _list_page(client, p.outsider, world.other.slug)


def test_the_bell_costs_the_same_whatever_the_number_of_point_notifications(
    client: Client, world: World
) -> None:
    p = world.personas
    first = make_draft_point(world)
    start_thread(agenda_item=first, author=p.secretaire, body=f"@{p.maire.full_name}")

    def queries(callable_: object) -> int:
        with CaptureQueriesContext(connection) as captured:
            callable_()  # type: ignore[operator]
        return len(captured)

    ctx = context_for(p.maire, world.slug)

    def bell() -> None:
        assert "non lue" in _render_bell(ctx)

    client.force_login(p.maire)
    url = reverse("notifications:list", kwargs={"collectivite": world.slug})
    few = (queries(bell), queries(lambda: client.get(url)))

    second = make_draft_point(world)
    for item in (first, second, second):
        thread = start_thread(agenda_item=item, author=p.secretaire, body="?")
        for n in range(3):
            reply(thread=thread, author=p.agent, body=f"@{p.maire.full_name} {n}")

    assert Notification.objects.filter(recipient=p.maire).count() >= 10
    assert (queries(bell), queries(lambda: client.get(url))) == few
    assert few[0] <= 3


def test_a_point_notification_travels_in_the_export(
    world: World, tmp_path: Path
) -> None:
    p = world.personas
    item = _marked_point(world)
    request_review(item, by=p.secretaire)
    (notification,) = Notification.objects.all()
    archive = tmp_path / "saint-test.zip"
    export("saint-test", archive)

    wipe(p.commune)
    import_(archive)

    restored = Notification.objects.get(pk=notification.pk)
    assert restored.agenda_item_id == item.pk
    assert restored.document_id is None
    assert restored.message == f"Relecture demandée : {item.title}"


@pytest.mark.parametrize("on", ["both", "neither"])
def test_a_notification_is_about_a_document_or_a_point_never_both(
    world: World, on: str
) -> None:
    item = make_draft_point(world)
    both = on == "both"

    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            collectivite=world.commune,
            recipient=world.personas.adjointe,
            kind=Notification.Kind.MENTION,
            document=world.finances_doc if both else None,
            agenda_item=item if both else None,
        )
