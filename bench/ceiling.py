"""The bench's ceiling: a view that answers "ok" and does nothing else,
served only when ``QUORUM_BENCH_CEILING`` is on (``make bench`` turns it on
for its own server). Through the same server and middleware as the pages,
it tells the most answers per second a page could hope for."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe


@login_not_required
@require_safe
def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
