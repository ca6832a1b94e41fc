from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template.loader import render_to_string
from django.utils.csp import CSP

from web.views.errors import back_url


class MethodNotAllowedMiddleware:
    """Gives Django's empty 405 (a GET on a URL that only takes a form's
    POST, from a bookmark or a copied link) a French page; the status and
    the ``Allow`` header stay."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed) or response.content:
            return response
        response.content = render_to_string(
            "405.html",
            {"back_url": back_url(request)},
            request=request,
        )
        response["Content-Type"] = "text/html; charset=utf-8"
        _renew_csp(request, response)
        return response


def _renew_csp(request: HttpRequest, response: HttpResponse) -> None:
    """The CSP middleware, further in, wrote its header before the page used
    the nonce of its scripts: it writes it again, nonce included."""
    for header in (CSP.HEADER_ENFORCE, CSP.HEADER_REPORT_ONLY):
        if header in response:
            del response[header]
    ContentSecurityPolicyMiddleware(lambda request: response).process_response(
        request, response
    )
