"""A file uploaded on a point's page becomes a versioned document, read by
exactly those who see the point, and one of the point's annexes; a file
refused is refused whole, in plain French, and nothing is kept."""

from pathlib import Path

import pytest
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from collectivites.models import Workspace
from documents.models import Blob, Document, Version
from journal.models import JournalEntry
from previews.tests.conftest import stored_blobs
from quorum.testing import World, uploaded_file
from seances.annex_uploads import ANNEX_WORKSPACE_NAME, annex_workspace
from seances.models import AgendaItem, Annex
from seances.services import mark_convened
from seances.tests.access_rows import (
    make_convened_point,
    make_draft_point,
    validate_point,
)

CONTENT = b"Plan cadastral de la parcelle AB 12\n"


def _upload_url(item: AgendaItem, slug: str) -> str:
    return reverse(
        "seances:annex_upload", kwargs={"collectivite": slug, "item_id": item.pk}
    )


def _download_url(annex: Annex, slug: str) -> str:
    return reverse(
        "seances:annex_download",
        kwargs={"collectivite": slug, "item_id": annex.item_id, "annex_id": annex.pk},
    )


def _body(response: HttpResponseBase) -> bytes:
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    return response.content  # type: ignore[attr-defined]


def _send(
    client: Client,
    user: User,
    item: AgendaItem,
    slug: str,
    name: str = "plan.txt",
    content: bytes = CONTENT,
    **extra: str,
) -> HttpResponseBase:
    client.force_login(user)
    data = {"annexe-file": uploaded_file(name, content), "annexe-title": "", **extra}
    return client.post(_upload_url(item, slug), data)


@pytest.fixture
def media(settings: Settings) -> Path:
    return Path(settings.MEDIA_ROOT)


def _stored(media: Path) -> tuple[object, ...]:
    return (
        Document.objects.count(),
        Version.objects.count(),
        Blob.objects.count(),
        Annex.objects.count(),
        Workspace.objects.count(),
        JournalEntry.objects.count(),
        set(stored_blobs(media)),
    )


def test_an_uploaded_file_becomes_a_versioned_annex_seen_as_the_point_is(
    client: Client, world: World
) -> None:
    p = world.personas
    item = make_draft_point(world)

    response = _send(client, p.agent, item, world.slug, "plan-parcelle.txt")

    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    annex = Annex.objects.get(item=item)
    document = annex.document
    assert document.title == "plan-parcelle"
    assert annex.version == document.current_version
    assert annex.version.number == 1
    assert annex.added_by == p.agent
    assert JournalEntry.objects.filter(
        action="document.created", target_id=str(document.pk)
    ).exists()
    # Kept apart from every shared space: a workspace of its own, without
    # members, that the point's pages read through.
    workspace = document.workspace
    assert workspace == annex_workspace(world.commune)
    assert workspace.name == ANNEX_WORKSPACE_NAME
    assert not workspace.memberships.exists()
    url = _download_url(annex, world.slug)
    for user in (p.maire, p.secretaire, p.adjointe, p.agent):
        client.force_login(user)
        assert _body(client.get(url)) == CONTENT
        assert url in client.get(item.get_absolute_url()).content.decode()
    # Only the maire, who sees every point, opens it among the documents.
    for user, status in ((p.maire, 200), (p.secretaire, 404), (p.agent, 404)):
        client.force_login(user)
        assert client.get(document.get_absolute_url()).status_code == status
    client.force_login(p.conseiller)
    assert client.get(url).status_code == 404

    validate_point(world, item)
    mark_convened(item.seance, by=p.maire, sent_on=timezone.localdate())

    assert _body(client.get(url)) == CONTENT
    assert client.get(document.get_absolute_url()).status_code == 404
    assert client.get(annex.version.get_download_url()).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "programme.exe",
            b"MZ\x90\x00",
            "Les fichiers « .exe » ne sont pas acceptés",
        ),
        (
            "budget.pdf",
            CONTENT,
            "Le nom du fichier se termine par « .pdf » mais son contenu est",
        ),
    ],
    ids=["dangerous", "disguised"],
)
def test_a_bad_file_is_refused_in_french_and_nothing_is_stored(
    client: Client, world: World, media: Path, name: str, content: bytes, message: str
) -> None:
    item = make_draft_point(world)
    before = _stored(media)

    response = _send(
        client,
        world.personas.secretaire,
        item,
        world.slug,
        name,
        content,
        **{"annexe-title": "Plan de la parcelle"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'value="Plan de la parcelle"' in page  # what was typed stays
    assert item.title in page  # the point's page, with the form's errors
    assert _stored(media) == before


def test_an_upload_refused_by_link_annex_keeps_nothing(
    client: Client, world: World, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The séance was convened between the page and the sending: the rules
    of ``link_annex`` refuse the annex, and the document goes with it."""
    item = make_convened_point(world)
    monkeypatch.setattr("domain.access.can_add_annex", lambda actor, point: True)
    before = _stored(media)

    response = _send(client, world.personas.secretaire, item, world.slug)

    assert response.status_code == 200
    assert "La séance est convoquée : le dossier est arrêté." in (
        response.content.decode()
    )
    # Every row rolled back; the bytes written stay on disk, named by their
    # hash, as for any upload rolled back (documents.storage).
    assert _stored(media)[:6] == before[:6]


def test_no_file_is_uploaded_once_the_seance_is_convened(
    client: Client, world: World, media: Path
) -> None:
    item = make_convened_point(world)
    before = _stored(media)

    response = _send(client, world.personas.secretaire, item, world.slug)

    assert response.status_code == 404
    assert _stored(media) == before
    page = client.get(item.get_absolute_url()).content.decode()
    assert _upload_url(item, world.slug) not in page


def test_an_upload_on_a_validated_point_sends_it_back_to_its_review(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    validate_point(world, item)

    response = _send(client, world.personas.secretaire, item, world.slug)

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == AgendaItem.State.BROUILLON


def test_the_same_form_sent_twice_makes_one_annex(client: Client, world: World) -> None:
    item = make_draft_point(world)
    key = "0b6c9d2e-3f4a-4b5c-8d6e-7f8091a2b3c4"

    for _ in range(2):
        response = _send(
            client,
            world.personas.secretaire,
            item,
            world.slug,
            **{"annexe-upload_key": key},
        )
        assert response.status_code == 302

    assert Annex.objects.filter(item=item).count() == 1
    assert Document.objects.filter(upload_key=key).count() == 1


def test_a_key_of_another_upload_attaches_nothing(client: Client, world: World) -> None:
    """The key of a form that stored a file in a shared space does not
    bring that document onto the point."""
    item = make_draft_point(world)
    client.force_login(world.personas.secretaire)
    key = "1c7d0e3f-4a5b-4c6d-9e7f-8091a2b3c4d5"
    client.post(
        reverse(
            "documents:upload",
            kwargs={"collectivite": world.slug, "workspace_id": world.finances.pk},
        ),
        {"file": uploaded_file(), "title": "", "upload_key": key},
    )

    response = _send(
        client,
        world.personas.secretaire,
        item,
        world.slug,
        **{"annexe-upload_key": key},
    )

    assert response.status_code == 200
    assert "Ce formulaire a déjà servi" in response.content.decode()
    assert not Annex.objects.filter(item=item).exists()


def test_an_outsider_uploads_nothing_on_a_point(
    client: Client, world: World, media: Path
) -> None:
    item = make_draft_point(world)
    before = _stored(media)

    for slug in (world.slug, world.other.slug):
        response = _send(client, world.personas.outsider, item, slug)
        assert response.status_code == 404
    response = _send(client, world.personas.conseiller, item, world.slug)

    assert response.status_code == 404
    assert _stored(media) == before
