"""What the discussion and review parts of other pages need, in a fixed
number of queries whatever the number of comments."""

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from collectivites.access import Context, visible_workspaces
from discussions.forms import ThreadForm
from discussions.models import Comment, Mention, Review, ReviewRequest, Thread
from documents.models import Document
from domain import access


def document_discussion(ctx: Context, document: Document) -> dict[str, Any]:
    """The context of ``discussions/document_panel.html`` (five queries)."""
    user_id = ctx.membership.user_id
    comments = Comment.objects.select_related("author").prefetch_related(
        Prefetch("mentions", queryset=Mention.objects.select_related("user"))
    )
    threads = list(
        Thread.objects.filter(document=document)
        .select_related("created_by", "resolved_by", "version")
        .prefetch_related(Prefetch("comments", queryset=comments))
    )
    for thread in threads:
        thread.can_resolve = access.can_resolve_thread(
            ctx.actor, document.workspace_id, opened_it=thread.created_by_id == user_id
        )
        for comment in thread.comments.all():
            comment.can_edit = access.can_edit_comment(
                ctx.actor, document.workspace_id, is_author=comment.author_id == user_id
            )
    requests = list(
        ReviewRequest.objects.filter(document=document)
        .select_related("requested_by", "version")
        .prefetch_related(
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer"))
        )
    )
    return {
        "threads": threads,
        "review_requests": requests,
        "thread_form": ThreadForm(document=document, people=[]),
        "can_request_review": access.can_request_review(
            ctx.actor, document.workspace_id
        ),
        "today": timezone.localdate(),
    }


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
