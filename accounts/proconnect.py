"""Logging in with ProConnect, the State's OpenID Connect federation for
agents, through mozilla-django-oidc. Off unless ``QUORUM_PROCONNECT``.

An agent is matched to an existing active account by e-mail; nobody is
created: someone unknown gets a plain refusal."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.models import User

BACKEND = "accounts.proconnect.ProConnectBackend"
# Set on the request when the provider vouched for an address that has no
# account here, to tell the person so.
REFUSED_EMAIL = "proconnect_refused_email"


class ProConnectBackend(OIDCAuthenticationBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        # Only the callback of ProConnect passes a nonce; a password login
        # never reaches the provider.
        if not settings.QUORUM_PROCONNECT or request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        users = User.objects.filter(email__iexact=email, is_active=True)
        if not users.exists():
            setattr(self.request, REFUSED_EMAIL, email)
        return users
