"""The steps of a login kept in the session: the second factor after the
first, the enrolment that some roles must make, the time of the last
password (sensitive changes ask for it again) and of the last page seen
(an idle session ends)."""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts import two_factor
from accounts.models import User

PENDING = "accounts_pending_login"
MUST_ENROL = "accounts_must_enrol"
ENROL_SECRET = "accounts_enrol_secret"  # noqa: S105 - a session key
AUTH_AT = "accounts_auth_at"
SEEN = "accounts_seen"
EMAIL_BACKEND = "accounts.backends.EmailBackend"
# The second step must follow the first within this many seconds.
PENDING_SECONDS = 5 * 60


@receiver(user_logged_in)
def _remember_login_time(
    sender: object, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[AUTH_AT] = now
        request.session[SEEN] = now


def continue_login(
    request: HttpRequest, user: User, *, backend: str, next_url: str, via: str
) -> HttpResponse:
    """After the first factor: the second step for someone who has one,
    else the login itself."""
    if two_factor.confirmed_device(user) is not None:
        request.session[PENDING] = {
            "user": str(user.pk),
            "backend": backend,
            "next": next_url,
            "via": via,
            "at": time.time(),
        }
        return redirect("accounts:two_factor")
    return finish_login(request, user, backend=backend, next_url=next_url)


def pending_login(request: HttpRequest) -> tuple[User, dict[str, Any]] | None:
    """Who passed the first step a moment ago in this browser, if anyone."""
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, pending) if user is not None else None


def finish_login(
    request: HttpRequest, user: User, *, backend: str, next_url: str
) -> HttpResponse:
    """Log in; someone whose role requires a second factor and who has none
    yet is sent to set it up before anything else."""
    login(request, user, backend=backend)
    request.session.pop(PENDING, None)
    if two_factor.must_use_two_factor(user) and not two_factor.confirmed_device(user):
        request.session[MUST_ENROL] = True
        messages.info(
            request,
            "Votre rôle demande une double authentification : installez-la "
            "maintenant, cela prend deux minutes.",
        )
        return redirect("accounts:two_factor_setup")
    return redirect(next_url)


def has_recent_auth(request: HttpRequest) -> bool:
    at = request.session.get(AUTH_AT, 0)
    return time.time() - at <= settings.QUORUM_REAUTH_MINUTES * 60


def mark_reauthenticated(request: HttpRequest) -> None:
    request.session[AUTH_AT] = time.time()


def reauth_redirect(request: HttpRequest) -> HttpResponse:
    """To the password page, then back to this page."""
    query = urlencode({"next": request.get_full_path()})
    return redirect(f"{reverse('accounts:reauth')}?{query}")


def recent_auth_required(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """A sensitive change (roles, e-mail, second factor) asks for the
    password again when it was last typed more than
    ``QUORUM_REAUTH_MINUTES`` ago.

    TODO(reauth-keep-post): a form sent after the delay is not kept; the
    person types it again after the password (the delay is checked when the
    form opens, so this only happens to a form left open for long)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not has_recent_auth(request):
            return reauth_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped
