"""The list of the délibérations of a séance, its posting at the mairie."""

import io
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from collectivites.access import ctx_of, require
from documents.storage import open_blob
from domain import access
from minutes import pdf
from minutes.access import get_liste_for
from minutes.forms import PostingForm
from minutes.services import post_liste
from minutes.views.proces_verbal import download
from seances.views.common import acting, add_errors


@require_safe
def liste(request: HttpRequest, collectivite: str, liste_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    the_liste = get_liste_for(ctx, liste_id)
    return _page(request, the_liste, PostingForm())


def _page(request: HttpRequest, the_liste: object, form: PostingForm) -> HttpResponse:
    from publication.panel import panel_for  # noqa: PLC0415 - publication imports minutes

    ctx = ctx_of(request)
    context = {
        **pdf.liste_context(the_liste),  # type: ignore[arg-type]
        "form": form,
        "can_post": access.can_publish_acts(ctx.actor),
        **panel_for(ctx, liste=the_liste),
    }
    return render(
        request,
        "minutes/liste.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


@require_POST
def liste_post(request: HttpRequest, collectivite: str, liste_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    the_liste = get_liste_for(ctx, liste_id)
    require(access.can_publish_acts(ctx.actor))

    form = PostingForm(request.POST)
    if form.is_valid():
        try:
            post_liste(the_liste, by=acting(request), on=form.cleaned_data["posted_on"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "La date d'affichage est enregistrée.")
            return redirect(
                "minutes:liste",
                collectivite=ctx.collectivite.slug,
                liste_id=the_liste.pk,
            )
    return _page(request, the_liste, form)


@require_safe
def liste_pdf(request: HttpRequest, collectivite: str, liste_id: UUID) -> FileResponse:
    ctx = ctx_of(request)
    the_liste = get_liste_for(ctx, liste_id)
    if the_liste.pdf_id is not None:
        stream = open_blob(the_liste.pdf)
    else:
        stream = io.BytesIO(pdf.liste_pdf(the_liste))
    day = the_liste.seance.local_start.date().isoformat()
    return download(stream, f"Liste des délibérations {day}.pdf")
