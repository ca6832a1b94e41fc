"""Error pages that Django does not find by a template's name alone."""

from dataclasses import dataclass

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

# Never shown back, even to the person who typed them.
HIDDEN_FIELD_PARTS = ("password", "token")

# The names of the free-text fields that people type the most in, in words
# they know; any other field is shown under its technical name.
FIELD_LABELS = {
    "body": "Votre message",
    "message": "Message",
    "title": "Titre",
    "name": "Nom",
    "note": "Note",
    "reason": "Motif",
    "expose": "Exposé",
    "first_name": "Prénom",
    "last_name": "Nom de famille",
    "email": "Adresse e-mail",
    "username": "Adresse e-mail",
}


@dataclass(frozen=True)
class TypedField:
    label: str
    value: str


def back_url(request: HttpRequest) -> str | None:
    """The page the person came from, when it is on this site."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return None


def typed_fields(request: HttpRequest) -> list[TypedField]:
    """What the person typed in the form they sent, without secrets or files."""
    try:
        items = list(request.POST.lists())
    except (SuspiciousOperation, MultiPartParserError, OSError):
        # A body Django cannot read (too big, cut off): nothing to show.
        return []
    fields = []
    for name, values in items:
        lowered = name.lower()
        if name == "csrfmiddlewaretoken" or any(
            part in lowered for part in HIDDEN_FIELD_PARTS
        ):
            continue
        label = FIELD_LABELS.get(name, f"Champ « {name} »")
        fields += [TypedField(label, value) for value in values if value.strip()]
    return fields


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form was sent from a page that is too old or
    from another session; what was typed is shown back so nothing is lost."""
    return render(
        request,
        "403_csrf.html",
        {"back_url": back_url(request), "fields": typed_fields(request)},
        status=403,
    )
