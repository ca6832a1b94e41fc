"""The personal link of a convocation, and its acknowledgement.

The link opens a page without login, and records nothing by itself: the
opening is recorded by the button of that page (a POST), which then asks
for the login before the séance. Mail filters of town halls and
providers follow every link of an incoming e-mail to scan it; an opening
recorded on the GET would be theirs, and the proof worthless. It also
keeps the rule that no GET changes anything. The page shows only what the
e-mail already says.
"""

from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from collectivites.access import ctx_of
from convocations.access import get_delivery_by_token, get_own_delivery_for
from convocations.services import acknowledge, record_opening
from dossiers.content import french_datetime
from seances.views.common import acting


@login_not_required
@require_safe
def convocation_link(request: HttpRequest, token: str) -> HttpResponse:
    delivery = get_delivery_by_token(token)
    seance = delivery.convocation.seance
    return render(
        request,
        "convocations/link.html",
        {
            "delivery": delivery,
            "seance": seance,
            "when": french_datetime(seance.starts_at),
        },
    )


@login_not_required
@require_POST
def convocation_open(request: HttpRequest, token: str) -> HttpResponse:
    delivery = get_delivery_by_token(token)
    user = request.user if request.user.is_authenticated else None

    # Someone else logged in on this browser (the secrétaire trying a link
    # forwarded to her) is not the recipient opening their convocation.
    if user is None or user.pk == delivery.recipient.user_id:
        record_opening(delivery, by=user)
    target = delivery.convocation.seance.get_absolute_url()
    if user is None:
        return redirect_to_login(target)
    return redirect(target)


@require_POST
def convocation_acknowledge(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    delivery = get_own_delivery_for(ctx_of(request), seance_id)

    acknowledge(delivery, by=acting(request))
    return redirect(delivery.convocation.seance)
