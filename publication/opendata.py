"""Open data: the SCDL file of the délibérations, for anyone, and the
loading of a collectivité's history from such a file, for its managers."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from actes.models import Deliberation
from collectivites.access import ctx_of, require
from collectivites.models import Collectivite
from domain import access, scdl
from proceedings.views.display import public_collectivite
from publication import scdl as service
from web.forms import QuorumForm

app_name = "opendata"


def public_url(request: HttpRequest, slug: str, deliberation: Deliberation) -> str:
    return request.build_absolute_uri(
        reverse(
            "publication:deliberation",
            kwargs={"collectivite": slug, "deliberation_id": deliberation.id},
        )
    )


@login_not_required
@public_collectivite
@require_safe
def deliberations_csv(request: HttpRequest, collectivite: str) -> HttpResponse:
    commune = get_object_or_404(Collectivite, slug=collectivite)
    if not commune.siret:
        return render(
            request,
            "publication/opendata_unavailable.html",
            {"commune": commune},
            status=404,
        )
    text = service.export(commune, lambda d: public_url(request, commune.slug, d))
    response = HttpResponse(
        text.encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    name = scdl.file_name(timezone.localdate(), commune.siret[:9])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class HistoryForm(QuorumForm):
    file = forms.FileField(
        label="Fichier SCDL des délibérations (CSV)",
        help_text=(
            "Le fichier des délibérations publié en données ouvertes, au format SCDL : "
            "séparateur virgule ou point-virgule, encodage UTF-8 ou Windows. 10 Mo au plus."
        ),
    )


def history_import(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_administer(ctx.actor))
    form = HistoryForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > service.MAX_FILE_SIZE:
            form.add_error("file", "Le fichier dépasse 10 Mo : découpez-le par année.")
        else:
            outcome = service.import_history(
                ctx.collectivite, upload.read(), by=request.user
            )
            if not outcome.problems:
                messages.success(
                    request,
                    f"{outcome.created} délibération(s) de l'historique chargée(s)."
                    + (
                        f" {len(outcome.already)} déjà présente(s), laissée(s) telle(s) quelle(s)."
                        if outcome.already
                        else ""
                    ),
                )
                return redirect("opendata:history_import", collectivite=collectivite)
    missing = service.without_matiere(ctx.collectivite)[:50]
    return render(
        request,
        "publication/history_import.html",
        {"ctx": ctx, "form": form, "outcome": outcome, "missing": missing},
    )


urlpatterns = [
    path(
        "<slug:collectivite>/donnees-ouvertes/deliberations.csv",
        deliberations_csv,
        name="deliberations_csv",
    ),
    path(
        "<slug:collectivite>/donnees-ouvertes/historique/",
        history_import,
        name="history_import",
    ),
]
