"""The background work of documents: the antivirus scan of an upload."""

from django.tasks import task

from documents import antivirus


@task()
def scan_upload(sha256: str) -> None:
    """Scan uploaded bytes; a clean verdict queues their preview."""
    antivirus.scan_blob(sha256)
