"""Who takes part in a discussion, on a document or on an agenda point;
fetching with checks.

Decisions come from ``domain.access``: the discussion of a document follows
its workspace (``can_discuss_document``), the discussion of a point follows
the point itself (``can_see_seances`` and ``can_see_point``), whatever its
séance's state. A refusal is a 404.
"""

from collections.abc import Callable
from uuid import UUID

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from collectivites.access import Context
from collectivites.interims import held_tasks
from collectivites.models import Membership, WorkspaceMember
from discussions.models import Comment, Review, Thread
from documents.models import Document
from domain import access
from domain.access import Actor
from domain.roles import Role, Status
from seances.access import sees_point
from seances.models import AgendaItem

# What a discussion hangs on.
Subject = Document | AgendaItem


def actors_of(memberships: QuerySet[Membership]) -> list[tuple[Membership, Actor]]:
    """The actor of each membership, in three queries whatever their number."""
    today = timezone.localdate()
    links = Prefetch(
        "workspace_memberships",
        queryset=WorkspaceMember.objects.only(
            "membership_id", "workspace_id", "is_manager"
        ),
        to_attr="links",
    )
    result: list[tuple[Membership, Actor]] = []
    loaded = list(memberships.select_related("user").prefetch_related(links))
    held = held_tasks([membership.pk for membership in loaded], today)
    for membership in loaded:
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
                    held=held.get(membership.pk, frozenset()),
                ),
            )
        )
    return result


def collectivite_id_of(subject: Subject) -> UUID:
    if isinstance(subject, Document):
        return subject.collectivite_id
    return subject.seance.collectivite_id


def people_who_see(subject: Subject, search: str = "") -> list[User]:
    """The people in office who may see ``subject`` (a document or an agenda
    point): the only ones who may be mentioned in its discussion or, for a
    document, asked to review it."""
    memberships = Membership.objects.current().filter(
        collectivite_id=collectivite_id_of(subject), user__is_active=True
    )
    for word in search.split()[:3]:
        memberships = memberships.filter(
            Q(user__first_name__icontains=word) | Q(user__last_name__icontains=word)
        )
    sees = _rule_of(subject)
    people = [
        membership.user
        for membership, actor in actors_of(memberships)
        if sees(membership, actor)
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


def can_discuss(ctx: Context, subject: Subject) -> bool:
    """Whoever sees a document or an agenda point reads its discussion and
    writes in it. A point's agents are expected prefetched."""
    if isinstance(subject, Document):
        return access.can_discuss_document(ctx.actor, subject.workspace_id)
    return sees_point(ctx, subject)


def can_edit_comment(ctx: Context, subject: Subject, comment: Comment) -> bool:
    """A comment is changed by its author alone, while they still see what
    it is about."""
    is_author = comment.author_id == ctx.membership.user_id
    if isinstance(subject, Document):
        return access.can_edit_comment(
            ctx.actor, subject.workspace_id, is_author=is_author
        )
    return is_author and sees_point(ctx, subject)


def can_resolve_thread(ctx: Context, subject: Subject, thread: Thread) -> bool:
    """A thread is resolved, or reopened, by whoever opened it and by those
    who answer for what it is about: on a document, the managers of its
    workspace; on a point, those who prepare the séances (maire, secrétaire,
    DGS, administrators) and the point's rapporteur, to whom the council's
    questions are put. Always among those who see it."""
    opened_it = thread.created_by_id == ctx.membership.user_id
    if isinstance(subject, Document):
        return access.can_resolve_thread(
            ctx.actor, subject.workspace_id, opened_it=opened_it
        )
    answers_for_it = (
        access.can_manage_seances(ctx.actor)
        or subject.rapporteur_id == ctx.membership.pk
    )
    return sees_point(ctx, subject) and (opened_it or answers_for_it)


def _rule_of(subject: Subject) -> Callable[[Membership, Actor], bool]:
    """Whether one member, with their actor, sees ``subject``."""
    if isinstance(subject, Document):
        workspace_id = subject.workspace_id
        return lambda _, actor: access.can_discuss_document(actor, workspace_id)
    # Fetched again with what the rule reads, so that it costs the same
    # whatever the number of members.
    item = (
        AgendaItem.objects.select_related("seance__collectivite")
        .prefetch_related("agents")
        .get(pk=subject.pk)
    )
    collectivite = item.seance.collectivite
    return lambda membership, actor: sees_point(
        Context(collectivite, membership, actor), item
    )


# What a thread's subject, its rule and its address read.
_SUBJECT = (
    "document__collectivite",
    "document__workspace",
    "agenda_item__seance__collectivite",
    "agenda_item__seance__workspace",
)


def get_thread_for(ctx: Context, thread_id: UUID) -> Thread:
    thread = (
        Thread.objects.select_related(*_SUBJECT)
        .prefetch_related("agenda_item__agents")
        .filter(collectivite=ctx.collectivite, id=thread_id)
        # A thread on a point has no document: the condition holds for it.
        .filter(document__deleted_at__isnull=True)
        .first()
    )
    if thread is None or not can_discuss(ctx, thread.subject):
        raise Http404
    return thread


def get_comment_for(ctx: Context, comment_id: UUID) -> Comment:
    comment = (
        Comment.objects.select_related(
            "author", *(f"thread__{path}" for path in _SUBJECT)
        )
        .prefetch_related("thread__agenda_item__agents")
        .filter(thread__collectivite=ctx.collectivite, id=comment_id)
        .filter(thread__document__deleted_at__isnull=True)
        .first()
    )
    if comment is None or not can_discuss(ctx, comment.thread.subject):
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
