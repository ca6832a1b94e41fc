"""E-mails of notifications, sent by the background worker."""

from django.tasks import task

from notifications import emails


@task()
def send_grouped_email(recipient_id: str, document_id: str) -> None:
    emails.send_grouped(recipient_id, document_id)


@task()
def send_digest_email(recipient_id: str, collectivite_id: str) -> None:
    emails.send_digest(recipient_id, collectivite_id)
