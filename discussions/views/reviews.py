from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from collectivites.access import ctx_of, require
from discussions.access import get_review_for, people_who_see
from discussions.forms import ReviewAnswerForm, ReviewRequestForm
from discussions.services import answer_review, request_review
from documents.views.documents import get_document_for
from domain import access


def new_request(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    document = get_document_for(ctx, document_id)
    require(access.can_request_review(ctx.actor, document.workspace_id))
    form = ReviewRequestForm(
        request.POST or None,
        people=people_who_see(document),
        me=request.user,  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        try:
            review_request = request_review(
                document=document,
                by=request.user,  # type: ignore[arg-type]
                reviewers=form.chosen(),
                due_on=form.cleaned_data["due_on"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "La demande de relecture est envoyée.")
            return redirect(review_request)
    return render(
        request, "discussions/review_request.html", {"document": document, "form": form}
    )


def answer(request: HttpRequest, collectivite: str, review_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    review = get_review_for(ctx, review_id)
    review_request = review.request
    form = ReviewAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answer_review(
                review=review,
                by=request.user,  # type: ignore[arg-type]
                decision=form.cleaned_data["decision"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Votre relecture est enregistrée. Merci !")
            return redirect(review_request)
    return render(
        request,
        "discussions/review_answer.html",
        {
            "review": review,
            "review_request": review_request,
            "document": review_request.document,
            "form": form,
        },
    )
