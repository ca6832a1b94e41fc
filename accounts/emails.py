"""The e-mails a person receives about their account: plain French text,
no attachment, one personal link that works for a limited time.

The links carry Django's password-reset token (``default_token_generator``):
it is bound to the current password, so it serves once, and it expires after
``PASSWORD_RESET_TIMEOUT``.
"""

import logging
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode

from accounts.login_links import make_login_link
from accounts.models import User
from collectivites.models import Membership

logger = logging.getLogger(__name__)


def send_invitation(membership_id: str, invited_by_id: str = "") -> None:
    """Tell a person they have a place in a collectivité: a link to choose
    their password when they have none yet, a plain notice otherwise."""
    membership = (
        Membership.objects.select_related("user", "collectivite")
        .filter(id=membership_id)
        .first()
    )
    if membership is None or not membership.user.is_active:
        logger.warning("invitation not sent membership=%s", membership_id)
        return
    user = membership.user
    invited_by = (
        User.objects.filter(pk=invited_by_id).first() if invited_by_id else None
    )
    collectivite = membership.collectivite
    context = {
        "user": user,
        "membership": membership,
        "collectivite": collectivite,
        "invited_by": invited_by,
        "validity_days": _validity_days(),
        "site_url": settings.SITE_URL,
    }
    if user.has_usable_password():
        template = "accounts/emails/added"
        query = urlencode({"next": collectivite.get_absolute_url()})
        context["link"] = f"{settings.SITE_URL}{reverse('accounts:login')}?{query}"
    else:
        template = "accounts/emails/invitation"
        context["link"] = settings.SITE_URL + reverse(
            "accounts:invitation",
            kwargs={
                "slug": collectivite.slug,
                "uidb64": _uid(user),
                "token": default_token_generator.make_token(user),
            },
        )
    _send(user.email, template, context)
    logger.info("invitation sent membership=%s", membership.id)


def send_password_reset(email: str) -> None:
    """Send a link to choose a new password to the account of ``email``, if
    there is one; a person invited but who never chose a password gets one
    too. Nothing is sent, and nothing tells, when there is no account."""
    for user in User.objects.filter(email__iexact=email.strip(), is_active=True):
        link = settings.SITE_URL + reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": _uid(user),
                "token": default_token_generator.make_token(user),
            },
        )
        context = {"user": user, "link": link, "validity_days": _validity_days()}
        _send(user.email, "accounts/emails/password_reset", context)
        logger.info("password reset sent user=%s", user.pk)


def send_login_link(email: str, next_url: str = "") -> None:
    """Send a login link to the account of ``email``, if there is an active
    one; nothing is sent, and nothing tells, otherwise. ``next_url``, a path
    of this site, is where the link lands once used."""
    for user in User.objects.filter(email__iexact=email.strip(), is_active=True):
        link = settings.SITE_URL + reverse(
            "accounts:login_link", kwargs={"token": make_login_link(user)}
        )
        if next_url:
            link += "?" + urlencode({"next": next_url})
        context = {
            "user": user,
            "link": link,
            "minutes": settings.QUORUM_LOGIN_LINK_MINUTES,
        }
        _send(user.email, "accounts/emails/login_link", context)
        logger.info("login link sent user=%s", user.pk)


def _uid(user: User) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def _validity_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))


def _send(to: str, template: str, context: Mapping[str, object]) -> None:
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}.txt", context)
    EmailMessage(subject=subject, body=body, to=[to]).send()
