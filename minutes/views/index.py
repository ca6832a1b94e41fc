"""The minutes of the council's séances, with the days left to publish."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from collectivites.access import ctx_of, require
from domain import access
from minutes.deadlines import countdowns


@require_safe
def index(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_minutes(ctx.actor))
    rows = countdowns(ctx.collectivite, today=timezone.localdate())
    return render(request, "minutes/index.html", {"rows": rows})
