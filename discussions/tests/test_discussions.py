from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from discussions.models import Comment, Mention, Review, Thread
from discussions.services import reply, request_review, start_thread
from notifications.models import Notification
from quorum.testing import World


def doc_url(world: World) -> str:
    return world.finances_doc.get_absolute_url()


def new_thread_url(world: World) -> str:
    return reverse(
        "discussions:new_thread",
        kwargs={"collectivite": world.slug, "document_id": world.finances_doc.id},
    )


def test_a_comment_mentions_only_people_who_see_the_document(
    client: Client, world: World
) -> None:
    p = world.personas
    client.force_login(p.secretaire)

    response = client.post(
        new_thread_url(world),
        {
            "body": f"Avis de @{p.conseiller.full_name} et de @{p.maire.full_name} ?",
            "mentions": [str(p.adjointe.pk)],
            "version": str(world.finances_v1.pk),
        },
    )

    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.version == world.finances_v1
    mentioned = set(Mention.objects.values_list("user_id", flat=True))
    assert mentioned == {p.adjointe.pk, p.maire.pk}
    notified = set(
        Notification.objects.filter(kind="mention").values_list(
            "recipient_id", flat=True
        )
    )
    assert notified == {p.adjointe.pk, p.maire.pk}


def test_a_failed_comment_keeps_what_was_typed(client: Client, world: World) -> None:
    client.force_login(world.personas.secretaire)

    response = client.post(
        new_thread_url(world),
        {"body": "Mon long message précieux", "version": str(world.ecole_doc.pk)},
    )

    assert response.status_code == 200
    assert "Mon long message précieux" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_completion_list_offers_only_people_who_see_the_document(
    client: Client, world: World
) -> None:
    p = world.personas
    client.force_login(p.secretaire)
    url = reverse(
        "discussions:mention_candidates",
        kwargs={"collectivite": world.slug, "document_id": world.finances_doc.id},
    )

    seen = client.get(
        url, {"q": p.adjointe.last_name[:4]}, headers={"HX-Request": "true"}
    )
    hidden = client.get(
        url, {"q": p.conseiller.last_name}, headers={"HX-Request": "true"}
    )

    assert str(p.adjointe.pk) in seen.content.decode()
    assert "<html" not in seen.content.decode()
    assert str(p.conseiller.pk) not in hidden.content.decode()


def test_editing_a_comment_keeps_its_history_and_shows_modifie(
    client: Client, world: World
) -> None:
    p = world.personas
    thread = start_thread(
        document=world.finances_doc, author=p.adjointe, body="Premier jet"
    )
    comment = thread.comments.get()
    client.force_login(p.adjointe)

    response = client.post(
        reverse(
            "discussions:edit",
            kwargs={"collectivite": world.slug, "comment_id": comment.id},
        ),
        {"body": "Texte corrigé"},
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Texte corrigé"
    assert list(comment.revisions.values_list("body", flat=True)) == ["Premier jet"]
    page = client.get(doc_url(world)).content.decode()
    assert "modifié" in page
    history = client.get(comment.get_history_url()).content.decode()
    assert "Premier jet" in history


def test_a_reply_tells_those_who_wrote_in_the_thread(world: World) -> None:
    p = world.personas
    thread = start_thread(document=world.finances_doc, author=p.secretaire, body="?")

    reply(thread=thread, author=p.adjointe, body="Réponse")

    (notification,) = Notification.objects.filter(kind="reply")
    assert notification.recipient == p.secretaire


def test_the_author_resolves_and_reopens_a_thread(client: Client, world: World) -> None:
    thread = start_thread(
        document=world.finances_doc, author=world.personas.secretaire, body="?"
    )
    client.force_login(world.personas.secretaire)
    kwargs = {"collectivite": world.slug, "thread_id": thread.id}

    client.post(reverse("discussions:resolve", kwargs=kwargs))
    thread.refresh_from_db()
    assert thread.is_resolved
    assert "Résolue" in client.get(doc_url(world)).content.decode()

    client.post(reverse("discussions:reopen", kwargs=kwargs))
    thread.refresh_from_db()
    assert not thread.is_resolved


def test_the_document_page_costs_the_same_whatever_the_number_of_comments(
    client: Client, world: World
) -> None:
    p = world.personas
    client.force_login(p.secretaire)
    thread = start_thread(
        document=world.finances_doc, author=p.secretaire, body=f"@{p.maire.full_name}"
    )
    request_review(
        document=world.finances_doc,
        by=p.secretaire,
        reviewers=[p.adjointe],
        due_on=timezone.localdate(),
    )
    with CaptureQueriesContext(connection) as few:
        client.get(doc_url(world))
    for n in range(6):
        reply(thread=thread, author=p.adjointe, body=f"@{p.maire.full_name} {n}")
        start_thread(document=world.finances_doc, author=p.maire, body=str(n))
    request_review(
        document=world.finances_doc,
        by=p.secretaire,
        reviewers=[p.adjointe, p.maire],
        due_on=timezone.localdate(),
    )

    with CaptureQueriesContext(connection) as many:
        response = client.get(doc_url(world))

    assert response.status_code == 200
    assert len(many) == len(few)


def test_a_due_date_in_the_past_is_refused_in_plain_french(
    client: Client, world: World
) -> None:
    p = world.personas
    client.force_login(p.secretaire)

    response = client.post(
        reverse(
            "discussions:new_review",
            kwargs={"collectivite": world.slug, "document_id": world.finances_doc.id},
        ),
        {
            "reviewers": [str(p.adjointe.pk)],
            "due_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert "La date de retour est déjà passée" in response.content.decode()
    assert not Review.objects.exists()


def test_a_reviewer_answers_and_the_state_shows_to_all(
    client: Client, world: World
) -> None:
    p = world.personas
    review_request = request_review(
        document=world.finances_doc,
        by=p.secretaire,
        reviewers=[p.adjointe],
        due_on=timezone.localdate() + timedelta(days=2),
    )
    review = review_request.reviews.get()
    client.force_login(p.adjointe)
    dashboard = reverse("web:dashboard", kwargs={"collectivite": world.slug})
    assert world.finances_doc.title in client.get(dashboard).content.decode()

    response = client.post(
        reverse(
            "discussions:answer_review",
            kwargs={"collectivite": world.slug, "review_id": review.id},
        ),
        {"decision": "changes", "comment": "Revoir le chapitre 65"},
    )

    assert response.status_code == 302
    review.refresh_from_db()
    assert review.decision == Review.Decision.CHANGES
    client.force_login(p.maire)
    page = client.get(doc_url(world)).content.decode()
    assert "Modifications demandées" in page
    assert "Revoir le chapitre 65" in page
    assert Notification.objects.filter(
        kind="review_answered", recipient=p.secretaire
    ).exists()


def test_a_late_review_is_marked_on_the_reviewer_dashboard(
    client: Client, world: World
) -> None:
    p = world.personas
    review_request = request_review(
        document=world.finances_doc,
        by=p.secretaire,
        reviewers=[p.adjointe],
        due_on=timezone.localdate(),
    )
    review_request.due_on = timezone.localdate() - timedelta(days=1)
    review_request.save(update_fields=["due_on"])
    client.force_login(p.adjointe)

    page = client.get(reverse("web:dashboard", kwargs={"collectivite": world.slug}))

    assert "En retard" in page.content.decode()


@pytest.mark.django_db
def test_a_review_reminder_is_sent_once_the_day_before(world: World) -> None:
    p = world.personas
    request_review(
        document=world.finances_doc,
        by=p.secretaire,
        reviewers=[p.adjointe],
        due_on=timezone.localdate() + timedelta(days=1),
    )

    call_command("send_review_reminders", stdout=None)
    call_command("send_review_reminders", stdout=None)

    reminders = Notification.objects.filter(kind="review_due")
    assert [n.recipient for n in reminders] == [p.adjointe]
