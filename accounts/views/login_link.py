"""Logging in by a link received by e-mail, instead of a password.

Opening the link shows a button: the login happens on POST, so that a mail
filter that opens links in advance spends nothing."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.forms import LoginLinkRequestForm
from accounts.login_flow import EMAIL_BACKEND, continue_login
from accounts.login_links import take_login_link, valid_link
from accounts.ratelimit import allow_email_request
from accounts.tasks import send_login_link_email


@login_not_required
def login_link_request(request: HttpRequest) -> HttpResponse:
    form = LoginLinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not allow_email_request(request, "login_link", email):
            return render(request, "accounts/too_many_requests.html", status=429)
        send_login_link_email.enqueue(email)
        return redirect("accounts:login_link_sent")
    return render(
        request,
        "accounts/login_link_request.html",
        {"form": form, "minutes": settings.QUORUM_LOGIN_LINK_MINUTES},
    )


@login_not_required
def login_link_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/login_link_sent.html",
        {"minutes": settings.QUORUM_LOGIN_LINK_MINUTES},
    )


@login_not_required
def login_link(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        link = take_login_link(token)
        if link is not None:
            return continue_login(
                request,
                link.user,
                backend=EMAIL_BACKEND,
                next_url=_landing(request),
                via="login_link",
            )
    elif valid_link(token) is not None:
        return render(request, "accounts/login_link.html")
    return render(request, "accounts/login_link_invalid.html", status=410)


def _landing(request: HttpRequest) -> str:
    """Where the link lands: the page it was asked from (a convocation's
    dossier), when that is a page of this site, else the home page."""
    wanted = request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("web:home")
