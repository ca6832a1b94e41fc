"""A person's display settings, read on every page without a query.

The database keeps them (``DisplaySettings``); the session carries a copy,
written when the person logs in and whenever they change them, so that the
layout reads them from the session that every page loads anyway.

The DSFR's own "Paramètres d'affichage" panel keeps the theme in the
browser's local storage only; Quorum sets the same ``data-fr-scheme`` from
the person's settings instead, so that the choice follows them.

TODO(display-other-sessions): a change reaches the person's other open
sessions at their next login, not at once (each session holds its copy)."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from guide.models import DisplaySettings

SESSION_KEY = "guide_display"
DEFAULT = {"classes": "", "scheme": DisplaySettings.Scheme.SYSTEM.value, "tour": False}


def settings_for(user: User) -> DisplaySettings:
    found = DisplaySettings.objects.filter(user=user).first()
    return found or DisplaySettings(user=user)


def _summary(display: DisplaySettings) -> dict[str, Any]:
    return {
        "classes": display.html_classes,
        "scheme": display.scheme,
        "tour": display.tour_done_at is not None,
    }


def remember(request: HttpRequest, display: DisplaySettings) -> None:
    request.session[SESSION_KEY] = _summary(display)


@receiver(user_logged_in)
def _load_on_login(
    sender: object, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        remember(request, settings_for(user))


def current(request: HttpRequest) -> dict[str, Any]:
    """The display of this page: the person's, or the default."""
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is None or not user.is_authenticated or session is None:
        return DEFAULT
    return {**DEFAULT, **session.get(SESSION_KEY, {})}


def save_display(
    request: HttpRequest, *, text_size: str, high_contrast: bool, scheme: str
) -> DisplaySettings:
    with transaction.atomic():
        display, _ = DisplaySettings.objects.select_for_update().get_or_create(
            user=request.user
        )
        display.text_size = text_size
        display.high_contrast = high_contrast
        display.scheme = scheme
        display.save(
            update_fields=["text_size", "high_contrast", "scheme", "updated_at"]
        )
    remember(request, display)
    return display


def finish_tour(request: HttpRequest) -> DisplaySettings:
    """The person finished or skipped the guided tour: it does not start by
    itself again (the "Revoir la visite" link still shows it)."""
    with transaction.atomic():
        display, _ = DisplaySettings.objects.select_for_update().get_or_create(
            user=request.user
        )
        if display.tour_done_at is None:
            display.tour_done_at = timezone.now()
            display.save(update_fields=["tour_done_at", "updated_at"])
    remember(request, display)
    return display
