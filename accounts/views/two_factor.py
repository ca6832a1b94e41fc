"""The second factor: the step after the password, and the pages where a
person sets it up, renews their recovery codes or removes it."""

from typing import cast

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import two_factor
from accounts.forms import EnrolmentForm, PasswordCheckForm, SecondFactorForm
from accounts.lockout import lockout_response
from accounts.login_flow import (
    ENROL_SECRET,
    MUST_ENROL,
    finish_login,
    pending_login,
    recent_auth_required,
)
from accounts.models import User
from accounts.services import (
    disable_two_factor,
    enable_two_factor,
    renew_recovery_codes,
)

WRONG_CODE = (
    "Ce code ne convient pas. Saisissez le code affiché en ce moment par votre "
    "application (il change toutes les 30 secondes), ou l'un de vos codes de "
    "secours."
)


@login_not_required
def two_factor_step(request: HttpRequest) -> HttpResponse:
    pending = pending_login(request)
    if pending is None:
        if request.user.is_authenticated:
            return redirect("web:home")
        messages.info(request, "Saisissez d'abord votre adresse e-mail.")
        return redirect("accounts:login")
    user, step = pending
    credentials = {"username": user.email}

    if AxesProxyHandler.is_locked(request, credentials):
        return lockout_response(request)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.verify_second_factor(user, form.cleaned_data["code"]):
            return finish_login(
                request, user, backend=step["backend"], next_url=step["next"]
            )
        form.add_error("code", WRONG_CODE)
        # django-axes counts it as a failed login: the lockout covers both steps.
        user_login_failed.send(
            sender=__name__, credentials=credentials, request=request
        )
    device = two_factor.confirmed_device(user)
    return render(
        request,
        "accounts/two_factor_step.html",
        {"form": form, "demo_code": two_factor.demo_code(device) if device else ""},
    )


def security(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    device = two_factor.confirmed_device(user)
    return render(
        request,
        "accounts/security.html",
        {
            "device": device,
            "required": two_factor.must_use_two_factor(user),
            "unused_codes": two_factor.unused_recovery_codes(user) if device else 0,
        },
    )


@recent_auth_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if two_factor.confirmed_device(user) is not None:
        return redirect("accounts:security")

    # The secret waits in the session until the application proves it.
    secret = request.session.get(ENROL_SECRET) or two_factor.new_secret()
    request.session[ENROL_SECRET] = secret
    form = EnrolmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = enable_two_factor(
            user=user, secret=secret, code=form.cleaned_data["code"]
        )
        if codes is not None:
            request.session.pop(MUST_ENROL, None)
            request.session.pop(ENROL_SECRET, None)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "just_enabled": True},
            )
        form.add_error(
            "code",
            "Ce code ne correspond pas. Vérifiez que vous avez scanné le code QR "
            "de cette page, puis saisissez le code affiché en ce moment.",
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": two_factor.qr_code_data_uri(secret, user.email),
            "secret": two_factor.grouped_secret(secret),
            "required": bool(request.session.get(MUST_ENROL)),
        },
    )


@require_POST
@recent_auth_required
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if two_factor.confirmed_device(user) is None:
        return redirect("accounts:security")
    codes = renew_recovery_codes(user=user)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "just_enabled": False}
    )


@recent_auth_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if two_factor.confirmed_device(user) is None:
        return redirect("accounts:security")
    required = two_factor.must_use_two_factor(user)

    form = PasswordCheckForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        disable_two_factor(user=user)
        if required:
            request.session[MUST_ENROL] = True
            messages.info(
                request,
                "L'ancienne application ne sert plus. Installez maintenant la "
                "nouvelle : votre rôle demande une double authentification.",
            )
            return redirect("accounts:two_factor_setup")
        messages.success(request, "La double authentification est retirée.")
        return redirect("accounts:security")
    return render(
        request,
        "accounts/two_factor_disable.html",
        {"form": form, "required": required},
    )
