from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from collectivites.access import ctx_of, require
from collectivites.models import MemberImport, Membership
from domain import access

RECENT_IMPORTS = timedelta(days=7)


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
    # The imports of the last days, so that whoever left the page of one
    # finds its progress or its result here.
    imports = (
        list(
            MemberImport.objects.filter(
                collectivite=ctx.collectivite,
                created_at__gte=timezone.now() - RECENT_IMPORTS,
            )
            .select_related("collectivite")
            .only("id", "collectivite__slug", "filename", "status", "updated_at")
            .order_by("-created_at")[:3]
        )
        if access.can_import_members(ctx.actor)
        else []
    )
    return render(
        request,
        "collectivites/member_list.html",
        {
            "elus": [m for m in current if m.is_elu],
            "agents": [m for m in current if not m.is_elu],
            "former": former,
            "can_administer": access.can_administer(ctx.actor),
            "can_read_journal": access.can_read_journal(ctx.actor),
            "recent_imports": imports,
        },
    )
