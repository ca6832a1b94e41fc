"""E-mails of accounts, sent by the background worker."""

from django.tasks import task

from accounts import emails


@task()
def send_invitation_email(membership_id: str, invited_by_id: str = "") -> None:
    emails.send_invitation(membership_id, invited_by_id)


@task()
def send_password_reset_email(email: str) -> None:
    emails.send_password_reset(email)


@task()
def send_login_link_email(email: str, next_url: str = "") -> None:
    emails.send_login_link(email, next_url)
