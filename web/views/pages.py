import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from actes.transmission import dashboard_transmissions
from collectivites import access
from collectivites.access import ctx_of
from collectivites.models import Membership
from convocations.dashboard import convened_for_dashboard
from discussions.panel import reviews_asked_by, reviews_for
from documents.models import Document
from minutes.deadlines import dashboard_countdowns
from seances.dashboard import dashboard_context as seances_dashboard

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """Send a member to their collectivité; one with several chooses."""
    memberships = list(
        Membership.objects.current()
        .filter(user=request.user.pk)
        .select_related("collectivite")
    )
    if len(memberships) == 1:
        return redirect(memberships[0].collectivite)
    return render(request, "web/home.html", {"memberships": memberships})


def dashboard(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    workspaces = access.visible_workspaces(ctx).order_by("name")
    recent_documents = (
        Document.objects.alive()
        .filter(workspace__in=workspaces)
        .select_related("workspace", "current_version", "collectivite")
        .order_by("-updated_at")[:8]
    )
    return render(
        request,
        "web/dashboard.html",
        {
            "workspaces": workspaces,
            "recent_documents": recent_documents,
            "reviews_for_me": reviews_for(ctx),
            "reviews_asked_by_me": reviews_asked_by(ctx),
            "seances": seances_dashboard(ctx),
            "convened": convened_for_dashboard(ctx),
            "publication_countdowns": dashboard_countdowns(ctx),
            "pending_transmissions": dashboard_transmissions(ctx),
        },
    )


@login_not_required
@require_safe
def healthcheck(request: HttpRequest) -> HttpResponse:
    """For the load balancer: 200 while this server reaches its database,
    503 otherwise, so that it is taken out of the pool. Says nothing more."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return HttpResponse(
            "base de données injoignable", status=503, content_type="text/plain"
        )
    return HttpResponse("ok", content_type="text/plain")
