from typing import Any

from axes.backends import AxesStandaloneBackend
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from accounts.models import User


class EmailBackend(ModelBackend):
    """Logs in by e-mail, whatever its case, as people type it."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        try:
            user = User.objects.get(email=email)
        except User.DoesNotExist:
            User().set_password(password)  # same time whether the account exists or not
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first of the backends: no login for an address
    locked after too many failures.

    A call without a request (``Client.login`` in tests, a shell) comes from
    no visitor, so there is no one to lock out."""

    def authenticate(
        self, request: HttpRequest | None, *args: Any, **kwargs: Any
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)
