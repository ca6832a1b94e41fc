"""The second step of an action that cannot be undone: the button posts
to the action's own URL, which answers with a page saying what will
happen; only the form of that page, posted again with ``confirme=oui``,
does the change. It works without JavaScript (strict CSP) and nothing is
changed before the second post."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirme"
CONFIRMED = "oui"
# Never carried over to the confirmation form: the token is the page's own.
_NOT_CARRIED = frozenset({"csrfmiddlewaretoken", CONFIRM_FIELD})


@dataclass(frozen=True)
class Confirmation:
    """What the confirmation page says: a question, what will happen, the
    button that does it and the way back."""

    title: str
    consequences: list[str]
    button: str
    back_url: str
    back_label: str = "Annuler et revenir"


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == CONFIRMED


def confirmation_page(request: HttpRequest, confirmation: Confirmation) -> HttpResponse:
    """The page that asks, with every field of the first post kept so that
    the second post is the same request, confirmed."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in _NOT_CARRIED
        for value in values
    ]
    return render(
        request,
        "web/confirm.html",
        {
            "confirmation": confirmation,
            "fields": fields,
            "action": request.path,
            "confirm_field": CONFIRM_FIELD,
            "confirmed": CONFIRMED,
        },
    )
