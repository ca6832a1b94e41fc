"""What the discussion and review parts of other pages need, in a fixed
number of queries whatever the number of comments."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from collectivites.access import Context, visible_workspaces
from discussions.access import Subject, can_edit_comment, can_resolve_thread
from discussions.forms import ThreadForm
from discussions.models import Comment, Mention, Review, ReviewRequest, Thread
from documents.models import Document
from domain import access
from seances.models import AgendaItem


def document_discussion(ctx: Context, document: Document) -> dict[str, Any]:
    """The context of ``discussions/document_panel.html`` (five queries)."""
    threads = Thread.objects.filter(document=document).select_related("version")
    requests = list(
        ReviewRequest.objects.filter(document=document)
        .select_related("requested_by", "version")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer"))
        )
    )
    return {
        **_threads_of(ctx, document, threads),
        "review_requests": requests,
        "thread_form": ThreadForm(document=document, people=[]),
        "can_request_review": access.can_request_review(
            ctx.actor, document.workspace_id
        ),
        "today": timezone.localdate(),
        "discussion_intro": "",
    }


def point_discussion(ctx: Context, item: AgendaItem) -> dict[str, Any]:
    """The context of ``discussions/thread_list.html`` on the page of a point
    the actor sees (three queries)."""
    return {
        **_threads_of(ctx, item, Thread.objects.filter(agenda_item=item)),
        "thread_form": ThreadForm(people=[]),
        "discussion_intro": (
            "Une question sur ce point avant la séance ? Posez-la ici : seules "
            "les personnes qui peuvent voir ce point la lisent. Mentionnez le "
            "rapporteur pour la lui adresser."
        ),
    }


def discussion_urls(subject: Subject) -> dict[str, str]:
    """Where the forms of a discussion open a thread and find the people
    to mention."""
    if isinstance(subject, Document):
        kwargs = {"collectivite": subject.collectivite.slug, "document_id": subject.pk}
        names = ("discussions:new_thread", "discussions:mention_candidates")
    else:
        kwargs = {
            "collectivite": subject.seance.collectivite.slug,
            "item_id": subject.pk,
        }
        names = ("discussions:new_point_thread", "discussions:point_mention_candidates")
    return {
        "new_thread_url": reverse(names[0], kwargs=kwargs),
        "mentions_url": reverse(names[1], kwargs=kwargs),
    }


def _threads_of(
    ctx: Context, subject: Subject, threads: QuerySet[Thread]
) -> dict[str, Any]:
    """The threads of ``subject`` with their comments and what the actor may
    do with each (three queries)."""
    comments = Comment.objects.select_related("author").prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("user"))
    )
    found = list(
        threads.select_related("created_by", "resolved_by").prefetch_related(
            Prefetch("comments", queryset=comments)
        )
    )
    for thread in found:
        thread.can_resolve = can_resolve_thread(ctx, subject, thread)
        for comment in thread.comments.all():
            comment.can_edit = can_edit_comment(ctx, subject, comment)
    return {"threads": found, **discussion_urls(subject)}


def reviews_for(ctx: Context) -> list[Review]:
    """The reviews asked of the actor and not yet given, on documents they
    still see: "Relectures qui vous sont demandées", late ones marked."""
    today = timezone.localdate()
    reviews = list(
        Review.objects.filter(
            reviewer_id=ctx.membership.user_id,
            decision=Review.Decision.PENDING,
            request__collectivite=ctx.collectivite,
            request__document__deleted_at__isnull=True,
            request__document__workspace__in=visible_workspaces(ctx),
        )
        .select_related("request__document__collectivite", "request__requested_by")
        .order_by("request__due_on")
    )
    for review in reviews:
        review.is_late = review.request.due_on < today
    return reviews


@dataclass(frozen=True)
class AskedReview:
    """A review request the actor made that some reviewer has not answered."""

    request: ReviewRequest
    is_late: bool


def reviews_asked_by(ctx: Context) -> list[AskedReview]:
    """The actor's own review requests still awaiting an answer, on
    documents they still see, with each reviewer's answer so far:
    "Relectures que vous avez demandées" (two queries)."""
    today = timezone.localdate()
    requests = (
        ReviewRequest.objects.filter(
            requested_by_id=ctx.membership.user_id,
            collectivite=ctx.collectivite,
            document__deleted_at__isnull=True,
            document__workspace__in=visible_workspaces(ctx),
            reviews__decision=Review.Decision.PENDING,
        )
        .distinct()
        .select_related("document__collectivite")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer"))
        )
        .order_by("due_on", "created_at")
    )
    return [AskedReview(request, request.due_on < today) for request in requests]
