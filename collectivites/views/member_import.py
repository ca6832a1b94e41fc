"""Importing a member list in three steps: upload, check, confirm; then
the page that follows the import and says what came of it.

Between the steps the file waits in the session, never in the document
store: a list of people's addresses has no business being kept once the
import is done or abandoned, and the session goes with it. The session is
kept in the database (Django's default engine), where a few hundred
kilobytes are no burden. Once confirmed, the file moves to the import that
the background worker runs (``import_runs``), which forgets it when done.
"""

import base64
import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from collectivites.access import Context, ctx_of, require
from collectivites.forms_import import ConfirmForm, MappingForm, UploadForm
from collectivites.import_runs import (
    request_import,
    resume_import,
    rows_of,
    settings_from_data,
    settings_to_data,
)
from collectivites.member_import import (
    SEPARATOR_LABELS,
    Settings,
    Table,
    build_preview,
    existing_for,
    guess_columns,
    read_table,
)
from collectivites.models import MemberImport
from domain import access
from domain.roles import ROLE_LABELS, Role, Status
from web.progress import Progress

ROWS_PER_PAGE = 50
SHOW_CHOICES = ("erreurs", "pretes", "toutes")


@dataclass(frozen=True)
class PendingImport:
    """A list read but not imported yet, as the session keeps it."""

    filename: str
    content: bytes
    settings: Settings

    @property
    def digest(self) -> str:
        """Fingerprint of the bytes and of every choice made on them."""
        choices = json.dumps(settings_to_data(self.settings), sort_keys=True)
        return hashlib.sha256(self.content + choices.encode()).hexdigest()

    def to_session(self) -> dict[str, Any]:
        return {
            "filename": self.filename,
            "content": base64.b64encode(self.content).decode("ascii"),
            "settings": settings_to_data(self.settings),
        }

    @classmethod
    def from_session(cls, data: dict[str, Any]) -> "PendingImport":
        return cls(
            filename=str(data["filename"]),
            content=base64.b64decode(data["content"]),
            settings=settings_from_data(data["settings"]),
        )


def _session_key(ctx: Context) -> str:
    # One pending import per collectivité: a secrétaire shared by two
    # communes cannot confirm in one the list read for the other.
    return f"member_import:{ctx.collectivite.pk}"


def _load(request: HttpRequest, ctx: Context) -> tuple[PendingImport, Table] | None:
    raw = request.session.get(_session_key(ctx))
    if raw is None:
        return None
    try:
        pending = PendingImport.from_session(raw)
        table = read_table(pending.content)
    except (KeyError, TypeError, ValueError):  # NotATable is a ValueError
        del request.session[_session_key(ctx)]
        return None
    mapping = (pending.settings.mapping + ("",) * table.width)[: table.width]
    return replace(pending, settings=replace(pending.settings, mapping=mapping)), table


def _nothing_pending(request: HttpRequest, ctx: Context) -> HttpResponse:
    messages.info(request, "Aucun import en cours : déposez d'abord une liste.")
    return redirect("collectivites:member_import", collectivite=ctx.collectivite.slug)


def _number(number: int) -> str:
    """1 110 as French writes it, with a space that does not break."""
    return f"{number:,}".replace(",", "\u00a0")


def _count(number: int, singular: str, plural: str) -> str:
    return f"{_number(number)} {singular if number < 2 else plural}"


def _describe(filename: str, table: Table) -> str:
    parts = [f"« {filename} » : {table.file_format}"]
    if table.encoding:
        parts.append(f"encodage {table.encoding}")
    if table.separator:
        parts.append(f"séparateur {SEPARATOR_LABELS[table.separator]}")
    return ", ".join(parts) + "."


def member_import(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_import_members(ctx.actor))

    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        has_header, mapping = guess_columns(form.table)
        pending = PendingImport(
            filename=form.filename,
            content=form.content,
            settings=Settings(
                kind=Status(form.cleaned_data["kind"]),
                default_role=Role(form.cleaned_data["default_role"]),
                started_on=form.cleaned_data["started_on"],
                has_header=has_header,
                mapping=mapping,
            ),
        )
        request.session[_session_key(ctx)] = pending.to_session()
        return redirect(
            "collectivites:member_import_preview", collectivite=ctx.collectivite.slug
        )
    return render(
        request,
        "collectivites/import_upload.html",
        {"form": form, "has_pending": _session_key(ctx) in request.session},
    )


def member_import_preview(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_import_members(ctx.actor))
    loaded = _load(request, ctx)
    if loaded is None:
        return _nothing_pending(request, ctx)
    pending, table = loaded

    settings = pending.settings
    initial = {f"column_{i}": target for i, target in enumerate(settings.mapping)}
    form = MappingForm(
        request.POST or None,
        table=table,
        has_header=settings.has_header,
        initial={"has_header": settings.has_header, **initial},
    )
    if request.method == "POST" and form.is_valid():
        settings = replace(
            settings,
            has_header=form.cleaned_data["has_header"],
            mapping=form.mapping(),
        )
        request.session[_session_key(ctx)] = replace(
            pending, settings=settings
        ).to_session()
        return redirect(
            "collectivites:member_import_preview", collectivite=ctx.collectivite.slug
        )

    preview = build_preview(
        table, settings, existing_for(ctx.collectivite), timezone.localdate()
    )
    ready, faulty = preview.ready_rows, preview.faulty_rows
    show = request.GET.get("voir", "")
    if show not in SHOW_CHOICES:
        show = "erreurs" if faulty else "toutes"
    shown = {"erreurs": faulty, "pretes": ready, "toutes": list(preview.rows)}[show]
    page = Paginator(shown, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "collectivites/import_preview.html",
        {
            "pending": pending,
            "table": table,
            "preview": preview,
            "form": form,
            "confirm_form": ConfirmForm(initial={"digest": pending.digest}),
            "page": page,
            "show": show,
            "ready_count": len(ready),
            "faulty_count": len(faulty),
            "all_count": len(preview.rows),
            "summary": (
                _count(len(ready), "ligne prête", "lignes prêtes")
                + ", "
                + _count(len(faulty), "ligne en erreur", "lignes en erreur")
            ),
            "import_label": (
                "Importer la ligne prête"
                if len(ready) == 1
                else f"Importer les {_number(len(ready))} lignes prêtes"
            ),
            "file_description": _describe(pending.filename, table),
            "blank_lines": ", ".join(str(n) for n in table.blank_lines),
            "kind_label": "des élus" if settings.kind == Status.ELU else "des agents",
            "default_role_label": ROLE_LABELS[settings.default_role].lower(),
        },
    )


@require_POST
def member_import_confirm(request: HttpRequest, collectivite: str) -> HttpResponse:
    """Hand the list checked to the background worker and follow it: the
    file moves from the session to the import, which outlives the page."""
    ctx = ctx_of(request)
    require(access.can_import_members(ctx.actor))
    loaded = _load(request, ctx)
    if loaded is None:
        return _nothing_pending(request, ctx)
    pending, _ = loaded

    form = ConfirmForm(request.POST)
    if not form.is_valid() or form.cleaned_data["digest"] != pending.digest:
        messages.warning(
            request,
            "La liste ou le choix des colonnes a changé depuis votre vérification : "
            "vérifiez-la de nouveau avant d'importer.",
        )
        return redirect(
            "collectivites:member_import_preview", collectivite=ctx.collectivite.slug
        )

    run = request_import(
        collectivite=ctx.collectivite,
        by=request.user,  # type: ignore[arg-type]
        filename=pending.filename,
        data=pending.content,
        settings=pending.settings,
        invite=form.cleaned_data["invite"],
    )
    del request.session[_session_key(ctx)]
    # Followed from the start: once over, the page says so.
    return redirect(run.get_absolute_url() + "?suivi=1")


def _get_import_for(ctx: Context, import_id: UUID) -> MemberImport:
    """Those who may import see every import of their collectivité; anyone
    else, and any other collectivité's import, gets 404."""
    require(access.can_import_members(ctx.actor))
    run = (
        MemberImport.objects.select_related("collectivite")
        .defer("content")
        .filter(pk=import_id, collectivite=ctx.collectivite)
        .first()
    )
    if run is None:
        raise Http404
    return run


def _import_progress(run: MemberImport, followed: bool) -> Progress | None:
    doing = f"Import de la liste « {run.filename} »"
    if run.is_busy:
        return Progress(
            doing,
            step=(
                "en attente de démarrage"
                if run.status == MemberImport.Status.PENDING
                else "création des comptes"
                + (" et envoi des invitations" if run.invite else "")
            ),
            done=run.lines_done,
            total=run.lines_total,
            unit="lignes",
        )
    if run.status == MemberImport.Status.DONE and followed:
        return Progress(
            doing,
            state="done",
            message="Import terminé : "
            + _count(len(run.added), "personne ajoutée", "personnes ajoutées")
            + ", "
            + _count(
                len(run.left_aside), "ligne laissée de côté", "lignes laissées de côté"
            )
            + ".",
            link_url=reverse("collectivites:members", args=[run.collectivite.slug]),
            link_label="Voir les membres",
        )
    return None


def member_import_result(
    request: HttpRequest, collectivite: str, import_id: UUID
) -> HttpResponse:
    """How far the import is, then what it created and what it left aside;
    htmx polls it while the worker runs."""
    ctx = ctx_of(request)
    run = _get_import_for(ctx, import_id)

    left_aside = rows_of(run.left_aside)
    context = {
        "run": run,
        "progress": _import_progress(run, followed=request.GET.get("suivi") == "1"),
        "interrupted": run.status == MemberImport.Status.FAILED or run.is_stale,
        "added_rows": rows_of(run.added),
        "left_aside": left_aside,
        "added_label": _count(len(run.added), "personne ajoutée", "personnes ajoutées"),
        "left_aside_label": _count(
            len(left_aside), "ligne laissée de côté", "lignes laissées de côté"
        ),
    }
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "collectivites/_import_state.html", context)
    return render(request, "collectivites/import_done.html", context)


@require_POST
def member_import_resume(
    request: HttpRequest, collectivite: str, import_id: UUID
) -> HttpResponse:
    ctx = ctx_of(request)
    run = _get_import_for(ctx, import_id)

    if resume_import(run):
        messages.info(
            request,
            "L'import reprend là où il s'était arrêté : "
            "personne ne sera ajouté deux fois.",
        )
    return redirect(run.get_absolute_url())


@require_POST
def member_import_cancel(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_import_members(ctx.actor))

    request.session.pop(_session_key(ctx), None)
    messages.info(request, "Import annulé : personne n'a été ajouté.")
    return redirect("collectivites:members", collectivite=ctx.collectivite.slug)
