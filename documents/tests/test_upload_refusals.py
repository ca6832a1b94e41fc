"""A file refused is refused whole: the reason in plain French on the form,
and nothing kept, neither a document, nor a version, nor a byte on disk.
And an upload whose transaction rolls back leaves no row behind."""

import io
from contextlib import suppress
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from documents.models import Blob, Document, Version
from documents.services import create_document
from previews.tests.conftest import stored_blobs
from quorum.testing import World, uploaded_file


@pytest.fixture
def media(settings: Settings) -> Path:
    return Path(settings.MEDIA_ROOT)


def stored(media: Path) -> tuple[int, int, int, set[Path]]:
    """What an upload would leave behind: rows and files."""
    return (
        Document.objects.count(),
        Version.objects.count(),
        Blob.objects.count(),
        set(stored_blobs(media)),
    )


def upload_url(world: World) -> str:
    return reverse(
        "documents:upload",
        kwargs={"collectivite": world.slug, "workspace_id": world.finances.id},
    )


def new_version_url(world: World) -> str:
    return reverse(
        "documents:new_version",
        kwargs={"collectivite": world.slug, "document_id": world.finances_doc.id},
    )


def error_of(response: object) -> str:
    """The text of the form's error on the file field."""
    form = response.context["form"]  # type: ignore[attr-defined]
    return " ".join(form.errors["file"])


@pytest.mark.parametrize(
    "url", [upload_url, new_version_url], ids=["upload", "version"]
)
def test_an_empty_file_is_refused_in_french_and_nothing_is_stored(
    client: Client, world: World, media: Path, url: object
) -> None:
    client.force_login(world.personas.secretaire)
    before = stored(media)

    response = client.post(
        url(world),  # type: ignore[operator]
        {"file": uploaded_file("compte-rendu.txt", b""), "title": "", "note": ""},
    )

    assert response.status_code == 200
    assert error_of(response) == "Le fichier est vide : choisissez un autre fichier."
    assert "Le fichier est vide" in response.content.decode()
    assert stored(media) == before


@pytest.mark.parametrize(
    "url", [upload_url, new_version_url], ids=["upload", "version"]
)
def test_a_file_over_the_size_limit_is_refused_in_french_and_nothing_is_stored(
    client: Client, world: World, media: Path, settings: Settings, url: object
) -> None:
    settings.QUORUM_MAX_UPLOAD_MB = 1
    client.force_login(world.personas.secretaire)
    before = stored(media)

    response = client.post(
        url(world),  # type: ignore[operator]
        {
            "file": uploaded_file("annexe.txt", b"Budget primitif\n" * 70_000),
            "title": "",
            "note": "",
        },
    )

    assert response.status_code == 200
    assert error_of(response) == "Le fichier dépasse la taille maximale de 1 Mo."
    assert "Un fichier peut peser jusqu'à 1 Mo." in response.content.decode()
    assert stored(media) == before


def test_a_file_just_at_the_size_limit_is_taken(
    client: Client, world: World, settings: Settings
) -> None:
    settings.QUORUM_MAX_UPLOAD_MB = 1
    client.force_login(world.personas.secretaire)

    response = client.post(
        upload_url(world),
        {"file": uploaded_file("annexe.txt", b"a" * 1024 * 1024), "title": ""},
    )

    assert response.status_code == 302
    assert Document.objects.filter(title="annexe").exists()


def _create(world: World, content: bytes) -> Document:
    return create_document(
        workspace=world.finances,
        author=world.personas.secretaire,
        stream=io.BytesIO(content),
        filename="deliberation.txt",
        size=len(content),
    )


class Interrupted(Exception):
    pass


def _create_then_roll_back(world: World, content: bytes) -> None:
    """An upload inside a transaction that fails after it, as when what
    follows it fails or the server stops before the commit."""
    with suppress(Interrupted), transaction.atomic():
        _create(world, content)
        raise Interrupted


def _read(client: Client, document: Document) -> bytes:
    response = client.get(document.current_version.get_download_url())
    return b"".join(response.streaming_content)


def test_an_upload_rolled_back_leaves_no_row_and_its_bytes_serve_the_next(
    client: Client, world: World, media: Path
) -> None:
    """A file written by an upload whose transaction rolls back stays,
    named by its hash and referenced by no row: it is not deleted (an
    upload of the same bytes waiting on the rolled-back row could be
    writing it at that moment), and the next upload of those bytes takes
    it up instead of writing a second copy."""
    content = "Délibération : le budget est adopté.\n".encode()
    documents, versions, blobs, files = stored(media)

    _create_then_roll_back(world, content)

    assert stored(media)[:3] == (documents, versions, blobs)
    (left,) = set(stored_blobs(media)) - files
    document = _create(world, content)
    assert set(stored_blobs(media)) - files == {left}
    client.force_login(world.personas.secretaire)
    assert _read(client, document) == content


def test_a_file_cut_short_by_a_crash_is_written_again_by_the_next_upload(
    client: Client, world: World, media: Path
) -> None:
    content = "Procès-verbal de la séance du 12 mars\n".encode() * 100
    _create_then_roll_back(world, content)
    (left,) = (path for path in stored_blobs(media) if path.stat().st_size > 1000)
    left.write_bytes(content[:1000])

    document = _create(world, content)

    client.force_login(world.personas.secretaire)
    assert _read(client, document) == content
