"""The secret address of a person's calendar: the feed and its settings."""

from urllib.parse import urljoin

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from collectivites.access import ctx_of, require
from domain import access
from overview.access import get_feed_context
from overview.feed import person_calendar
from overview.models import CalendarFeed
from overview.services import renew_feed, revoke_feed


@login_not_required
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """Read by agenda applications, which cannot log in: the address is
    the key. Never cached by a proxy, never indexed."""
    ctx = get_feed_context(token)

    response = HttpResponse(
        person_calendar(ctx, today=timezone.localdate()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def feed_settings(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_calendar(ctx.actor))
    feed = CalendarFeed.objects.filter(membership=ctx.membership).first()

    return render(
        request,
        "overview/feed_settings.html",
        {
            "feed_url": urljoin(settings.SITE_URL, feed.get_absolute_url())
            if feed is not None
            else "",
            "can_see_deadlines": access.can_see_legal_deadlines(ctx.actor),
        },
    )


@require_POST
def feed_renew(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_calendar(ctx.actor))
    had_one = CalendarFeed.objects.filter(membership=ctx.membership).exists()

    renew_feed(ctx.membership)
    messages.success(
        request,
        "Votre nouvelle adresse est prête : l'ancienne ne fonctionne plus."
        if had_one
        else "Votre adresse d'abonnement est prête.",
    )
    return redirect("overview:feed_settings", collectivite=ctx.collectivite.slug)


@require_POST
def feed_revoke(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_calendar(ctx.actor))

    if revoke_feed(ctx.membership):
        messages.success(request, "L'adresse est supprimée : plus rien n'y est lu.")
    else:
        messages.info(request, "Vous n'aviez pas d'adresse d'abonnement.")
    return redirect("overview:feed_settings", collectivite=ctx.collectivite.slug)
