""" "Mes séances": the séances a member is convened to, the dossier of each
readable on a phone, and the member's own notes on its points."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from collectivites.access import ctx_of
from convocations.access import (
    convened_deliveries,
    get_convened_dossier_for,
    get_noted_point_for,
)
from convocations.dossier import ConvenedSeance, convened_dossier
from convocations.forms import PointNoteForm
from convocations.services import save_point_note
from journal.services import record_huis_clos_read


def my_seances(request: HttpRequest, collectivite: str) -> HttpResponse:
    """To come first, the nearest at the top; then the past ones."""
    ctx = ctx_of(request)
    deliveries = list(
        convened_deliveries(ctx)
        .select_related(
            "convocation__seance__collectivite",
            "convocation__seance__workspace",
            "reply",
        )
        .order_by("convocation__seance__starts_at")
    )
    now = timezone.now()
    mine = [ConvenedSeance.of(delivery) for delivery in deliveries]
    upcoming = [one for one in mine if one.seance.starts_at >= now]
    past = [one for one in reversed(mine) if one.seance.starts_at < now]
    return render(
        request, "convocations/mine/list.html", {"upcoming": upcoming, "past": past}
    )


def my_dossier(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    delivery = get_convened_dossier_for(ctx, seance_id)
    context = convened_dossier(ctx, delivery)
    record_huis_clos_read(
        collectivite=ctx.collectivite,
        actor=request.user,
        items=[point.line.item for point in context["points"]],
        page="mes séances",
    )
    return render(request, "convocations/mine/dossier.html", context)


@require_POST
def point_note(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    """Save the actor's own note on a point; htmx gets the form back."""
    ctx = ctx_of(request)
    item, _ = get_noted_point_for(ctx, item_id)

    form = PointNoteForm.for_point(item, None, request.POST)
    note = None
    if form.is_valid():
        note = save_point_note(
            item, author=ctx.membership, body=form.cleaned_data["body"]
        )
    if request.htmx:  # type: ignore[attr-defined]
        return render(
            request,
            "convocations/mine/_note_status.html",
            {"item": item, "form": form, "note": note},
        )
    if note is not None:
        messages.success(request, "Votre note est enregistrée.")
    else:
        messages.error(request, " ".join(form.errors.get("body", [])))
    url = reverse(
        "convocations:my_dossier",
        kwargs={"collectivite": collectivite, "seance_id": item.seance_id},
    )
    return redirect(f"{url}#point-{item.pk}")
