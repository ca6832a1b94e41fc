"""Choosing a new password by e-mail, with Django's own views and tokens.

The answer never tells whether an address has an account: the same page,
in the same time, follows every request."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from accounts.forms import ChoosePasswordForm, PasswordResetRequestForm


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """From the link of the e-mail: choose the password, then be logged in."""

    form_class = ChoosePasswordForm
    template_name = "accounts/password_reset_confirm.html"
    post_reset_login = True
    success_url = reverse_lazy("web:home")

    def form_valid(self, form: ChoosePasswordForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        messages.success(
            self.request,
            "Votre nouveau mot de passe est enregistré. Vous êtes connecté(e).",
        )
        return response
