"""The two ends of a ProConnect login: off to the provider, and back."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from accounts.login_flow import continue_login
from accounts.proconnect import BACKEND, REFUSED_EMAIL


class _WhenEnabled:
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not settings.QUORUM_PROCONNECT:
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


@method_decorator(login_not_required, name="dispatch")
class ProConnectStartView(_WhenEnabled, OIDCAuthenticationRequestView):
    pass


@method_decorator(login_not_required, name="dispatch")
class ProConnectCallbackView(_WhenEnabled, OIDCAuthenticationCallbackView):
    def login_success(self) -> HttpResponse:
        return continue_login(
            self.request,
            self.user,
            backend=BACKEND,
            next_url=self.success_url,
            via="proconnect",
        )

    def login_failure(self) -> HttpResponse:
        email = getattr(self.request, REFUSED_EMAIL, "")
        if email:
            return render(
                self.request,
                "accounts/proconnect_refused.html",
                {"email": email},
                status=403,
            )
        messages.error(
            self.request,
            "La connexion avec ProConnect n'a pas abouti. Réessayez, ou "
            "connectez-vous avec votre adresse e-mail et votre mot de passe.",
        )
        return redirect("accounts:login")
