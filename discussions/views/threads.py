import re
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from collectivites.access import ctx_of, require
from discussions.access import (
    document_of,
    get_comment_for,
    get_thread_for,
    people_who_see,
)
from discussions.forms import CommentForm, ThreadForm
from discussions.services import edit_comment, reply, set_thread_resolved, start_thread
from documents.views.documents import get_document_for
from domain import access

FORM_ID = re.compile(r"^[a-z0-9-]{1,40}$")


def new_thread(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    document = get_document_for(ctx, document_id)
    require(access.can_discuss_document(ctx.actor, document.workspace_id))
    people = people_who_see(document) if request.method == "POST" else []
    form = ThreadForm(request.POST or None, document=document, people=people)
    if request.method == "POST" and form.is_valid():
        thread = start_thread(
            document=document,
            author=request.user,  # type: ignore[arg-type]
            body=form.cleaned_data["body"],
            version=form.cleaned_data["version"],
            mentioned=form.mentioned(),
        )
        return redirect(thread)
    return render(
        request,
        "discussions/new_thread.html",
        {"document": document, "form": form, "form_id": "nouvelle"},
    )


def reply_to_thread(
    request: HttpRequest, collectivite: str, thread_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    thread = get_thread_for(ctx, thread_id)
    document = document_of(thread)
    people = people_who_see(document) if request.method == "POST" else []
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
            "document": document,
            "form": form,
            "form_id": "reponse",
        },
    )


def edit(request: HttpRequest, collectivite: str, comment_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    comment = get_comment_for(ctx, comment_id)
    document = document_of(comment.thread)
    require(
        access.can_edit_comment(
            ctx.actor,
            document.workspace_id,
            is_author=comment.author_id == request.user.pk,
        )
    )
    people = people_who_see(document) if request.method == "POST" else []
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
        {"comment": comment, "document": document, "form": form, "form_id": "modif"},
    )


def history(request: HttpRequest, collectivite: str, comment_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    comment = get_comment_for(ctx, comment_id)
    return render(
        request,
        "discussions/history.html",
        {
            "comment": comment,
            "document": comment.thread.document,
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
    require(
        access.can_resolve_thread(
            ctx.actor,
            document_of(thread).workspace_id,
            opened_it=thread.created_by_id == request.user.pk,
        )
    )
    set_thread_resolved(thread=thread, by=request.user, resolved=resolved)  # type: ignore[arg-type]
    return redirect(thread)


def mention_candidates(
    request: HttpRequest, collectivite: str, document_id: UUID
) -> HttpResponse:
    """The completion list of people who may be mentioned: only those who
    see the document, searched by first or last name."""
    ctx = ctx_of(request)
    document = get_document_for(ctx, document_id)
    require(access.can_discuss_document(ctx.actor, document.workspace_id))
    search = request.GET.get("q", "").strip()[:60]
    form_id = request.GET.get("form", "")
    context = {
        "document": document,
        "search": search,
        "form_id": form_id if FORM_ID.match(form_id) else "liste",
        "people": people_who_see(document, search)[:10] if len(search) >= 2 else [],
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "discussions/mention_results.html", context)
    return render(request, "discussions/mention_candidates.html", context)
