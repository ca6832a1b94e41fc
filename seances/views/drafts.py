"""A point's draft délibération: writing, comparing, review and validation."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from collectivites.access import ctx_of, require
from domain import access
from domain.actes import DRAFT_TEMPLATES
from seances.access import get_point_for
from seances.forms import ChangesForm, DraftForm
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
        return {"based_on": 0}
    return {
        "based_on": 0,
        "nature": template.nature,
        "matiere": template.matiere,
        "visas": "\n".join(template.visas),
        "considerants": "\n".join(template.considerants),
        "articles": "\n".join(template.articles),
    }


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
    return _run(
        request,
        item,
        lambda: request_review(item, by=acting(request)),
        "La relecture est demandée au rapporteur.",
    )


@require_POST
def review_approve(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(access.can_review_point(ctx.actor, facts))
    return _run(
        request,
        item,
        lambda: approve(item, by=acting(request)),
        "Vous avez approuvé le projet : il attend la validation du maire.",
    )


@require_POST
def review_changes(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(access.can_review_point(ctx.actor, facts))
    form = ChangesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Dites ce qu'il faut changer.")
        return redirect(item)
    message = form.cleaned_data["message"]
    return _run(
        request,
        item,
        lambda: ask_changes(item, by=acting(request), message=message),
        "Le projet est renvoyé à ses rédacteurs.",
    )


@require_POST
def point_validate(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(access.can_validate_point(ctx.actor, facts))
    return _run(
        request,
        item,
        lambda: validate(item, by=acting(request)),
        "Le point est validé : il pourra être convoqué.",
    )


def _run(
    request: HttpRequest, item: AgendaItem, step: object, done: str
) -> HttpResponse:
    try:
        step()  # type: ignore[operator]
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, done)
    return redirect(item)
