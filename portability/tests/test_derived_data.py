"""What the archive leaves out because it is derived, the import rebuilds:
the search index at once, the previews (and so the texts) by the worker."""

import hashlib
from pathlib import Path
from typing import Any

from django.test import Client
from django.urls import reverse

from accounts.models import User
from documents.models import Document, Version
from documents.services import create_document
from portability.tests.conftest import ArchiveData, export, import_, upload, wipe
from previews.models import Rendition
from search.indexing import reindex_all
from search.models import SearchEntry


def search(client: Client, email: str, q: str) -> str:
    client.force_login(User.objects.get(email=email))
    response = client.get(reverse("search:results", args=["saint-test"]), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_an_imported_collectivite_is_searched_and_its_previews_are_made(
    archive_data: ArchiveData,
    tmp_path: Path,
    client: Client,
    django_capture_on_commit_callbacks: Any,
) -> None:
    p = archive_data.personas
    create_document(
        workspace=p.finances,
        author=p.secretaire,
        filename="note.txt",
        title="Note de trésorerie",
        **upload(b"Subvention exceptionnelle au comite des fetes"),
    )
    shared = hashlib.sha256(b"modele partage").hexdigest()  # Autre-Test's too
    Rendition.objects.create(
        source_id=shared, state=Rendition.State.READY, text="modele partage"
    )
    export("saint-test", tmp_path / "x.zip")
    wipe(p.commune)
    assert not SearchEntry.objects.filter(collectivite_id=p.commune.pk).exists()

    with django_capture_on_commit_callbacks() as previews:
        import_(tmp_path / "x.zip")

    # The titles are found as soon as the import is done...
    documents = SearchEntry.objects.filter(
        collectivite_id=p.commune.pk, kind=SearchEntry.Kind.DOCUMENT
    )
    assert documents.count() == Document.objects.filter(collectivite=p.commune).count()
    assert "1 résultat" in search(client, p.adjointe.email, "trésorerie")
    assert "Aucun résultat" in search(client, p.adjointe.email, "subvention")

    # ...and the texts once the worker has made the previews asked for.
    for callback in previews:
        callback()

    assert "Note de" in search(client, p.adjointe.email, "subvention")
    contents = set(
        Version.objects.filter(document__collectivite=p.commune).values_list(
            "blob_id", flat=True
        )
    )
    made = Rendition.objects.filter(source_id__in=contents)
    assert set(made.values_list("source_id", flat=True)) == contents
    assert set(made.values_list("state", flat=True)) == {Rendition.State.READY}
    # A content whose preview this database had already is not made again.
    assert made.get(source_id=shared).attempts == 0
    # The index is the one a full rebuild gives: documents, comments, points.
    imported = index_of(p.commune.pk)
    reindex_all()
    assert imported == index_of(p.commune.pk)


def index_of(collectivite_id: object) -> set[tuple[str, str, str, str]]:
    return set(
        SearchEntry.objects.filter(collectivite_id=collectivite_id).values_list(
            "key", "title", "body", "label"
        )
    )
