"""The discussion of an agenda point follows the point: before the
convocation its preparers, rapporteur and named agents; from the
convocation the whole council, who ask the rapporteur their questions
there; a point à huis clos never beyond the council."""

from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from discussions.models import Comment, Mention, Thread
from discussions.services import reply, start_thread
from portability.tests.conftest import export, import_, wipe
from quorum.testing import World
from seances.models import AgendaItem
from seances.services import add_item, mark_convened
from seances.tests.access_rows import (
    make_convened_point,
    make_draft_point,
    make_seance,
    validate_point,
)
from search.indexing import reindex_all
from search.models import SearchEntry

MARKER = "CANARI-POINT"


def _new_thread_url(world: World, item: AgendaItem, slug: str = "") -> str:
    return reverse(
        "discussions:new_point_thread",
        kwargs={"collectivite": slug or world.slug, "item_id": item.pk},
    )


def _reply_url(thread: Thread, slug: str) -> str:
    return reverse(
        "discussions:reply", kwargs={"collectivite": slug, "thread_id": thread.pk}
    )


def _as(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def _convene(world: World, item: AgendaItem) -> None:
    validate_point(world, item)
    mark_convened(item.seance, by=world.personas.maire, sent_on=timezone.localdate())


def _huis_clos_point(world: World) -> AgendaItem:
    """A convened point à huis clos, on which no agent is named."""
    seance = make_seance(world)
    item = add_item(
        seance,
        by=world.personas.secretaire,
        title="Acquisition amiable d'une parcelle",
        kind=AgendaItem.Kind.INFORMATION,
        rapporteur=world.memberships["adjointe"],
        huis_clos=True,
    )
    mark_convened(seance, by=world.personas.maire, sent_on=timezone.localdate())
    return item


def test_a_draft_points_discussion_opens_to_the_council_at_the_convocation(
    client: Client, world: World
) -> None:
    p = world.personas
    item = make_draft_point(world)

    response = _as(client, p.secretaire).post(
        _new_thread_url(world, item), {"body": "Faut-il un avis de la commission ?"}
    )

    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{item.get_absolute_url()}#discussion-{thread.pk}"
    assert thread.agenda_item == item
    assert thread.document is None
    # The agent named on the point writes in it; the conseiller does not
    # even learn that it exists.
    assert (
        _as(client, p.agent)
        .post(_reply_url(thread, world.slug), {"body": "Oui, le 3 mars."})
        .status_code
        == 302
    )
    _as(client, p.conseiller)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(_reply_url(thread, world.slug)).status_code == 404
    refused = client.post(_new_thread_url(world, item), {"body": "Et moi ?"})
    assert refused.status_code == 404
    assert client.post(_reply_url(thread, world.slug), {"body": "?"}).status_code == 404
    assert Comment.objects.count() == 2

    _convene(world, item)

    page = client.get(item.get_absolute_url()).content.decode()
    assert "Faut-il un avis de la commission ?" in page
    assert "Oui, le 3 mars." in page
    answer = client.post(_reply_url(thread, world.slug), {"body": "Merci."})
    assert answer.status_code == 302
    assert thread.comments.filter(author=p.conseiller, body="Merci.").exists()


def test_a_conseiller_asks_the_rapporteur_who_answers_and_resolves(
    client: Client, world: World
) -> None:
    p = world.personas
    item = make_convened_point(world)
    rapporteur = p.adjointe

    _as(client, p.conseiller).post(
        _new_thread_url(world, item),
        {"body": f"@{rapporteur.full_name} pourquoi ce tarif pour la cantine ?"},
    )
    thread = Thread.objects.get(agenda_item=item)
    assert list(Mention.objects.values_list("user_id", flat=True)) == [rapporteur.pk]

    _as(client, rapporteur)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "pourquoi ce tarif" in page
    assert f"Mentionne : {rapporteur}" in page
    client.post(_reply_url(thread, world.slug), {"body": "Il suit l'inflation."})
    resolve = reverse(
        "discussions:resolve",
        kwargs={"collectivite": world.slug, "thread_id": thread.pk},
    )
    assert client.post(resolve).status_code == 302

    thread.refresh_from_db()
    assert thread.is_resolved
    assert thread.resolved_by == rapporteur


def test_a_mention_names_only_people_who_see_the_point(
    client: Client, world: World
) -> None:
    p = world.personas
    item = make_draft_point(world)

    _as(client, p.secretaire)
    refused = client.post(
        _new_thread_url(world, item),
        {"body": "Un avis ?", "mentions": [str(p.conseiller.pk)]},
    )
    assert refused.status_code == 200
    assert not Thread.objects.exists()
    client.post(
        _new_thread_url(world, item),
        {
            "body": f"@{p.conseiller.full_name}, @{p.agent.full_name} et "
            f"@{p.outsider.full_name}, un avis ?",
            "mentions": [str(p.maire.pk)],
        },
    )

    mentioned = set(Mention.objects.values_list("user_id", flat=True))
    assert mentioned == {p.agent.pk, p.maire.pk}
    # The completion list offers the same people only.
    candidates = reverse(
        "discussions:point_mention_candidates",
        kwargs={"collectivite": world.slug, "item_id": item.pk},
    )
    htmx = {"HX-Request": "true"}
    named = client.get(candidates, {"q": p.agent.last_name}, headers=htmx)
    hidden = client.get(candidates, {"q": p.conseiller.last_name}, headers=htmx)
    assert str(p.agent.pk) in named.content.decode()
    assert str(p.conseiller.pk) not in hidden.content.decode()
    assert (
        "Personne de ce nom ne peut lire cette discussion." in hidden.content.decode()
    )

    _convene(world, item)

    after = client.get(candidates, {"q": p.conseiller.last_name}, headers=htmx)
    assert str(p.conseiller.pk) in after.content.decode()


def test_a_huis_clos_points_discussion_stays_within_the_council(
    client: Client, world: World
) -> None:
    p = world.personas
    item = _huis_clos_point(world)
    thread = start_thread(
        agenda_item=item,
        author=p.conseiller,
        body=f"@{p.agent.full_name} quel est le prix au mètre carré ?",
    )

    assert not Mention.objects.exists()
    assert (
        _as(client, p.adjointe).get(_reply_url(thread, world.slug)).status_code == 200
    )
    assert _as(client, p.maire).get(item.get_absolute_url()).status_code == 200
    _as(client, p.agent)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.get(_reply_url(thread, world.slug)).status_code == 404
    assert client.post(_new_thread_url(world, item), {"body": "?"}).status_code == 404
    client.logout()
    anonymous = client.get(_reply_url(thread, world.slug))
    assert anonymous.status_code == 302
    assert "/connexion/" in anonymous["Location"]


def test_another_collectivite_never_reaches_a_points_discussion(
    client: Client, world: World
) -> None:
    p = world.personas
    item = make_convened_point(world)
    thread = start_thread(agenda_item=item, author=p.conseiller, body="?")
    comment = thread.comments.get()
    history = "discussions:history"

    for slug in (world.slug, world.other.slug):
        _as(client, p.outsider)
        assert client.get(_new_thread_url(world, item, slug)).status_code == 404
        assert client.get(_reply_url(thread, slug)).status_code == 404
        assert (
            client.get(
                reverse(
                    history, kwargs={"collectivite": slug, "comment_id": comment.pk}
                )
            ).status_code
            == 404
        )
    # Even a member of the point's council, under the other's address.
    _as(client, p.conseiller)
    assert client.get(_reply_url(thread, world.other.slug)).status_code == 404


def test_a_point_comment_is_edited_by_its_author_and_keeps_its_history(
    client: Client, world: World
) -> None:
    p = world.personas
    item = make_convened_point(world)
    thread = start_thread(agenda_item=item, author=p.conseiller, body="Premier jet")
    comment = thread.comments.get()
    edit = reverse(
        "discussions:edit",
        kwargs={"collectivite": world.slug, "comment_id": comment.pk},
    )

    assert _as(client, p.secretaire).post(edit, {"body": "Non."}).status_code == 404
    response = _as(client, p.conseiller).post(edit, {"body": "Texte corrigé"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Texte corrigé"
    history = client.get(comment.get_history_url()).content.decode()
    assert "Premier jet" in history
    assert item.title in history
    assert "modifié" in client.get(item.get_absolute_url()).content.decode()


def test_the_point_page_costs_the_same_whatever_the_number_of_comments(
    client: Client, world: World
) -> None:
    p = world.personas
    item = make_convened_point(world)
    thread = start_thread(agenda_item=item, author=p.conseiller, body="?")
    _as(client, p.adjointe).get(item.get_absolute_url())  # what is read once
    with CaptureQueriesContext(connection) as few:
        client.get(item.get_absolute_url())

    for n in range(5):
        reply(thread=thread, author=p.adjointe, body=f"@{p.maire.full_name} {n}")
    start_thread(agenda_item=item, author=p.maire, body="Autre question")
    with CaptureQueriesContext(connection) as many:
        response = client.get(item.get_absolute_url())

    assert response.status_code == 200
    assert len(many) == len(few)


def _search(client: Client, user: User, slug: str = "saint-test") -> str:
    client.force_login(user)
    response = client.get(reverse("search:results", args=[slug]), {"q": MARKER})
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("reindexed", [False, True], ids=["indexed", "reindexed"])
def test_a_point_comment_is_found_only_by_who_may_see_the_point(
    client: Client, world: World, reindexed: bool
) -> None:
    p = world.personas
    item = make_draft_point(world)
    start_thread(
        agenda_item=item, author=p.secretaire, body=f"Question {MARKER} du budget"
    )
    if reindexed:
        reindex_all()

    for user in (p.maire, p.secretaire, p.adjointe, p.agent):
        page = _search(client, user)
        assert "Discussion sur le point" in page, user
        assert item.get_absolute_url() in page
    assert "Aucun résultat" in _search(client, p.conseiller)
    assert "Aucun résultat" in _search(client, p.outsider, "autre-test")

    _convene(world, item)

    assert "Discussion sur le point" in _search(client, p.conseiller)


def test_a_huis_clos_point_comment_is_not_found_by_an_agent(
    client: Client, world: World
) -> None:
    p = world.personas
    start_thread(
        agenda_item=_huis_clos_point(world), author=p.conseiller, body=f"{MARKER} ?"
    )

    assert "Discussion sur le point" in _search(client, p.conseiller)
    assert "Aucun résultat" in _search(client, p.agent)


def test_a_points_discussion_travels_in_the_export(
    world: World, tmp_path: Path
) -> None:
    p = world.personas
    item = make_convened_point(world)
    thread = start_thread(
        agenda_item=item, author=p.conseiller, body=f"@{p.adjointe.full_name} ?"
    )
    reply(thread=thread, author=p.adjointe, body="Réponse du rapporteur")
    archive = tmp_path / "saint-test.zip"
    export("saint-test", archive)

    wipe(p.commune)
    assert not Thread.objects.filter(pk=thread.pk).exists()
    import_(archive)

    restored = Thread.objects.get(pk=thread.pk)
    assert restored.agenda_item_id == item.pk
    assert restored.document_id is None
    assert list(restored.comments.values_list("body", flat=True)) == [
        f"@{p.adjointe.full_name} ?",
        "Réponse du rapporteur",
    ]
    assert Mention.objects.filter(comment__thread=restored, user=p.adjointe).exists()
    assert SearchEntry.objects.filter(
        comment__thread=restored, item=item, kind=SearchEntry.Kind.POINT
    ).exists()


@pytest.mark.parametrize("on", ["both", "neither"])
def test_a_thread_hangs_on_a_document_or_a_point_never_both(
    world: World, on: str
) -> None:
    item = make_draft_point(world)
    both = on == "both"

    with pytest.raises(IntegrityError), transaction.atomic():
        Thread.objects.create(
            collectivite=world.commune,
            document=world.finances_doc if both else None,
            agenda_item=item if both else None,
            created_by=world.personas.secretaire,
        )
