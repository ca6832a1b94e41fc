"""The points of an agenda: adding, page, change, order, withdrawal, annexes."""

from dataclasses import replace
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from collectivites.access import Context, ctx_of, require, visible_workspaces
from discussions.panel import point_discussion
from documents.models import Document
from documents.views.documents import attachment, sent
from domain import access
from domain.access import PointFacts
from journal.services import record_huis_clos_read
from seances.access import get_managed_point_for, get_managed_seance_for, get_point_for
from seances.agenda import agenda_lines, number_of
from seances.annex_uploads import upload_annex
from seances.confirmations import needs_confirmation, outcome_confirmation
from seances.forms import AnnexForm, AnnexUploadForm, ChangesForm, ItemForm
from seances.models import AgendaItem
from seances.pending import attach_holders
from seances.services import (
    add_item,
    change_item,
    move_item,
    reorder_items,
    set_outcome,
)
from seances.views.common import acting, add_errors, refusal
from seances.workflow import link_annex, missing_for_review, update_annex_version
from web.confirm import confirmation_page, is_confirmed


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
    record_huis_clos_read(
        collectivite=ctx.collectivite,
        actor=request.user,
        items=[item],
        page="point",
    )
    return _point_page(request, ctx, item, facts)


def _point_page(
    request: HttpRequest,
    ctx: Context,
    item: AgendaItem,
    facts: PointFacts,
    *,
    upload_form: AnnexUploadForm | None = None,
) -> HttpResponse:
    """The page of a point; with a refused upload, the form and its errors."""
    revision = item.revisions.select_related("author").order_by("-number").first()
    attach_holders(ctx.collectivite, [item])
    can_add_annex = access.can_add_annex(ctx.actor, facts)
    if upload_form is None and can_add_annex:
        upload_form = AnnexUploadForm()
    return render(
        request,
        "seances/point.html",
        {
            "item": item,
            "seance": item.seance,
            "number": number_of(item),
            "revision": revision,
            "annexes": item.annexes.select_related(
                "document__current_version", "version"
            ),
            "can_update_annex": _may_update_annexes(ctx, facts),
            "can_manage": access.can_manage_seances(ctx.actor)
            and not item.seance.is_convened
            and not facts.set_aside,
            "missing": missing_for_review(item)
            if access.can_see_point(ctx.actor, replace(facts, convened=False))
            and not item.seance.is_convened
            else "",
            "can_edit_draft": item.is_deliberation
            and access.can_edit_draft(ctx.actor, facts),
            "can_correct": item.is_deliberation
            and access.can_correct_convened_point(ctx.actor, facts),
            "can_request_review": access.can_request_point_review(ctx.actor, facts),
            "can_review": access.can_review_point(ctx.actor, facts),
            "can_validate": access.can_validate_point(ctx.actor, facts),
            "can_add_annex": can_add_annex,
            "annex_upload_form": upload_form,
            "can_withdraw": access.can_manage_seances(ctx.actor) and not facts.closed,
            "changes_form": ChangesForm(initial={"revision": item.draft_revision}),
            "outcomes": AgendaItem.Outcome,
            **point_discussion(ctx, item),
        },
    )


def point_edit(request: HttpRequest, collectivite: str, item_id: UUID) -> HttpResponse:
    ctx = ctx_of(request)
    item, facts = get_managed_point_for(ctx, item_id)
    require(not item.seance.is_convened and not facts.set_aside)

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
def agenda_reorder(
    request: HttpRequest, collectivite: str, seance_id: UUID
) -> HttpResponse:
    """The whole order of the agenda, sent by its drag and drop (agenda.js);
    the answer is the agenda renumbered, or as it was with the refusal. The
    Monter / Descendre buttons (``point_move``) make the same moves one step
    at a time, with the keyboard or without JavaScript."""
    ctx = ctx_of(request)
    seance = get_managed_seance_for(ctx, seance_id)
    order = request.POST.getlist("order")

    try:
        reorder_items(seance, by=acting(request), order=order)
    except ValidationError as error:
        notice, refused = refusal(error), True
    else:
        notice, refused = "L'ordre du jour est enregistré.", False
    if not request.htmx:  # type: ignore[attr-defined]
        (messages.error if refused else messages.success)(request, notice)
        return redirect(seance)
    seance.refresh_from_db(fields=["status"])
    return render(
        request,
        "seances/includes/agenda.html",
        {
            "seance": seance,
            "lines": agenda_lines(ctx, seance),
            "can_manage": True,
            "agenda_notice": notice,
            "agenda_refused": refused,
        },
        # htmx swaps a 422 too (agenda.js): the agenda as stored, with why.
        status=422 if refused else 200,
    )


@require_POST
def point_outcome(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    item, _ = get_managed_point_for(ctx, item_id)
    outcome = request.POST.get("outcome", "")
    if needs_confirmation(outcome) and not is_confirmed(request):
        return confirmation_page(
            request, outcome_confirmation(item, outcome, item.get_absolute_url())
        )

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

    # Only documents of the spaces the adder sees can be attached; a file
    # is uploaded straight onto the point from its page (``annex_upload``).
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


@require_POST
def annex_upload(
    request: HttpRequest, collectivite: str, item_id: UUID
) -> HttpResponse:
    """A file sent from the point's page becomes a document read by those
    who see the point, and one of its annexes (``seances.annex_uploads``)."""
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(access.can_add_annex(ctx.actor, facts))

    form = AnnexUploadForm(request.POST, request.FILES)
    if form.is_valid():
        uploaded = form.cleaned_data["file"]
        try:
            upload_annex(
                item,
                by=acting(request),
                stream=uploaded,
                filename=uploaded.name,
                size=uploaded.size,
                title=form.cleaned_data["title"],
                upload_key=form.cleaned_data["upload_key"],
            )
        except ValidationError as error:
            form.add_error("file", ValidationError(error.messages))
        else:
            messages.success(request, "Le fichier est joint au point.")
            return sent(request, item.get_absolute_url())
    return _point_page(request, ctx, item, facts, upload_form=form)


def _may_update_annexes(ctx: Context, facts: PointFacts) -> bool:
    """Before the convocation, as when linking an annex; after it, as a
    correction that every convened member is told of."""
    return access.can_add_annex(ctx.actor, facts) or (
        access.can_correct_convened_point(ctx.actor, facts)
    )


@require_POST
def annex_update(
    request: HttpRequest, collectivite: str, item_id: UUID, annex_id: UUID
) -> HttpResponse:
    """Move an annex to its document's newer version; the older one stays
    in the document's history."""
    ctx = ctx_of(request)
    item, facts = get_point_for(ctx, item_id)
    require(_may_update_annexes(ctx, facts))
    annex = item.annexes.filter(id=annex_id).first()
    if annex is None:
        raise Http404

    try:
        annex = update_annex_version(annex, by=acting(request))
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        told = (
            " Les convoqués en seront avertis par un seul message."
            if item.seance.is_convened
            else ""
        )
        messages.success(
            request,
            f"L'annexe passe à la version {annex.version.number}.{told}",
        )
    return redirect(item)


def annex_download(
    request: HttpRequest, collectivite: str, item_id: UUID, annex_id: UUID
) -> HttpResponse:
    """The version of a document kept when it was attached, to whoever sees
    the point: an annex is part of the point's dossier, whatever the rules
    of the space the document comes from."""
    ctx = ctx_of(request)
    item, _ = get_point_for(ctx, item_id)
    annex = item.annexes.select_related("version__blob").filter(id=annex_id).first()
    if annex is None:
        raise Http404
    record_huis_clos_read(
        collectivite=ctx.collectivite,
        actor=request.user,
        items=[item],
        page=f"annexe {annex.pk}",
    )
    return attachment(request, annex.version)
