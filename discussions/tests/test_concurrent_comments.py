"""Two people writing at the same moment: each comment is kept, and the
discussion shows them in the order they were written.

On PostgreSQL both requests run at once, each in its own thread with its own
connection, released together by a barrier: their transactions overlap for
real. SQLite takes one writer at a time, so there the second request simply
follows the first.
"""

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from discussions.models import Comment, Thread
from discussions.services import start_thread
from notifications.models import Notification
from quorum.testing import World


def at_once(people: list[User], request: Callable[[Client, int], int]) -> list[int]:
    """Each person sends ``request`` through their own client, at the same
    moment on PostgreSQL; the statuses, in the order the people were given."""
    clients = [Client() for _ in people]
    for client, person in zip(clients, people, strict=True):
        client.force_login(person)
    together = connection.vendor == "postgresql"
    barrier = threading.Barrier(len(people))
    statuses: dict[int, int] = {}
    failures: list[BaseException] = []

    def send(index: int) -> None:
        try:
            if together:
                barrier.wait(timeout=10)
            statuses[index] = request(clients[index], index)
        except BaseException as error:  # noqa: BLE001 - failed in the main thread
            failures.append(error)
        finally:
            if together:
                connection.close()

    if together:
        threads = [threading.Thread(target=send, args=(i,)) for i in range(len(people))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads)
    else:
        for index in range(len(people)):
            send(index)
    assert not failures, failures
    return [statuses[index] for index in range(len(people))]


def in_page_order(page: str, bodies: list[str]) -> list[str]:
    return sorted(bodies, key=page.index)


@pytest.mark.django_db(transaction=True)
def test_two_people_opening_a_discussion_at_once_both_get_theirs(world: World) -> None:
    people = [world.personas.adjointe, world.personas.secretaire]
    url = reverse(
        "discussions:new_thread",
        kwargs={"collectivite": world.slug, "document_id": world.finances_doc.id},
    )
    bodies = [f"Remarque sur le budget, n° {index}" for index in range(len(people))]

    statuses = at_once(
        people,
        lambda client, index: client.post(url, {"body": bodies[index]}).status_code,
    )

    assert statuses == [302, 302]
    threads = list(Thread.objects.filter(document=world.finances_doc))
    assert len(threads) == 2
    assert {thread.created_by_id for thread in threads} == {p.pk for p in people}
    stored = list(
        Comment.objects.filter(thread__document=world.finances_doc).values_list(
            "body", "author_id", "thread__created_by_id"
        )
    )
    assert sorted(stored) == sorted(
        (body, person.pk, person.pk)
        for body, person in zip(bodies, people, strict=True)
    )
    written = [thread.comments.get().body for thread in threads]
    client = Client()
    client.force_login(world.personas.maire)
    page = client.get(world.finances_doc.get_absolute_url()).content.decode()
    assert in_page_order(page, bodies) == written


@pytest.mark.django_db(transaction=True)
def test_two_replies_sent_at_once_are_both_kept_in_order(world: World) -> None:
    """The maire opened the discussion; the adjointe and the secrétaire
    answer it at the same moment. Both answers stay, after the opening and
    in the order they were written, and the maire is told of each."""
    p = world.personas
    thread = start_thread(
        document=world.finances_doc, author=p.maire, body="Qui relit le budget annexe ?"
    )
    people = [p.adjointe, p.secretaire]
    url = reverse(
        "discussions:reply", kwargs={"collectivite": world.slug, "thread_id": thread.id}
    )
    bodies = [f"Relecture faite par {person.full_name}" for person in people]

    statuses = at_once(
        people,
        lambda client, index: client.post(url, {"body": bodies[index]}).status_code,
    )

    assert statuses == [302, 302]
    comments = list(thread.comments.order_by("created_at"))
    assert len(comments) == 3
    assert comments[0].body == "Qui relit le budget annexe ?"
    assert sorted((c.body, c.author_id) for c in comments[1:]) == sorted(
        (body, person.pk) for body, person in zip(bodies, people, strict=True)
    )
    times = [comment.created_at for comment in comments]
    assert times == sorted(times)
    client = Client()
    client.force_login(p.maire)
    page = client.get(world.finances_doc.get_absolute_url()).content.decode()
    written = [comment.body for comment in comments]
    assert in_page_order(page, written) == written
    told = Notification.objects.filter(
        recipient=p.maire, kind=Notification.Kind.REPLY, document=world.finances_doc
    )
    assert sorted(told.values_list("actor_id", flat=True)) == sorted(
        person.pk for person in people
    )
