"""A point's draft délibération: writing, comparing, review and validation."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from collectivites.access import ctx_of, require
from domain import access
from domain.actes import DRAFT_TEMPLATES, proces_verbal_approval_draft
from seances.access import get_point_for
from seances.forms import ChangesForm, DecisionForm, DraftForm
from seances.models import AgendaItem, DraftRevision
from seances.views.common import acting, add_errors, refusal
from seances.workflow import (
    DRAFT_FIELDS,
    DraftConflict,
    approve,
    ask_changes,
    compare,
    request_review,
    save_draft,
    validate,
)


def draft_edit(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    correction = access.can_correct_convened_point(ctx.actor, facts)
    require(
        item.is_deliberation and (access.can_edit_draft(ctx.actor, facts) or correction)
    )
    latest = item.revisions.order_by("-number").first()

    form = DraftForm(request.POST or None, initial=_initial(item, latest, request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            save_draft(
                item,
                by=acting(request),
                based_on=data["based_on"],
                **{name: data[name] for name in DRAFT_FIELDS},
            )
        except DraftConflict as conflict:
            return _conflict(request, item, form, conflict.latest)
        except ValidationError as error:
            add_errors(form, error)
        else:
            told = " Les convoqués en seront avertis." if correction else ""
            messages.success(request, f"Le projet est enregistré.{told}")
            return redirect(item)
    return render(
        request,
        "seances/draft_form.html",
        {
            "form": form,
            "item": item,
            "correction": correction,
            "templates": DRAFT_TEMPLATES if latest is None else {},
        },
    )


def _initial(
    item: AgendaItem, latest: DraftRevision | None, request: HttpRequest
) -> dict[str, object]:
    """The latest revision, or a starting template chosen on an empty draft."""
    if latest is not None:
        return {"based_on": item.draft_revision} | {
            name: getattr(latest, name) for name in DRAFT_FIELDS
        }
    template = DRAFT_TEMPLATES.get(request.GET.get("modele", ""))
    if template is None:
        started: dict[str, object] = {"based_on": 0}
        return started | _approval_text(item)
    return {
        "based_on": 0,
        "nature": template.nature,
        "matiere": template.matiere,
        "visas": "\n".join(template.visas),
        "considerants": "\n".join(template.considerants),
        "articles": "\n".join(template.articles),
    }


def _approval_text(item: AgendaItem) -> dict[str, str]:
    """The standard text of a point that approves a procès-verbal, put on
    the agenda by the minutes without a draft (``minutes.services``)."""
    proces_verbal = getattr(item, "approves_proces_verbal", None)
    if proces_verbal is None:
        return {}
    day = date_format(proces_verbal.seance.local_start, "j F Y")
    return proces_verbal_approval_draft(day)


def _conflict(
    request: HttpRequest, item: AgendaItem, form: DraftForm, latest: DraftRevision
) -> HttpResponse:
    """Both texts side by side; the typed one stays in the form, now based
    on the latest revision, so that saving it again is a choice made knowingly."""
    typed = {name: form.cleaned_data[name] for name in DRAFT_FIELDS}
    data = request.POST.copy()
    data["based_on"] = str(latest.number)
    retry = DraftForm(data)
    retry.is_valid()
    return render(
        request,
        "seances/draft_conflict.html",
        {
            "item": item,
            "latest": latest,
            "typed": DraftRevision(item=item, number=0, **typed),
            "form": retry,
        },
        status=409,
    )


def draft_compare(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, _ = get_point_for(ctx, item_id)
    revisions = list(item.revisions.select_related("author").order_by("number"))
    by_number = {revision.number: revision for revision in revisions}
    new = by_number.get(_number(request, "b", len(revisions)))
    old = by_number.get(_number(request, "a", len(revisions) - 1))
    return render(
        request,
        "seances/draft_compare.html",
        {
            "item": item,
            "revisions": revisions,
            "old": old,
            "new": new,
            "diff": compare(old, new) if new is not None else [],
        },
    )


def _number(request: HttpRequest, key: str, default: int) -> int:
    try:
        return int(request.GET.get(key, default))
    except ValueError:
        return default


@require_POST
def review_request(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(access.can_request_point_review(ctx.actor, facts))
    return _decide(
        request,
        item,
        DecisionForm(request.POST),
        lambda revision, _: request_review(item, by=acting(request), revision=revision),
        "La relecture est demandée au rapporteur.",
    )


@require_POST
def review_approve(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(access.can_review_point(ctx.actor, facts))
    return _decide(
        request,
        item,
        DecisionForm(request.POST),
        lambda revision, _: approve(item, by=acting(request), revision=revision),
        "Vous avez approuvé le projet : il attend la validation du maire.",
    )


@require_POST
def review_changes(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(access.can_review_point(ctx.actor, facts))
    return _decide(
        request,
        item,
        ChangesForm(request.POST),
        lambda revision, data: ask_changes(
            item, by=acting(request), message=data["message"], revision=revision
        ),
        "Le projet est renvoyé à ses rédacteurs.",
    )


@require_POST
def point_validate(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(access.can_validate_point(ctx.actor, facts))
    return _decide(
        request,
        item,
        DecisionForm(request.POST),
        lambda revision, _: validate(item, by=acting(request), revision=revision),
        "Le point est validé : il pourra être convoqué.",
    )


Decision = Callable[[int, dict[str, Any]], object]


def _decide(
    request: HttpRequest,
    item: AgendaItem,
    form: DecisionForm,
    step: Decision,
    done: str,
) -> HttpResponse:
    """Take a decision on the version of the draft the page showed; when
    a newer one was saved since, say so and show it (409), like two saves
    of the draft at once (``_conflict``)."""
    if not form.is_valid():
        messages.error(
            request, " ".join(m for errors in form.errors.values() for m in errors)
        )
        return redirect(item)
    revision = form.cleaned_data["revision"]
    try:
        step(revision, form.cleaned_data)
    except DraftConflict as conflict:
        return _decision_conflict(request, item, form, conflict.latest)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, done)
    return redirect(item)


def _decision_conflict(
    request: HttpRequest, item: AgendaItem, form: DecisionForm, latest: DraftRevision
) -> HttpResponse:
    """Nothing decided: the newer version to read first, and the words of
    a request for changes kept, to send again on that version knowingly."""
    retry = None
    if isinstance(form, ChangesForm):
        retry = ChangesForm(
            initial={"message": form.cleaned_data["message"], "revision": latest.number}
        )
    return render(
        request,
        "seances/decision_conflict.html",
        {
            "item": item,
            "shown": form.cleaned_data["revision"],
            "latest": latest,
            "changes_form": retry,
        },
        status=409,
    )
