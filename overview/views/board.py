"""The board of the next séance's points, and the moves of its cards."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from collectivites.access import Context, ctx_of, require
from domain import access
from overview.board import board_columns, board_seances, default_seance
from overview.forms import MoveForm
from overview.moves import make_move
from seances.access import get_point_for, get_seance_for
from seances.models import Seance
from seances.views.common import acting


@require_safe
def board(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_board(ctx.actor))
    choices = list(board_seances(ctx))
    chosen = request.GET.get("seance", "")
    if chosen:
        try:
            seance: Seance | None = get_seance_for(ctx, UUID(chosen))
        except ValueError:
            seance = default_seance(choices)
    else:
        seance = default_seance(choices)

    return render(
        request,
        "overview/board.html",
        {"choices": choices, **_panel(ctx, seance)},
    )


@require_POST
def card_move(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    """One step of a point, from its buttons or from a drop on a column
    (board.js); the answer is the board again, with what happened. A
    refusal (422) changes nothing and says why."""
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    form = MoveForm(request.POST)

    if form.is_valid():
        result = make_move(
            ctx.actor,
            item,
            facts,
            by=acting(request),
            to=form.cleaned_data["to"],
            revision=form.cleaned_data["revision"],
            message=form.cleaned_data["message"],
        )
        done, notice = result.done, result.message
    elif "message" in form.errors:
        done, notice = False, form.errors["message"][0]
    else:
        done, notice = False, "Cette étape n'existe pas : rechargez la page."
    if not request.htmx:  # type: ignore[attr-defined]
        (messages.success if done else messages.error)(request, notice)
        url = reverse("overview:board", kwargs={"collectivite": ctx.collectivite.slug})
        return redirect(f"{url}?seance={item.seance_id}#carte-{item.pk}")
    seance = get_seance_for(ctx, item.seance_id)
    return render(
        request,
        "overview/includes/board_panel.html",
        {
            **_panel(ctx, seance),
            "notice": notice,
            "refused": not done,
            "focus": f"carte-{item.pk}",
        },
        status=200 if done else 422,
    )


def _panel(ctx: Context, seance: Seance | None) -> dict[str, object]:
    return {
        "seance": seance,
        "columns": board_columns(ctx, seance) if seance is not None else [],
        "notice": "",
        "refused": False,
        "focus": "",
    }
