"""The Déclaration d'accessibilité that the RGAA asks of every public
service online (loi n° 2005-102 du 11 février 2005, article 47; décret
n° 2019-768 du 24 juillet 2019)."""

from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

# The day the declaration was written, and the standard it measures against.
ESTABLISHED_ON = date(2026, 12, 4)
RGAA_VERSION = "4.1.2"


@login_not_required
@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/accessibilite.html",
        {
            "established_on": ESTABLISHED_ON,
            "rgaa_version": RGAA_VERSION,
            "contact": settings.QUORUM_ACCESSIBILITY_CONTACT,
        },
    )
