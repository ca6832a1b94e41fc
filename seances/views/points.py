"""The points of an agenda: adding, page, change, order, withdrawal, annexes."""

from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from collectivites.access import ctx_of, require, visible_workspaces
from documents.models import Document
from documents.views.documents import attachment
from domain import access
from seances.access import get_managed_point_for, get_managed_seance_for, get_point_for
from seances.agenda import number_of
from seances.forms import AnnexForm, ChangesForm, ItemForm
from seances.models import AgendaItem
from seances.services import add_item, change_item, move_item, set_outcome
from seances.views.common import acting, add_errors, refusal
from seances.workflow import link_annex


def point_create(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    seance = get_managed_seance_for(ctx, seance_id)
    require(not seance.is_convened)

    may_choose = access.can_choose_validator(ctx.actor)
    form = ItemForm(ctx, seance, request.POST or None, may_choose_validator=may_choose)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = add_item(
                seance,
                by=acting(request),
                title=data["title"],
                kind=data["kind"],
                parent=data["parent"],
                rapporteur=data["rapporteur"],
                validator=data["validator"] if may_choose else None,
                huis_clos=data["huis_clos"],
                concerns_icpe=data["concerns_icpe"],
                agents=list(data["agents"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Le point est ajouté à l'ordre du jour.")
            return redirect(item)
    return render(
        request,
        "seances/point_form.html",
        {"form": form, "seance": seance, "item": None},
    )


def point_detail(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    revision = item.revisions.select_related("author").order_by("-number").first()
    return render(
        request,
        "seances/point.html",
        {
            "item": item,
            "seance": item.seance,
            "number": number_of(item),
            "revision": revision,
            "annexes": item.annexes.select_related("document", "version"),
            "can_manage": access.can_manage_seances(ctx.actor)
            and not item.seance.is_convened,
            "can_edit_draft": item.is_deliberation
            and access.can_edit_draft(ctx.actor, facts),
            "can_request_review": access.can_request_point_review(ctx.actor, facts),
            "can_review": access.can_review_point(ctx.actor, facts),
            "can_validate": access.can_validate_point(ctx.actor, facts),
            "can_add_annex": access.can_add_annex(ctx.actor, facts),
            "can_withdraw": access.can_manage_seances(ctx.actor) and not facts.closed,
            "changes_form": ChangesForm(),
            "outcomes": AgendaItem.Outcome,
        },
    )


def point_edit(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item, _ = get_managed_point_for(ctx, item_id)
    require(not item.seance.is_convened)

    may_choose = access.can_choose_validator(ctx.actor)
    initial = {
        "title": item.title,
        "kind": item.kind,
        "rapporteur": item.rapporteur,
        "validator": item.validator,
        "agents": list(item.agents.all()),
        "huis_clos": item.huis_clos,
        "concerns_icpe": item.concerns_icpe,
    }
    form = ItemForm(
        ctx,
        item.seance,
        request.POST or None,
        initial=initial,
        item=item,
        may_choose_validator=may_choose,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            change_item(
                item,
                by=acting(request),
                title=data["title"],
                kind=data["kind"],
                rapporteur=data["rapporteur"],
                validator=data["validator"] if may_choose else item.validator,
                huis_clos=data["huis_clos"],
                concerns_icpe=data["concerns_icpe"],
                agents=list(data["agents"]),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Le point est modifié.")
            return redirect(item)
    return render(
        request,
        "seances/point_form.html",
        {"form": form, "seance": item.seance, "item": item},
    )


@require_POST
def point_move(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item, _ = get_managed_point_for(ctx, item_id)
    direction = request.POST.get("direction", "")

    try:
        move_item(item, by=acting(request), direction=direction)
    except ValidationError as error:
        messages.error(request, refusal(error))
    url = reverse(
        "seances:detail",
        kwargs={"collectivite": ctx.collectivite.slug, "seance_id": item.seance_id},
    )
    return redirect(f"{url}#point-{item.pk}")


@require_POST
def point_outcome(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, _ = get_managed_point_for(ctx, item_id)
    outcome = request.POST.get("outcome", "")

    try:
        item = set_outcome(item, by=acting(request), outcome=outcome)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, f"Le point est « {item.get_outcome_display()} ».")
    return redirect(item)


def annex_add(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(access.can_add_annex(ctx.actor, facts))

    # Only documents of the spaces the adder sees can be attached.
    # TODO(annex-upload): uploading a file straight onto the point (into a
    # per-séance workspace) is not done yet; annexes come from shared spaces.
    documents = (
        Document.objects.alive()
        .filter(workspace__in=visible_workspaces(ctx), current_version__isnull=False)
        .select_related("workspace")
        .order_by("workspace__name", "title")
    )
    form = AnnexForm(documents, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link_annex(item, by=acting(request), document=form.cleaned_data["document"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "L'annexe est jointe au point.")
            return redirect(item)
    return render(
        request,
        "seances/annex_form.html",
        {"form": form, "item": item, "seance": item.seance},
    )


def annex_download(
    request: HttpRequest, collectivite: str, item_id: UUID, annex_id: UUID
) -> FileResponse:
    """The version of a document kept when it was attached, to whoever sees
    the point: an annex is part of the point's dossier, whatever the rules
    of the space the document comes from."""
    ctx = ctx_of(request)
    item, _ = get_point_for(ctx, item_id)
    annex = item.annexes.select_related("version__blob").filter(id=annex_id).first()
    if annex is None:
        raise Http404
    return attachment(annex.version)
