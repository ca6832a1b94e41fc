"""Choosing a new password by e-mail, with Django's own views and tokens.

The answer never tells whether an address has an account: the same page,
in the same time, follows every request."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from accounts import two_factor
from accounts.forms import ChoosePasswordForm, PasswordResetRequestForm
from accounts.login_flow import EMAIL_BACKEND, continue_login, recent_auth_required
from accounts.ratelimit import allow_email_request


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetRequestForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetRequestForm) -> HttpResponse:  # type: ignore[override]
        email = form.cleaned_data["email"]
        if not allow_email_request(self.request, "password_reset", email):
            return render(self.request, "accounts/too_many_requests.html", status=429)
        return super().form_valid(form)


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """From the link of the e-mail: choose the password, then be logged in."""

    form_class = ChoosePasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("web:home")

    def form_valid(self, form: ChoosePasswordForm) -> HttpResponse:  # type: ignore[override]
        super().form_valid(form)
        then = (
            "Saisissez maintenant le code de votre application."
            if two_factor.confirmed_device(form.user)
            else "Vous êtes connecté(e)."
        )
        messages.success(
            self.request, f"Votre nouveau mot de passe est enregistré. {then}"
        )
        # The link proves the mailbox only: the second step still follows.
        return continue_login(
            self.request,
            form.user,
            backend=EMAIL_BACKEND,
            next_url=str(self.success_url),
            via="password_reset",
        )


@recent_auth_required
def password_set(request: HttpRequest) -> HttpResponse:
    """Choose a password once logged in: someone who came in by the link of
    their convocation, or by a login link, and has none yet; or a new one.
    Someone with a password typed it again not long ago (the decorator)."""
    user = request.user
    form = ChoosePasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, "Votre mot de passe est enregistré.")
        return redirect("accounts:security")
    return render(
        request,
        "accounts/password_set.html",
        {"form": form, "has_password": user.has_usable_password()},
    )
