"""The security headers Django's SecurityMiddleware does not send."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Permissions-Policy (no camera, microphone, location…) and
    Cross-Origin-Resource-Policy (Quorum's answers are for Quorum's pages
    only) on every answer; a view may set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", settings.QUORUM_PERMISSIONS_POLICY
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
