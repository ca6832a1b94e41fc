"""Putting an act online, or taking it off, for those who publish."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from collectivites.access import ctx_of
from publication.access import get_act_for, get_publication_for
from publication.forms import PublishForm
from publication.services import publish, refusal_of, withdraw
from seances.views.common import acting, add_errors, refusal


@require_http_methods(["GET", "POST"])
def publish_act(
    request: HttpRequest, collectivite: str, kind: str, act_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    act = get_act_for(ctx, kind, act_id)

    form = PublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        passages = "" if kind == "liste" else form.cleaned_data["passages"]
        try:
            publish(act, by=acting(request), passages_text=passages)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "L'acte est en ligne sur les pages publiques.")
            return redirect(_back(act))
    return render(
        request,
        "publication/publish.html",
        {
            "act": act,
            "kind": kind,
            "form": form,
            "refusal": refusal_of(act),
            "back": _back(act),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _back(act: object) -> str:
    return act.get_absolute_url()  # type: ignore[attr-defined]


@require_POST
def withdraw_publication(
    request: HttpRequest, collectivite: str, publication_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    publication = get_publication_for(ctx, publication_id)
    try:
        withdraw(publication, by=acting(request))
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, "L'acte est retiré des pages publiques.")
    return redirect(_back(publication.act))
