from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from collectivites.access import context_for


class CollectiviteMiddleware:
    """Every URL that names a collectivité (``<collectivite>`` in its path)
    is entered only by a member in office of that collectivité; others get
    404. The view then finds ``request.ctx``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        slug = view_kwargs.get("collectivite")
        if slug is not None and not getattr(view_func, "public_collectivite", False):
            request.ctx = context_for(request.user, slug)  # type: ignore[attr-defined]
