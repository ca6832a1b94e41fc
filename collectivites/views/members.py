from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from collectivites.access import ctx_of, require
from collectivites.models import Membership
from domain import access


def member_list(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_members(ctx.actor))
    members = (
        Membership.objects.filter(collectivite=ctx.collectivite)
        .select_related("user")
        .order_by("status", "rank", "user__last_name", "user__first_name")
    )
    current = [m for m in members if m.is_current()]
    former = [m for m in members if not m.is_current()]
    return render(
        request,
        "collectivites/member_list.html",
        {
            "elus": [m for m in current if m.is_elu],
            "agents": [m for m in current if not m.is_elu],
            "former": former,
            "can_administer": access.can_administer(ctx.actor),
            "can_read_journal": access.can_read_journal(ctx.actor),
        },
    )
