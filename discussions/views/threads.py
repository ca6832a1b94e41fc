"""The pages of a discussion, on a document or on an agenda point: the same
views and templates for both, the subject deciding who takes part."""

import re
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from collectivites.access import Context, ctx_of, require
from discussions.access import (
    Subject,
    can_discuss,
    can_edit_comment,
    can_resolve_thread,
    get_comment_for,
    get_thread_for,
    people_who_see,
)
from discussions.forms import CommentForm, ThreadForm
from discussions.panel import discussion_urls
from discussions.services import edit_comment, reply, set_thread_resolved, start_thread
from documents.models import Document
from documents.views.documents import get_document_for
from seances.access import get_point_for
from seances.models import AgendaItem

FORM_ID = re.compile(r"^[a-z0-9-]{1,40}$")


def new_thread(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    return _new_thread(request, ctx, get_document_for(ctx, document_id))


def new_point_thread(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, _ = get_point_for(ctx, item_id)
    return _new_thread(request, ctx, item)


def _new_thread(request: HttpRequest, ctx: Context, subject: Subject) -> HttpResponse:
    require(can_discuss(ctx, subject))
    document = subject if isinstance(subject, Document) else None
    item = subject if isinstance(subject, AgendaItem) else None

    people = people_who_see(subject) if request.method == "POST" else []
    form = ThreadForm(request.POST or None, document=document, people=people)
    if request.method == "POST" and form.is_valid():
        thread = start_thread(
            document=document,
            agenda_item=item,
            author=request.user,  # type: ignore[arg-type]
            body=form.cleaned_data["body"],
            version=form.cleaned_data.get("version"),
            mentioned=form.mentioned(),
        )
        return redirect(thread)
    return render(
        request,
        "discussions/new_thread.html",
        {
            "subject": subject,
            "form": form,
            "form_id": "nouvelle",
            **discussion_urls(subject),
        },
    )


def reply_to_thread(
    request: HttpRequest, collectivite: str, thread_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    thread = get_thread_for(ctx, thread_id)
    subject = thread.subject

    people = people_who_see(subject) if request.method == "POST" else []
    form = CommentForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        comment = reply(
            thread=thread,
            author=request.user,  # type: ignore[arg-type]
            body=form.cleaned_data["body"],
            mentioned=form.mentioned(),
        )
        return redirect(comment)
    opening = thread.comments.select_related("author").first()
    return render(
        request,
        "discussions/reply.html",
        {
            "thread": thread,
            "opening": opening,
            "subject": subject,
            "form": form,
            "form_id": "reponse",
            **discussion_urls(subject),
        },
    )


def edit(request: HttpRequest, collectivite: str, comment_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    comment = get_comment_for(ctx, comment_id)
    subject = comment.thread.subject
    require(can_edit_comment(ctx, subject, comment))

    people = people_who_see(subject) if request.method == "POST" else []
    form = CommentForm(
        request.POST or None, people=people, initial={"body": comment.body}
    )
    if request.method == "POST" and form.is_valid():
        edit_comment(
            comment=comment,
            author=request.user,  # type: ignore[arg-type]
            body=form.cleaned_data["body"],
            mentioned=form.mentioned(),
        )
        return redirect(comment)
    return render(
        request,
        "discussions/edit.html",
        {
            "comment": comment,
            "subject": subject,
            "form": form,
            "form_id": "modif",
            **discussion_urls(subject),
        },
    )


def history(request: HttpRequest, collectivite: str, comment_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    comment = get_comment_for(ctx, comment_id)
    return render(
        request,
        "discussions/history.html",
        {
            "comment": comment,
            "subject": comment.thread.subject,
            "revisions": comment.revisions.order_by("-written_at"),
        },
    )


@require_POST
def resolve(request: HttpRequest, collectivite: str, thread_id: UUID) -> HttpResponse:
    return _set_resolved(request, thread_id, resolved=True)


@require_POST
def reopen(request: HttpRequest, collectivite: str, thread_id: UUID) -> HttpResponse:
    return _set_resolved(request, thread_id, resolved=False)


def _set_resolved(
    request: HttpRequest, thread_id: UUID, *, resolved: bool
) -> HttpResponse:
    ctx = ctx_of(request)
    thread = get_thread_for(ctx, thread_id)
    require(can_resolve_thread(ctx, thread.subject, thread))

    set_thread_resolved(thread=thread, by=request.user, resolved=resolved)  # type: ignore[arg-type]
    return redirect(thread)


def mention_candidates(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    return _mention_candidates(request, ctx, get_document_for(ctx, document_id))


def point_mention_candidates(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, _ = get_point_for(ctx, item_id)
    return _mention_candidates(request, ctx, item)


def _mention_candidates(
    request: HttpRequest, ctx: Context, subject: Subject
) -> HttpResponse:
    """The completion list of people who may be mentioned: only those who
    see the document or the point, searched by first or last name."""
    require(can_discuss(ctx, subject))

    search = request.GET.get("q", "").strip()[:60]
    form_id = request.GET.get("form", "")
    context = {
        "subject": subject,
        "search": search,
        "form_id": form_id if FORM_ID.match(form_id) else "liste",
        "people": people_who_see(subject, search)[:10] if len(search) >= 2 else [],
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "discussions/mention_results.html", context)
    return render(request, "discussions/mention_candidates.html", context)
