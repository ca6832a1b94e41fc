"""The personal link of a convocation, and its acknowledgement.

The link opens a page without login, and records nothing by itself: the
opening is recorded by the button of that page (a POST), which then leads
to the member's dossier: through the login page, or at once on the first
visit of someone who has no password yet (``convocations.first_visit``). Mail filters of town halls and
providers follow every link of an incoming e-mail to scan it; an opening
recorded on the GET would be theirs, and the proof worthless. It also
keeps the rule that no GET changes anything. The page shows only what the
e-mail already says.
"""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.login_flow import EMAIL_BACKEND, continue_login
from collectivites.access import ctx_of
from convocations.access import get_delivery_by_token, get_own_delivery_for
from convocations.first_visit import (
    dossier_url,
    may_log_in_by_link,
    record_first_visit_login,
    send_dossier_login_link,
)
from convocations.services import acknowledge, open_delivery, record_opening
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
    target = dossier_url(delivery)

    # Someone else logged in on this browser (the secrétaire trying a link
    # forwarded to her) is not the recipient opening their convocation.
    if user is not None:
        if user.pk == delivery.recipient.user_id:
            record_opening(delivery, by=user)
            return redirect(target)
        return redirect(delivery.convocation.seance)
    first = open_delivery(delivery, by=None)
    newcomer = may_log_in_by_link(delivery, first_opening=first)
    if newcomer is None:
        return redirect_to_login(target)
    record_first_visit_login(delivery, newcomer)
    messages.info(
        request,
        "Bienvenue dans Quorum. Vous êtes connecté(e) grâce au lien de votre "
        "convocation, cette fois seulement : choisissez un mot de passe dans "
        "« Mon compte », ou demandez un lien de connexion par e-mail la "
        "prochaine fois.",
    )
    return continue_login(
        request,
        newcomer,
        backend=EMAIL_BACKEND,
        next_url=target,
        via="convocation_link",
    )


@login_not_required
@require_POST
def convocation_login_link(request: HttpRequest, token: str) -> HttpResponse:
    """A login link sent to the recipient, that lands on their dossier."""
    delivery = get_delivery_by_token(token)

    if not send_dossier_login_link(request, delivery):
        return render(request, "accounts/too_many_requests.html", status=429)
    return redirect("accounts:login_link_sent")


@require_POST
def convocation_acknowledge(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    delivery = get_own_delivery_for(ctx_of(request), seance_id)

    acknowledge(delivery, by=acting(request))
    if request.POST.get("retour") == "dossier":
        messages.success(request, "Merci : la mairie sait que vous l'avez reçue.")
        return redirect(dossier_url(delivery))
    return redirect(delivery.convocation.seance)
