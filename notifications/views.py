from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from collectivites.access import ctx_of, require
from domain import access
from notifications.forms import PreferenceForm
from notifications.services import (
    mark_read,
    preference_for,
    set_email_mode,
    visible_notifications,
)

PAGE_SIZE = 50


def notification_list(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_notifications(ctx.actor))
    latest = visible_notifications(ctx).select_related(
        "actor", "document__collectivite", "agenda_item__seance__collectivite"
    )
    notifications = list(latest[:PAGE_SIZE])
    return render(
        request,
        "notifications/list.html",
        {
            "notifications": notifications,
            "unread_count": sum(1 for n in notifications if n.read_at is None),
        },
    )


@require_POST
def open_notification(
    request: HttpRequest, collectivite: str, notification_id: UUID
) -> HttpResponse:
    """Mark one notification read and go to what it is about."""
    ctx = ctx_of(request)
    require(access.can_see_notifications(ctx.actor))
    notification = (
        visible_notifications(ctx)
        .select_related("document__collectivite", "agenda_item__seance__collectivite")
        .filter(id=notification_id)
        .first()
    )
    if notification is None:
        raise Http404
    mark_read(ctx, notification.id)
    return redirect(notification.get_absolute_url())


@require_POST
def mark_all_read(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_notifications(ctx.actor))
    mark_read(ctx)
    return redirect("notifications:list", collectivite=ctx.collectivite.slug)


def preferences(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_see_notifications(ctx.actor))
    current = preference_for(ctx.membership)
    form = PreferenceForm.for_member(
        ctx.membership, request.POST or None, initial={"email_mode": current.email_mode}
    )
    if request.method == "POST" and form.is_valid():
        set_email_mode(ctx.membership, form.cleaned_data["email_mode"])
        messages.success(request, "Votre choix est enregistré.")
        return redirect("notifications:preferences", collectivite=ctx.collectivite.slug)
    return render(request, "notifications/preferences.html", {"form": form})
