"""Who is trying: the network address that brute-force protection and the
limits on e-mail requests count."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The visitor's address. Behind the reverse proxy of production
    (``QUORUM_BEHIND_PROXY``), the last address that the proxy appended to
    X-Forwarded-For; the earlier ones are typed by the visitor and prove
    nothing."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' answer once an address is locked: 429, in plain French."""
    return render(
        request,
        "accounts/locked_out.html",
        {
            "minutes": round(settings.AXES_COOLOFF_TIME * 60),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
        },
        status=429,
    )


def username_of(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The address tried, as django-axes counts it: whatever its case, so
    that typing it in capitals does not start a new count."""
    source = credentials if credentials is not None else request.POST
    return str(source.get("username") or "").strip().lower()
