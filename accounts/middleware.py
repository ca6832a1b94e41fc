"""Sessions that end after a time without activity, and the enrolment in a
second factor that comes before anything else for the roles that need it."""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from accounts.login_flow import MUST_ENROL, SEEN

# The last page seen is written down at most this often, so that a page
# does not cost a session write each time.
SEEN_PRECISION_SECONDS = 60


class SessionIdleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.session_key is not None and SESSION_KEY in session:
            now = time.time()
            seen = session.get(SEEN)
            idle = settings.QUORUM_SESSION_IDLE_MINUTES * 60
            if seen is not None and now - seen > idle:
                logout(request)
                messages.info(
                    request,
                    "Votre session a pris fin après "
                    f"{settings.QUORUM_SESSION_IDLE_MINUTES} minutes sans "
                    "activité. Reconnectez-vous pour continuer.",
                )
                return redirect_to_login(request.get_full_path())
            if seen is None or now - seen > SEEN_PRECISION_SECONDS:
                session[SEEN] = now
        return self.get_response(request)


# What someone who must set up a second factor may still open meanwhile.
ENROLMENT_VIEWS = frozenset(
    {"accounts:two_factor_setup", "accounts:logout", "accounts:reauth"}
)


class TwoFactorEnrolmentMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if not request.session.get(MUST_ENROL):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ENROLMENT_VIEWS:
            return None
        return redirect("accounts:two_factor_setup")
