"""Typing one's password again before a sensitive change."""

from typing import cast

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.forms import PasswordCheckForm
from accounts.lockout import lockout_response
from accounts.login_flow import mark_reauthenticated
from accounts.models import User


def reauth(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    credentials = {"username": user.email}

    if AxesProxyHandler.is_locked(request, credentials):
        return lockout_response(request)
    form = PasswordCheckForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            mark_reauthenticated(request)
            return redirect(next_url or "accounts:security")
        user_login_failed.send(
            sender=__name__, credentials=credentials, request=request
        )
    return render(
        request,
        "accounts/reauth.html",
        {
            "form": form,
            "next": next_url,
            "has_password": user.has_usable_password(),
        },
    )
