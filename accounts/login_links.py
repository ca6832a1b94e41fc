"""Login links sent by e-mail, for élus who prefer them to a password.

The e-mail carries the link's id signed with the server's key
(``django.core.signing``); the row makes it single use and short-lived
(``QUORUM_LOGIN_LINK_MINUTES``)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from accounts.models import LoginLink, User
from accounts.services import use_login_link

SALT = "accounts.login_link"


def make_login_link(user: User) -> str:
    """A new link's token for ``user``."""
    link = LoginLink.objects.create(
        user=user,
        expires_at=timezone.now()
        + timedelta(minutes=settings.QUORUM_LOGIN_LINK_MINUTES),
    )
    return signing.dumps(str(link.id), salt=SALT)


def valid_link(token: str, *, lock: bool = False) -> LoginLink | None:
    """The unused, unexpired link of ``token``, of an active account; with
    ``lock``, locked for its use (call inside a transaction)."""
    try:
        link_id = signing.loads(
            token, salt=SALT, max_age=settings.QUORUM_LOGIN_LINK_MINUTES * 60
        )
    except signing.BadSignature:
        return None
    links = LoginLink.objects.select_related("user")
    if lock:
        links = links.select_for_update(of=("self",))
    return links.filter(
        id=link_id,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        user__is_active=True,
    ).first()


def take_login_link(token: str) -> LoginLink | None:
    """Spend the link of ``token``: its user, once; None ever after."""
    with transaction.atomic():
        link = valid_link(token, lock=True)
        if link is None:
            return None
        use_login_link(link)
    return link
