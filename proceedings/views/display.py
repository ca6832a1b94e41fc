"""The screen of the council room, public: the full page once, then the
screen alone every second from htmx, or nothing when it has not changed."""

import hashlib
from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from proceedings.display import get_displayed_seance, screen_of

# htmx swaps nothing on 204: the page stays as it is, and a screen reader
# hears nothing again.
UNCHANGED = 204
# TODO(display-scale): every viewer's poll reads the screen (seven queries)
# each second; a séance followed online by hundreds would want the screen
# cached for a second, or server-sent events fed once per change.


def public_collectivite(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let anyone reach ``view`` under a collectivité's slug: the view
    itself finds what it shows (``collectivites.middleware``)."""
    view.public_collectivite = True  # type: ignore[attr-defined]
    return view


@login_not_required
@public_collectivite
@require_safe
def seance_display(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    seance = get_displayed_seance(collectivite, seance_id)
    screen = screen_of(seance)

    context = {"seance": seance, "screen": screen}
    body = render_to_string("proceedings/includes/display_screen.html", context)
    state = hashlib.sha256(body.encode()).hexdigest()[:16]
    if request.htmx and request.GET.get("etat") == state:
        return HttpResponse(status=UNCHANGED)
    context.update(body=mark_safe(body), state=state)  # noqa: S308 - rendered above
    if request.htmx:
        # Without the request: the layout's context (and its queries) is
        # not needed to swap the screen.
        response = HttpResponse(
            render_to_string(
                "proceedings/includes/display_live.html", {**context, "oob": True}
            )
        )
    else:
        response = render(request, "proceedings/display.html", context)
    response["Cache-Control"] = "no-store"
    return response
