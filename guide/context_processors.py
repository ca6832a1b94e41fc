from typing import Any

from django.http import HttpRequest

from guide import reading
from guide.help import help_for


def guide(request: HttpRequest) -> dict[str, Any]:
    """The person's display settings and the help page of this screen; no
    query (``guide.reading``)."""
    match = getattr(request, "resolver_match", None)
    return {
        "quorum_display": reading.current(request),
        "help_page": help_for(match.view_name if match else None),
    }
