"""A convened member's answer to the convocation, and the answers that the
mairie records for those who gave theirs by phone, letter or e-mail."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from collectivites.access import ctx_of
from convocations.access import get_delivery_to_record_for, get_replying_delivery_for
from convocations.forms import RecordedReplyForm, ReplyForm
from convocations.models import Channel, Procuration, Reply
from convocations.services import record_reply
from seances.views.common import acting, add_errors, refusal


@require_POST
def reply_send(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    """The member's own answer, from the séance page; the refusal, if any,
    comes back there with its reason."""
    ctx = ctx_of(request)
    delivery = get_replying_delivery_for(ctx, seance_id)
    seance = delivery.convocation.seance

    form = ReplyForm(seance, ctx.membership, request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(_messages(form)))
        return redirect(f"{seance.get_absolute_url()}#ma-reponse")
    try:
        reply = record_reply(
            delivery,
            by=acting(request),
            answer=form.cleaned_data["answer"],
            mandataire=form.cleaned_data.get("mandataire"),
        )
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, _said(reply, form, own=True))
    return redirect(f"{seance.get_absolute_url()}#ma-reponse")


def reply_record(
    request: HttpRequest, collectivite: str, seance_id: UUID, membership_id: UUID
) -> HttpResponse:
    """The secrétaire notes an answer received by phone, letter or e-mail;
    the journal names her as the one who recorded it."""
    ctx = ctx_of(request)
    delivery = get_delivery_to_record_for(ctx, seance_id, membership_id)
    seance, member = delivery.convocation.seance, delivery.recipient
    reply = Reply.objects.filter(delivery=delivery).first()
    given = Procuration.objects.filter(
        seance=seance, mandant=member, revoked_at__isnull=True
    ).first()

    initial = ReplyForm.initial_for(reply, given)
    if reply is not None and reply.channel != Channel.ONLINE:
        initial["channel"] = reply.channel
    form = RecordedReplyForm(seance, member, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            reply = record_reply(
                delivery,
                by=acting(request),
                answer=form.cleaned_data["answer"],
                mandataire=form.cleaned_data.get("mandataire"),
                channel=form.cleaned_data["channel"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _said(reply, form, own=False))
            return redirect(f"{seance.get_absolute_url()}#presences")
    return render(
        request,
        "convocations/reply_form.html",
        {"form": form, "seance": seance, "member": member, "reply": reply},
    )


def _said(reply: Reply, form: ReplyForm, *, own: bool) -> str:
    who = "Votre réponse" if own else "La réponse"
    said = reply.get_answer_display().lower()
    mandataire = form.cleaned_data.get("mandataire")
    if reply.answer == Reply.Answer.PROCURATION and mandataire is not None:
        said += f" ; procuration à {mandataire.user.full_name}"
    return f"{who} est enregistrée : {said}."


def _messages(form: ReplyForm) -> list[str]:
    return [message for errors in form.errors.values() for message in errors]
