"""The journal of a collectivité, read and exported by its managers."""

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from collectivites.access import ctx_of
from documents.views.documents import content_disposition
from journal.access import journal_for
from journal.forms import JournalFilterForm
from journal.labels import label_for
from journal.models import JournalEntry

PAGE_SIZE = 50
CSV_COLUMNS = (
    "numero",
    "date",
    "action",
    "evenement",
    "auteur",
    "objet_type",
    "objet_id",
    "donnees",
    "hash_precedent",
    "hash",
    "contenu_signe",
)
VERIFY_HOW = (
    "Chaque entrée est vérifiable seule : le SHA-256 (en hexadécimal) de son "
    "contenu_signe, encodé en UTF-8, vaut son hash. Le journal complet (sans "
    "filtre) forme une chaîne : le hash_precedent de chaque entrée est le hash "
    "de l'entrée précédente, et celui de la première vaut 64 zéros."
)


@require_safe
def journal_page(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    entries = journal_for(ctx)
    form = JournalFilterForm(request.GET or None)
    shown = form.filter(entries).order_by("-id")
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "journal/journal.html",
        {
            "form": form,
            "page": page,
            "rows": [_row(entry) for entry in page.object_list],
            "query": query.urlencode(),
        },
    )


@require_safe
def journal_export(request: HttpRequest, collectivite: str, fmt: str) -> HttpResponse:
    ctx = ctx_of(request)
    entries = journal_for(ctx)
    if fmt not in {"csv", "json"}:
        raise Http404
    form = JournalFilterForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(
            request,
            "journal/journal.html",
            {"form": form, "page": None, "rows": [], "query": ""},
            status=400,
        )
    chosen = form.filter(entries).order_by("id")
    stamp = timezone.localtime()
    name = f"Journal {ctx.collectivite.name} {stamp:%Y-%m-%d %Hh%M}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_lines(chosen), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(
            _json_chunks(chosen, ctx.collectivite.slug, filtered=bool(request.GET)),
            content_type="application/json; charset=utf-8",
        )
    response["Content-Disposition"] = content_disposition(name)
    return response


def _row(entry: JournalEntry) -> dict[str, Any]:
    return {
        "entry": entry,
        "label": label_for(entry.action),
        "at": timezone.localtime(entry.at),
        "actor": entry.actor_label or "Quorum (automatique)",
    }


def _exported(entry: JournalEntry) -> dict[str, Any]:
    """An entry as the hash saw it, with its number and its hash."""
    return {
        "numero": entry.id,
        "collectivite": str(entry.collectivite_id or ""),
        "at": entry.at.isoformat(),
        "action": entry.action,
        "evenement": label_for(entry.action),
        "actor": entry.actor_label,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "data": entry.data,
        "previous_hash": entry.previous_hash,
        "hash": entry.hash,
        "contenu_signe": entry.canonical(),
    }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(entries: Any) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    # A byte order mark: spreadsheets then read the accents right.
    yield "\ufeff" + writer.writerow(CSV_COLUMNS)
    for entry in entries.iterator(chunk_size=500):
        yield writer.writerow(
            [
                entry.id,
                entry.at.isoformat(),
                entry.action,
                label_for(entry.action),
                entry.actor_label,
                entry.target_type,
                entry.target_id,
                json.dumps(entry.data, ensure_ascii=False, sort_keys=True),
                entry.previous_hash,
                entry.hash,
                entry.canonical(),
            ]
        )


def _json_chunks(entries: Any, slug: str, *, filtered: bool) -> Iterator[str]:
    head = {
        "collectivite": slug,
        "exporte_le": timezone.now().isoformat(),
        "filtre": filtered,
        "verification": VERIFY_HOW,
        "algorithme": "sha256",
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "entrees": ['
    for index, entry in enumerate(entries.iterator(chunk_size=500)):
        yield ("," if index else "") + json.dumps(_exported(entry), ensure_ascii=False)
    yield "]}"
