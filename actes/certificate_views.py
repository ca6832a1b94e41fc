"""The page of the collectivité's signing certificate: what it is, until
when it runs, and the forms to replace or remove it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.login_flow import has_recent_auth, reauth_redirect
from actes.certificates import (
    MAX_BYTES,
    certificate_of,
    install_certificate,
    remove_certificate,
)
from actes.forms import CertificateForm
from collectivites.access import Context, ctx_of, require
from domain import access
from seances.views.common import acting, add_errors, refusal


def _managed(request: HttpRequest) -> Context:
    ctx = ctx_of(request)
    require(access.can_manage_signing_certificate(ctx.actor))
    return ctx


def _page_url(ctx: Context) -> str:
    return reverse("actes:certificate", kwargs={"collectivite": ctx.collectivite.slug})


def certificate(request: HttpRequest, collectivite: str) -> HttpResponse:
    """GET shows the certificate and the form; POST installs the file sent,
    in place of the current one."""
    ctx = _managed(request)
    current = certificate_of(ctx.collectivite)
    form = CertificateForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if not has_recent_auth(request):  # it signs in the collectivité's name
            return reauth_redirect(request)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read(MAX_BYTES + 1)
            try:
                install_certificate(
                    ctx.collectivite,
                    by=acting(request),
                    data=data,
                    passphrase=form.cleaned_data["passphrase"],
                    label=form.cleaned_data["label"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                done = "remplacé" if current is not None else "installé"
                messages.success(request, f"Le certificat est {done}.")
                return redirect(_page_url(ctx))
        status = 400
    return render(
        request,
        "actes/certificate.html",
        {
            "certificate": current,
            "form": form,
            "expires_soon": current is not None
            and current.not_after is not None
            and (current.not_after - timezone.now()).days < 30,
        },
        status=status,
    )


@require_POST
def certificate_remove(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = _managed(request)
    if not has_recent_auth(request):
        return reauth_redirect(request)
    try:
        remove_certificate(ctx.collectivite, by=acting(request))
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(
            request,
            "Le certificat est retiré : les actes signés désormais ne porteront "
            "plus de signature électronique PAdES.",
        )
    return redirect(_page_url(ctx))
