"""Who takes part in the discussion of a document; fetching with checks.

Decisions come from ``domain.access``; a refusal is a 404.
"""

from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from collectivites.access import Context
from collectivites.models import Membership, WorkspaceMember
from discussions.models import Comment, Review, Thread
from documents.models import Document
from domain import access
from domain.access import Actor
from domain.roles import Role, Status


def actors_of(memberships: QuerySet[Membership]) -> list[tuple[Membership, Actor]]:
    """The actor of each membership, in two queries whatever their number."""
    today = timezone.localdate()
    links = Prefetch(
        "workspace_memberships",
        queryset=WorkspaceMember.objects.only(
            "membership_id", "workspace_id", "is_manager"
        ),
        to_attr="links",
    )
    result: list[tuple[Membership, Actor]] = []
    for membership in memberships.select_related("user").prefetch_related(links):
        result.append(
            (
                membership,
                Actor(
                    status=Status(membership.status),
                    role=Role(membership.role),
                    in_office=membership.is_current(today),
                    is_admin=membership.is_admin,
                    workspace_ids=frozenset(
                        link.workspace_id for link in membership.links
                    ),
                    managed_workspace_ids=frozenset(
                        link.workspace_id
                        for link in membership.links
                        if link.is_manager
                    ),
                ),
            )
        )
    return result


def people_who_see(document: Document, search: str = "") -> list[User]:
    """The people in office who may see ``document``: the only ones who may
    be mentioned in its discussion or asked to review it."""
    memberships = Membership.objects.current().filter(
        collectivite_id=document.collectivite_id, user__is_active=True
    )
    for word in search.split()[:3]:
        memberships = memberships.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
        )
    people = [
        membership.user
        for membership, actor in actors_of(memberships)
        if access.can_discuss_document(actor, document.workspace_id)
    ]
    return sorted(people, key=lambda user: (user.last_name, user.first_name))


def sees_document(user: User, document: Document) -> bool:
    """Whether ``user`` may see ``document`` today (two queries)."""
    memberships = Membership.objects.current().filter(
        user=user, collectivite_id=document.collectivite_id
    )
    return any(
        access.can_discuss_document(actor, document.workspace_id)
        for _, actor in actors_of(memberships)
    )


def get_thread_for(ctx: Context, thread_id: UUID) -> Thread:
    thread = (
        Thread.objects.select_related("document__collectivite", "document__workspace")
        .filter(
            collectivite=ctx.collectivite,
            id=thread_id,
            document__deleted_at__isnull=True,
        )
        .first()
    )
    if thread is None or not access.can_discuss_document(
        ctx.actor, document_of(thread).workspace_id
    ):
        raise Http404
    return thread


def document_of(thread: Thread) -> Document:
    """The document a thread hangs on; a thread without one (on an agenda
    point, to come) is not reached through a document's pages: 404."""
    if thread.document is None:
        raise Http404
    return thread.document


def get_comment_for(ctx: Context, comment_id: UUID) -> Comment:
    comment = (
        Comment.objects.select_related(
            "author",
            "thread__collectivite",
            "thread__document__collectivite",
            "thread__document__workspace",
        )
        .filter(
            thread__collectivite=ctx.collectivite,
            id=comment_id,
            thread__document__deleted_at__isnull=True,
        )
        .first()
    )
    if comment is None or not access.can_discuss_document(
        ctx.actor, document_of(comment.thread).workspace_id
    ):
        raise Http404
    return comment


def get_review_for(ctx: Context, review_id: UUID) -> Review:
    """A review the actor was asked for, on a document they still see."""
    review = (
        Review.objects.select_related(
            "request__document__collectivite", "request__document__workspace"
        )
        .filter(
            request__collectivite=ctx.collectivite,
            id=review_id,
            request__document__deleted_at__isnull=True,
        )
        .first()
    )
    if review is None or not access.can_answer_review(
        ctx.actor,
        review.request.document.workspace_id,
        is_reviewer=review.reviewer_id == ctx.membership.user_id,
    ):
        raise Http404
    return review
