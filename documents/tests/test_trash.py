"""Deleting a document puts it in its workspace's trash for 30 days, where
the workspace's managers may restore it; then it is purged, never erased."""

import html
import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents.models import TRASH_DAYS, Document
from documents.services import (
    create_document,
    delete_document,
    purge_trash,
    restore_document,
)
from journal.models import JournalEntry
from quorum.testing import FINANCES_MARKER, World
from web.french import date_format


def _url(name: str, world: World, **kwargs: Any) -> str:
    return reverse(f"documents:{name}", kwargs={"collectivite": world.slug, **kwargs})


def _trash_url(world: World) -> str:
    return _url("trash", world, workspace_id=world.finances.id)


def _deleted(world: World, days_ago: float = 0) -> Document:
    document = delete_document(document=world.finances_doc, by=world.personas.adjointe)
    if days_ago:
        Document.objects.filter(pk=document.pk).update(
            deleted_at=timezone.now() - timedelta(days=days_ago)
        )
    return document


def test_deleting_asks_for_confirmation_then_puts_the_document_in_the_trash(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.adjointe)
    url = _url("delete", world, document_id=world.finances_doc.id)

    confirmation = client.get(url).content.decode()
    assert "Supprimer ce document ?" in confirmation
    assert not Document.objects.get(pk=world.finances_doc.pk).deleted_at

    response = client.post(url, follow=True)

    document = Document.objects.get(pk=world.finances_doc.pk)
    assert document.deleted_at is not None
    assert document.deleted_by == world.personas.adjointe
    assert document.versions.count() == 2  # nothing is destroyed
    assert "est dans la corbeille de l&#x27;espace" in response.content.decode()
    entry = JournalEntry.objects.get(action="document.deleted")
    assert entry.actor == world.personas.adjointe
    assert entry.target_id == str(document.pk)


def test_only_managers_who_see_the_workspace_are_offered_to_delete(
    client: Client, world: World
) -> None:
    url = _url("delete", world, document_id=world.finances_doc.id)
    # The adjointe animates the commission; the secrétaire is of the administration.
    for person in (world.personas.adjointe, world.personas.secretaire):
        client.force_login(person)
        assert url in client.get(world.finances_doc.get_absolute_url()).content.decode()
    # The agent sees the school project but does not manage it.
    client.force_login(world.personas.agent)
    page = client.get(world.ecole_doc.get_absolute_url()).content.decode()
    assert "Supprimer" not in page
    assert (
        client.post(_url("delete", world, document_id=world.ecole_doc.id)).status_code
        == 404
    )
    assert Document.objects.get(pk=world.ecole_doc.pk).deleted_at is None


def test_a_deleted_document_is_gone_for_everyone_outside_the_trash(
    client: Client, world: World
) -> None:
    _deleted(world)
    download = _url(
        "download",
        world,
        document_id=world.finances_doc.id,
        version_id=world.finances_v2.id,
    )

    for person in (world.personas.maire, world.personas.adjointe):
        client.force_login(person)
        assert client.get(world.finances_doc.get_absolute_url()).status_code == 404
        assert client.get(download).status_code == 404
        workspace = client.get(world.finances.get_absolute_url()).content.decode()
        assert FINANCES_MARKER not in workspace
        dashboard = client.get(reverse("web:dashboard", args=[world.slug]))
        assert FINANCES_MARKER not in dashboard.content.decode()


def test_the_trash_lists_when_and_by_whom_and_until_when(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    document = _deleted(world)
    client.force_login(world.personas.secretaire)

    with django_assert_max_num_queries(12):
        page = client.get(_trash_url(world)).content.decode()

    assert document.title in page
    assert world.personas.adjointe.full_name in page
    deleted_on = timezone.localtime(document.deleted_at)
    until = deleted_on + timedelta(days=TRASH_DAYS)
    assert date_format(until, "j F Y") in page
    assert _url("restore", world, document_id=document.id) in page


def test_the_trash_page_costs_the_same_whatever_it_holds(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    _deleted(world)
    for index in range(5):
        extra = create_document(
            workspace=world.finances,
            author=world.personas.secretaire,
            stream=io.BytesIO(f"brouillon {index}".encode()),
            filename=f"brouillon-{index}.txt",
            size=11,
        )
        delete_document(document=extra, by=world.personas.secretaire)
    client.force_login(world.personas.secretaire)

    with django_assert_max_num_queries(12):
        response = client.get(_trash_url(world))

    assert response.content.decode().count("Restaurer</button>") == 6


def test_a_manager_restores_a_document_from_the_trash(
    client: Client, world: World
) -> None:
    document = _deleted(world, days_ago=TRASH_DAYS - 1)
    client.force_login(world.personas.secretaire)

    response = client.post(_url("restore", world, document_id=document.id), follow=True)

    assert response.status_code == 200
    assert FINANCES_MARKER in response.content.decode()  # the document's page
    restored = Document.objects.get(pk=document.pk)
    assert (restored.deleted_at, restored.deleted_by) == (None, None)
    entry = JournalEntry.objects.get(action="document.restored")
    assert entry.actor == world.personas.secretaire


def test_a_manager_downloads_a_document_of_the_trash_before_restoring_it(
    client: Client, world: World
) -> None:
    document = _deleted(world)
    client.force_login(world.personas.maire)

    response = client.get(_url("trash_download", world, document_id=document.id))

    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content == f"Budget primitif 2027, version 2 {FINANCES_MARKER}\n".encode()


def test_after_thirty_days_a_document_is_neither_listed_nor_restorable(
    client: Client, world: World
) -> None:
    document = _deleted(world, days_ago=TRASH_DAYS + 0.01)
    client.force_login(world.personas.secretaire)

    assert document.title not in client.get(_trash_url(world)).content.decode()
    response = client.post(_url("restore", world, document_id=document.id))

    assert response.status_code == 404
    assert Document.objects.get(pk=document.pk).deleted_at is not None
    with pytest.raises(ValidationError, match="plus de 30 jours"):
        restore_document(document=document, by=world.personas.maire)


def test_purge_trash_marks_expired_documents_and_keeps_their_bytes(
    world: World,
) -> None:
    old = _deleted(world, days_ago=TRASH_DAYS + 1)
    recent = delete_document(document=world.ecole_doc, by=world.personas.maire)
    stdout = io.StringIO()

    call_command("purge_trash", stdout=stdout)
    call_command("purge_trash", stdout=stdout)  # a second run finds nothing

    assert stdout.getvalue().splitlines() == [
        "1 document(s) retiré(s) de la corbeille.",
        "0 document(s) retiré(s) de la corbeille.",
    ]
    old = Document.objects.get(pk=old.pk)
    assert old.purged_at is not None
    assert Document.objects.get(pk=recent.pk).purged_at is None
    for version in old.versions.select_related("blob"):
        assert default_storage.exists(version.blob.storage_name)
    assert JournalEntry.objects.filter(action="document.purged").count() == 1


def test_a_purged_document_stays_out_of_the_trash_whatever_its_date(
    world: World,
) -> None:
    document = _deleted(world, days_ago=TRASH_DAYS + 1)
    purge_trash()
    Document.objects.filter(pk=document.pk).update(deleted_at=timezone.now())

    assert not Document.objects.in_trash(timezone.now()).filter(pk=document.pk)


def test_deleting_an_annex_names_the_points_whose_dossier_it_leaves(
    client: Client, world: World
) -> None:
    from seances.tests.access_rows import make_convened_point  # noqa: PLC0415

    item = make_convened_point(world, annexed=True)
    client.force_login(world.personas.adjointe)

    response = client.get(_url("delete", world, document_id=world.finances_doc.pk))

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "Ce document est une annexe de 1 point de séance" in page
    assert item.title in page
    assert str(item.seance) in page
    assert "il sortira du dossier de ces séances" in page


def test_deleting_a_document_used_nowhere_names_no_point(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.adjointe)

    response = client.get(_url("delete", world, document_id=world.finances_doc.pk))

    assert response.status_code == 200
    assert "annexe" not in response.content.decode()
