"""New versions: restoring an old one, two people at once, the same file
sent twice, a file of another type."""

import io
import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from documents.models import Blob, Document, Version
from documents.services import add_version
from journal.models import JournalEntry
from previews.tests.conftest import docx_bytes, pdf_bytes, zip_bytes
from quorum.testing import World, uploaded_file


def _restore_url(world: World, version: Version) -> str:
    return reverse(
        "documents:restore_version",
        kwargs={
            "collectivite": world.slug,
            "document_id": world.finances_doc.id,
            "version_id": version.id,
        },
    )


def _new_version_url(document: Document) -> str:
    return reverse(
        "documents:new_version",
        kwargs={"collectivite": document.collectivite.slug, "document_id": document.id},
    )


def _upload_url(world: World) -> str:
    return reverse(
        "documents:upload",
        kwargs={"collectivite": world.slug, "workspace_id": world.finances.id},
    )


# --- Restoring ----------------------------------------------------------------


def test_restoring_an_old_version_adds_a_new_one_pointing_at_the_same_bytes(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.adjointe)

    response = client.post(_restore_url(world, world.finances_v1), follow=True)

    document = Document.objects.get(pk=world.finances_doc.pk)
    numbers = list(document.versions.values_list("number", "note"))
    assert numbers == [
        (1, "première version"),
        (2, "corrections de l'adjointe"),
        (3, "Restauration de la version 1"),
    ]
    restored = document.current_version
    assert restored is not None
    assert restored.blob_id == world.finances_v1.blob_id
    assert restored.filename == world.finances_v1.filename
    assert restored.created_by == world.personas.adjointe
    assert Version.objects.filter(pk=world.finances_v2.pk).exists()
    assert "La version 1 est restaurée : elle devient la version 3." in (
        response.content.decode()
    )
    entry = JournalEntry.objects.filter(action="document.version_restored").get()
    assert entry.data == {"restored": 1, "number": 3}
    assert entry.actor == world.personas.adjointe


def test_the_document_page_offers_to_restore_each_older_version_only(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.secretaire)

    page = client.get(world.finances_doc.get_absolute_url()).content.decode()

    assert "Restaurer la version 1" in page
    assert "Restaurer la version 2" not in page
    assert _restore_url(world, world.finances_v1) in page


def test_a_version_with_the_same_bytes_as_the_current_one_is_not_restored(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.adjointe)
    client.post(_restore_url(world, world.finances_v1))

    response = client.post(_restore_url(world, world.finances_v1), follow=True)

    assert world.finances_doc.versions.count() == 3
    assert "il n&#x27;y a rien à restaurer" in response.content.decode()


def test_the_restore_button_is_a_post_only(client: Client, world: World) -> None:
    client.force_login(world.personas.adjointe)

    response = client.get(_restore_url(world, world.finances_v1))

    assert response.status_code == 405
    assert world.finances_doc.versions.count() == 2


# --- The same file twice, another type -----------------------------------------


def test_a_new_version_identical_to_the_current_one_is_refused(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.adjointe)
    same = f"Budget primitif 2027, version 2 {'CANARI-FINANCES'}\n".encode()
    blobs = Blob.objects.count()

    response = client.post(
        _new_version_url(world.finances_doc),
        {"file": uploaded_file("budget.txt", same), "note": "relu", "seen_number": 2},
    )

    assert response.status_code == 200
    assert "Ce fichier est identique à la version actuelle" in response.content.decode()
    assert 'value="relu"' in response.content.decode()  # what was typed stays
    assert world.finances_doc.versions.count() == 2
    assert Blob.objects.count() == blobs


def test_a_new_version_of_another_allowed_type_is_taken_and_the_change_is_said(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.secretaire)
    pdf_doc = world.finances_doc
    add_version(
        document=pdf_doc,
        author=world.personas.secretaire,
        stream=io.BytesIO(pdf_bytes()),
        filename="budget.pdf",
        size=len(pdf_bytes()),
    )
    content = docx_bytes("Budget révisé")

    response = client.post(
        _new_version_url(pdf_doc),
        {"file": uploaded_file("budget.docx", content), "seen_number": 3},
        follow=True,
    )

    page = response.content.decode()
    assert "La version 4 est enregistrée." in page
    assert (
        "Le type du fichier a changé : la version 4 est un document Word (.docx), "
        "la version 3 était un PDF."
    ) in page
    current = Document.objects.get(pk=pdf_doc.pk).current_version
    assert current is not None
    assert current.number == 4
    assert current.content_type.endswith("wordprocessingml.document")


def test_a_zip_is_taken_as_a_new_version_of_a_text(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.secretaire)

    response = client.post(
        _new_version_url(world.finances_doc),
        {"file": uploaded_file("pieces.zip", zip_bytes({"a.txt": b"a"}))},
        follow=True,
    )

    assert "la version 3 est une archive ZIP" in response.content.decode()


def test_a_version_of_a_refused_type_is_not_taken(client: Client, world: World) -> None:
    client.force_login(world.personas.secretaire)

    response = client.post(
        _new_version_url(world.finances_doc),
        {"file": uploaded_file("page.html", b"<html><script>x</script></html>")},
    )

    assert response.status_code == 200
    assert world.finances_doc.versions.count() == 2


# --- The same form sent twice ----------------------------------------------------


def test_the_upload_form_sent_twice_makes_one_document(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.secretaire)
    form = client.get(_upload_url(world)).content.decode()
    key = form.split('name="upload_key" value="', 1)[1].split('"', 1)[0]

    first = client.post(
        _upload_url(world),
        {"file": uploaded_file("compte-rendu.txt"), "upload_key": key},
    )
    second = client.post(
        _upload_url(world),
        {"file": uploaded_file("compte-rendu.txt"), "upload_key": key},
    )

    made = Document.objects.filter(title="compte-rendu")
    assert made.count() == 1
    assert first["Location"] == second["Location"] == made.get().get_absolute_url()


def test_two_forms_with_the_same_file_make_two_documents(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.secretaire)

    for _ in range(2):
        client.post(_upload_url(world), {"file": uploaded_file("compte-rendu.txt")})

    assert Document.objects.filter(title="compte-rendu").count() == 2


def test_the_progress_script_is_told_where_to_go_as_json(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.secretaire)

    response = client.post(
        _upload_url(world),
        {"file": uploaded_file("compte-rendu.txt")},
        headers={"X-Quorum-Upload": "1"},
    )

    document = Document.objects.get(title="compte-rendu")
    assert response.json() == {"redirect": document.get_absolute_url()}


def test_the_forms_say_the_size_limit_before_sending(
    client: Client, world: World, settings: Any
) -> None:
    settings.QUORUM_MAX_UPLOAD_MB = 12
    client.force_login(world.personas.secretaire)

    for url in (_upload_url(world), _new_version_url(world.finances_doc)):
        page = client.get(url).content.decode()
        assert "Un fichier peut peser jusqu'à 12 Mo." in page
        assert f'data-max-bytes="{12 * 1024 * 1024}"' in page
        assert "documents/upload.js" in page


# --- Two people at once ------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_versions_sent_at_once_both_land_numbered_in_order(world: World) -> None:
    """Both the adjointe and the secrétaire saw version 2 and send their own.

    On PostgreSQL both requests run at the same moment, each in its thread
    with its own connection: the lock on the document's row numbers them
    one after the other. SQLite takes one writer at a time, so there the
    second request simply comes after the first, with its view out of date.
    """
    people = [world.personas.adjointe, world.personas.secretaire]
    clients = [Client() for _ in people]
    for client, person in zip(clients, people, strict=True):
        client.force_login(person)
    url = _new_version_url(world.finances_doc)
    at_once = connection.vendor == "postgresql"
    barrier = threading.Barrier(len(people))
    statuses: list[int] = []

    def send(index: int) -> None:
        try:
            if at_once:
                barrier.wait(timeout=10)
            response = clients[index].post(
                url,
                {
                    "file": uploaded_file(f"budget-{index}.txt", f"v{index}".encode()),
                    "seen_number": 2,
                },
            )
            statuses.append(response.status_code)
        finally:
            if at_once:
                connection.close()

    if at_once:
        threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:
        send(0)
        send(1)

    assert statuses == [302, 302]
    versions = list(
        world.finances_doc.versions.order_by("number").values_list(
            "number", "created_by"
        )
    )
    assert [number for number, _ in versions] == [1, 2, 3, 4]
    assert {author for _, author in versions[2:]} == {person.pk for person in people}
    last_author = next(p for p in people if p.pk == versions[3][1])
    first_author = next(p for p in people if p.pk == versions[2][1])
    pages = {
        person.pk: client.get(world.finances_doc.get_absolute_url()).content.decode()
        for client, person in zip(clients, people, strict=True)
    }
    told = (
        f"Une nouvelle version a été déposée par {first_author.full_name} pendant "
        "que vous travailliez : la vôtre devient la version 4."
    )
    assert told in pages[last_author.pk]
    assert "pendant que vous travailliez" not in pages[first_author.pk]
