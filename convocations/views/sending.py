"""Sending a séance's convocation and following what became of it."""

import io
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from collectivites.access import ctx_of, require
from convocations import documents
from convocations.access import get_followed_convocation_for, get_sendable_seance_for
from convocations.models import Convocation
from convocations.panel import Tally, sending_progress
from convocations.services import resume_sending, send_convocation
from seances.forms import ConveneForm
from seances.views.common import acting, add_errors
from seances.views.seances import convene_page


@require_POST
def convocation_send(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    """Send the convocation today; a refusal comes back to the convene page,
    which offers the urgence when it could still convene the séance."""
    ctx = ctx_of(request)
    seance = get_sendable_seance_for(ctx, seance_id)
    require(not seance.is_convened)

    form = ConveneForm(request.POST)
    offer_urgence = False
    if form.is_valid():
        try:
            convocation = send_convocation(
                seance,
                by=acting(request),
                urgence_reason=form.cleaned_data["urgence_reason"],
            )
        except ValidationError as error:
            add_errors(form, error)
            offer_urgence = _urgence_possible(error)
        else:
            count = convocation.deliveries.count()
            messages.success(
                request,
                f"La convocation part vers {count} membre{pluralize(count)} : "
                "l'ordre du jour est arrêté et chacun reçoit son lien personnel. "
                "Suivez ci-dessous la remise des e-mails.",
            )
            return redirect(seance)
    return convene_page(request, ctx, seance, form, offer_urgence=offer_urgence)


@require_POST
def convocation_resume(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    """Queue again the e-mails still waiting (a worker stopped, the server
    was away); nothing already accepted leaves twice."""
    convocation = get_followed_convocation_for(ctx_of(request), seance_id)

    waiting = resume_sending(convocation, by=acting(request))
    if waiting:
        messages.success(request, f"L'envoi de {waiting} e-mail(s) est relancé.")
    else:
        messages.info(request, "Aucun e-mail n'attend d'être envoyé.")
    return redirect(convocation.seance)


def convocation_sending(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    """How far the sending of the e-mails is; the séance page polls it with
    htmx until none waits, then it says what came of it."""
    ctx = ctx_of(request)
    convocation = get_followed_convocation_for(ctx, seance_id)
    tally = Tally.of(list(convocation.deliveries.all()))
    return render(
        request,
        "convocations/includes/sending_progress.html",
        {
            "seance": convocation.seance,
            "progress": sending_progress(ctx, convocation.seance, tally, followed=True),
        },
    )


def convocation_deliveries(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    """Every recipient and what became of their e-mail."""
    convocation = get_followed_convocation_for(ctx_of(request), seance_id)
    deliveries = list(
        convocation.deliveries.select_related("recipient__user").order_by(
            "recipient__rank", "recipient__user__last_name", "pk"
        )
    )
    return render(
        request,
        "convocations/deliveries.html",
        {
            "convocation": convocation,
            "seance": convocation.seance,
            "deliveries": deliveries,
            "tally": Tally.of(deliveries),
            "quiet_minutes": settings.QUORUM_CHANGE_NOTICE_QUIET_MINUTES,
            "changes": list(
                convocation.changes.select_related("item", "notice", "made_by")
            ),
            "notices": list(
                convocation.change_notices.annotate(
                    recipients=Count("deliveries"),
                    accepted=Count(
                        "deliveries", filter=Q(deliveries__status="acceptee")
                    ),
                    failed=Count(
                        "deliveries",
                        filter=Q(
                            deliveries__status__in=["refusee", "adresse_invalide"]
                        ),
                    ),
                )
            ),
        },
    )


def proof_pdf(request: HttpRequest, collectivite: str, seance_id: UUID) -> FileResponse:
    convocation = get_followed_convocation_for(ctx_of(request), seance_id)
    return _pdf(documents.proof_pdf(convocation), "Preuve de convocation", convocation)


def paper_pdf(request: HttpRequest, collectivite: str, seance_id: UUID) -> FileResponse:
    convocation = get_followed_convocation_for(ctx_of(request), seance_id)
    return _pdf(
        documents.paper_pdf(convocation), "Convocations sur papier", convocation
    )


def _pdf(data: bytes, name: str, convocation: Convocation) -> FileResponse:
    """Downloaded under a sandbox, as every PDF of Quorum: nothing in it runs."""
    day = convocation.seance.local_start.date().isoformat()
    response = FileResponse(
        io.BytesIO(data),
        as_attachment=True,
        filename=f"{name} {day}.pdf",
        content_type="application/pdf",
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _urgence_possible(error: ValidationError) -> bool:
    if hasattr(error, "error_dict"):
        return False
    return any(one.code == "urgence_possible" for one in error.error_list)
