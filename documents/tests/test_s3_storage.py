"""The documents in an S3-compatible object storage, configured as a
deployment does (``QUORUM_STORAGE=s3`` and the ``QUORUM_S3_*`` variables,
docs/deploiement.md), against moto's S3 server on loopback."""

import hashlib
import io
import socket
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer

from documents.models import Document, Version
from documents.services import add_version
from documents.storage import open_blob
from quorum.file_storage import default_storage_settings
from quorum.testing import Personas

REGION = "fr-par"
KEYS = {"aws_access_key_id": "quorum-test", "aws_secret_access_key": "quorum-test"}


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server, on a free port of loopback for the whole run."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(
    s3_endpoint: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> "_Bucket":
    """A fresh private bucket, and the default storage built from the
    environment by the settings' own code."""
    name = f"quorum-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION, **KEYS)
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    for variable, value in {
        "QUORUM_STORAGE": "s3",
        "QUORUM_S3_BUCKET": name,
        "QUORUM_S3_ENDPOINT_URL": s3_endpoint,
        "QUORUM_S3_REGION": REGION,
        "QUORUM_S3_ACCESS_KEY": KEYS["aws_access_key_id"],
        "QUORUM_S3_SECRET_KEY": KEYS["aws_secret_access_key"],
        "QUORUM_S3_ADDRESSING_STYLE": "path",
    }.items():
        monkeypatch.setenv(variable, value)
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_settings()}
    return _Bucket(client, name)


class _Bucket:
    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.name = name

    def names(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(item["Key"] for item in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def public_grants(self, key: str) -> list[dict[str, Any]]:
        grants = self.client.get_object_acl(Bucket=self.name, Key=key)["Grants"]
        return [g for g in grants if "URI" in g["Grantee"]]  # AllUsers, AuthUsers


def _upload(client: Client, personas: Personas, name: str, content: bytes) -> Document:
    url = reverse(
        "documents:upload",
        kwargs={
            "collectivite": personas.commune.slug,
            "workspace_id": personas.finances.id,
        },
    )
    upload = io.BytesIO(content)
    upload.name = name
    response = client.post(url, {"file": upload, "title": "Budget voté"})
    assert response.status_code == 302, response.content.decode()[:500]
    return Document.objects.get(title="Budget voté")


def _download(client: Client, version: Version) -> bytes:
    response = client.get(
        reverse(
            "documents:download",
            kwargs={
                "collectivite": version.document.collectivite.slug,
                "document_id": version.document.id,
                "version_id": version.id,
            },
        )
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content)  # read to the end


@pytest.mark.django_db
def test_an_uploaded_document_goes_to_the_bucket_and_comes_back_whole(
    client: Client, personas: Personas, bucket: _Bucket
) -> None:
    content = "".join(
        f"Budget primitif 2027, ligne {n} : dépenses de fonctionnement\n"
        for n in range(10_000)
    ).encode()
    sha256 = hashlib.sha256(content).hexdigest()
    client.force_login(personas.secretaire)

    document = _upload(client, personas, "budget-2027.txt", content)

    version = document.versions.get()
    key = f"blobs/{sha256[:2]}/{sha256[2:4]}/{sha256}"
    assert version.blob.storage_name == key
    assert key in bucket.names()
    assert bucket.read(key) == content
    assert bucket.public_grants(key) == []
    with open_blob(version.blob) as stored:
        assert stored.read() == content
    assert _download(client, version) == content


@pytest.mark.django_db
def test_a_new_version_adds_one_object_and_the_same_bytes_are_stored_once(
    client: Client, personas: Personas, bucket: _Bucket
) -> None:
    first = b"Version 1 du budget\n"
    second = b"Version 2 du budget, corrigee\n"
    client.force_login(personas.secretaire)
    document = _upload(client, personas, "budget.txt", first)

    add_version(
        document=document,
        author=personas.secretaire,
        stream=io.BytesIO(second),
        filename="budget.txt",
        size=len(second),
        note="corrections",
    )
    add_version(
        document=document,
        author=personas.secretaire,
        stream=io.BytesIO(first),
        filename="budget.txt",
        size=len(first),
        note="retour à la première",
    )

    blobs = [
        key for key in bucket.names() if key.startswith("blobs/")
    ]  # the previews are beside them
    assert sorted(blobs) == sorted(
        f"blobs/{h[:2]}/{h[2:4]}/{h}"
        for h in (hashlib.sha256(first).hexdigest(), hashlib.sha256(second).hexdigest())
    )
    versions = list(document.versions.order_by("number"))
    assert [_download(client, v) for v in versions] == [first, second, first]


def test_the_object_storage_needs_its_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUORUM_STORAGE", "s3")
    monkeypatch.delenv("QUORUM_S3_BUCKET", raising=False)

    with pytest.raises(ImproperlyConfigured, match="QUORUM_S3_BUCKET"):
        default_storage_settings()


def test_the_prefix_puts_every_file_of_an_installation_in_its_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("QUORUM_STORAGE", "s3")
    monkeypatch.setenv("QUORUM_S3_BUCKET", "partage")
    monkeypatch.setenv("QUORUM_S3_PREFIX", "saint-yan")

    options = default_storage_settings()["OPTIONS"]

    assert (options["bucket_name"], options["location"]) == ("partage", "saint-yan")
    assert options["default_acl"] is None
    assert options["file_overwrite"] is False
