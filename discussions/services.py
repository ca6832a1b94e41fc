"""Writing in a discussion, resolving it, asking for and giving reviews.

Every function takes people the view already checked; the people it names
(mentions, reviewers) are checked here against who may see the document or
the agenda point that the discussion is about.
"""

import logging
from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from discussions.access import Subject, collectivite_id_of, people_who_see
from discussions.models import (
    Comment,
    CommentRevision,
    Mention,
    Review,
    ReviewRequest,
    Thread,
)
from documents.models import Document, Version
from journal.services import record
from notifications.models import Notification
from notifications.services import notify
from seances.models import AgendaItem
from search.indexing import index_comment

logger = logging.getLogger(__name__)


def start_thread(
    *,
    author: User,
    body: str,
    document: Document | None = None,
    agenda_item: AgendaItem | None = None,
    version: Version | None = None,
    mentioned: Iterable[User] = (),
) -> Thread:
    """Open a discussion on a document (on one of its versions, if given) or
    on an agenda point: exactly one of the two."""
    subject: Subject | None = document or agenda_item
    if subject is None or (document is not None and agenda_item is not None):
        raise ValueError("a thread hangs on a document or on an agenda point")
    if version is not None and (document is None or version.document_id != document.pk):
        raise ValidationError("Cette version n'est pas celle de ce document.")
    with transaction.atomic():
        thread = Thread.objects.create(
            collectivite_id=collectivite_id_of(subject),
            document=document,
            agenda_item=agenda_item,
            version=version,
            created_by=author,
        )
        comment = Comment.objects.create(thread=thread, author=author, body=body)
        _mention(comment, subject, mentioned)
        index_comment(comment)
    logger.info(
        "thread started thread=%s document=%s agenda_item=%s",
        thread.pk,
        thread.document_id,
        thread.agenda_item_id,
    )
    return thread


def reply(
    *, thread: Thread, author: User, body: str, mentioned: Iterable[User] = ()
) -> Comment:
    """Answer a discussion; those who wrote in it before are told."""
    subject = thread.subject
    with transaction.atomic():
        comment = Comment.objects.create(thread=thread, author=author, body=body)
        named = _mention(comment, subject, mentioned)
        index_comment(comment)
        writers = User.objects.filter(
            pk__in=thread.comments.values("author_id")
        ).exclude(pk__in=[user.pk for user in named])
        allowed = {user.pk for user in people_who_see(subject)}
        _tell(
            Notification.Kind.REPLY,
            recipients=[user for user in writers if user.pk in allowed],
            subject=subject,
            actor=author,
            anchor=f"commentaire-{comment.pk}",
        )
    return comment


def edit_comment(
    *, comment: Comment, author: User, body: str, mentioned: Iterable[User] = ()
) -> Comment:
    """Change one's own comment; the earlier wording is kept and shown."""
    if comment.author_id != author.pk:
        raise ValidationError("Seul l'auteur d'un commentaire peut le modifier.")
    subject = comment.thread.subject
    with transaction.atomic():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.body == body:
            _mention(locked, subject, mentioned)
            return locked
        CommentRevision.objects.create(
            comment=locked,
            body=locked.body,
            written_at=locked.edited_at or locked.created_at,
        )
        locked.body = body
        locked.edited_at = timezone.now()
        locked.save(update_fields=["body", "edited_at", "updated_at"])
        _mention(locked, subject, mentioned)
        index_comment(locked)
    return locked


def set_thread_resolved(*, thread: Thread, by: User, resolved: bool) -> Thread:
    """Mark a discussion resolved, or reopen it."""
    with transaction.atomic():
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.is_resolved == resolved:
            return locked
        locked.resolved_at = timezone.now() if resolved else None
        locked.resolved_by = by if resolved else None
        locked.save(update_fields=["resolved_at", "resolved_by", "updated_at"])
        record(
            "discussion.resolved" if resolved else "discussion.reopened",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            **_about(locked),
        )
    return locked


def request_review(
    *,
    document: Document,
    by: User,
    reviewers: Iterable[User],
    due_on: date,
    message: str = "",
) -> ReviewRequest:
    """Ask people who see the document to review its current version."""
    if due_on < timezone.localdate():
        raise ValidationError(
            "La date de retour ne peut pas être dans le passé.", code="past"
        )
    allowed = {user.pk: user for user in people_who_see(document)}
    chosen = [allowed[user.pk] for user in reviewers if user.pk in allowed]
    chosen = list({user.pk: user for user in chosen if user != by}.values())
    if not chosen:
        raise ValidationError(
            "Choisissez au moins une personne qui peut voir ce document.",
            code="no_reviewer",
        )
    with transaction.atomic():
        review_request = ReviewRequest.objects.create(
            collectivite_id=document.collectivite_id,
            document=document,
            version=document.current_version,
            requested_by=by,
            due_on=due_on,
            message=message,
        )
        Review.objects.bulk_create(
            Review(request=review_request, reviewer=user) for user in chosen
        )
        record(
            "review.requested",
            collectivite=document.collectivite,
            actor=by,
            target=review_request,
            document=str(document.pk),
            due_on=due_on.isoformat(),
            reviewers=[str(user.pk) for user in chosen],
        )
        notify(
            Notification.Kind.REVIEW_REQUESTED,
            recipients=chosen,
            document=document,
            actor=by,
            anchor=f"relecture-{review_request.pk}",
        )
    return review_request


def answer_review(
    *, review: Review, by: User, decision: str, comment: str = ""
) -> Review:
    """Give one's answer to a review request, once."""
    if decision not in {Review.Decision.APPROVED, Review.Decision.CHANGES}:
        raise ValidationError("Choisissez « approuvé » ou « modifications demandées ».")
    with transaction.atomic():
        locked = (
            Review.objects.select_for_update(of=("self",))
            .select_related("request__document__collectivite")
            .get(pk=review.pk)
        )
        if locked.reviewer_id != by.pk:
            raise ValidationError("Cette relecture a été demandée à quelqu'un d'autre.")
        if not locked.is_pending:
            raise ValidationError("Vous avez déjà rendu cette relecture.")
        locked.decision = decision
        locked.comment = comment
        locked.answered_at = timezone.now()
        locked.save(update_fields=["decision", "comment", "answered_at", "updated_at"])
        document = locked.request.document
        record(
            "review.answered",
            collectivite=document.collectivite,
            actor=by,
            target=locked.request,
            document=str(document.pk),
            decision=decision,
        )
        requester = locked.request.requested_by
        if requester.pk in {user.pk for user in people_who_see(document)}:
            notify(
                Notification.Kind.REVIEW_ANSWERED,
                recipients=[requester],
                document=document,
                actor=by,
                anchor=f"relecture-{locked.request_id}",
            )
    return locked


def send_review_reminders(today: date | None = None) -> int:
    """Remind every reviewer whose answer is due tomorrow, once; the number
    of reminders."""
    tomorrow = (today or timezone.localdate()) + timedelta(days=1)
    sent = 0
    due = Review.objects.filter(
        decision=Review.Decision.PENDING,
        reminded_at__isnull=True,
        request__due_on=tomorrow,
        request__document__deleted_at__isnull=True,
    ).values_list("pk", flat=True)
    for review_id in due:
        with transaction.atomic():
            review = (
                Review.objects.select_for_update(of=("self",))
                .select_related("request__document", "reviewer")
                .filter(pk=review_id, reminded_at__isnull=True)
                .first()
            )
            if review is None:
                continue
            review.reminded_at = timezone.now()
            review.save(update_fields=["reminded_at", "updated_at"])
            document = review.request.document
            if review.reviewer in people_who_see(document):
                notify(
                    Notification.Kind.REVIEW_DUE,
                    recipients=[review.reviewer],
                    document=document,
                    actor=None,
                    anchor=f"relecture-{review.request_id}",
                )
                sent += 1
    logger.info("review reminders sent=%s", sent)
    return sent


def _mention(comment: Comment, subject: Subject, chosen: Iterable[User]) -> list[User]:
    """Link the people chosen or named ``@Prénom Nom`` in the text, among
    those who see the document or the point, and tell those newly named."""
    visible = people_who_see(subject)
    by_pk = {user.pk: user for user in visible}
    text = comment.body.casefold()
    named = {user.pk: by_pk[user.pk] for user in chosen if user.pk in by_pk}
    for user in visible:
        if user.full_name and f"@{user.full_name}".casefold() in text:
            named[user.pk] = user
    already = set(comment.mentions.values_list("user_id", flat=True))
    new = [user for pk, user in named.items() if pk not in already]
    Mention.objects.bulk_create(Mention(comment=comment, user=user) for user in new)
    _tell(
        Notification.Kind.MENTION,
        recipients=new,
        subject=subject,
        actor=comment.author,
        anchor=f"commentaire-{comment.pk}",
    )
    return list(named.values())


def _tell(
    kind: Notification.Kind,
    *,
    recipients: list[User],
    subject: Subject,
    actor: User,
    anchor: str,
) -> None:
    if isinstance(subject, Document):
        notify(
            kind, recipients=recipients, document=subject, actor=actor, anchor=anchor
        )
    else:
        notify(
            kind, recipients=recipients, agenda_item=subject, actor=actor, anchor=anchor
        )


def _about(thread: Thread) -> dict[str, str]:
    """What the journal says a thread is about."""
    if thread.agenda_item_id is not None:
        return {"agenda_item": str(thread.agenda_item_id)}
    return {"document": str(thread.document_id)}
