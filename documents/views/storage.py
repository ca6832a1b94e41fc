"""The storage a collectivité uses and its limit, for its managers."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from collectivites.access import ctx_of, require
from documents.antivirus import scanner
from documents.models import Blob
from documents.quota import usage_of
from domain import access


def storage(request: HttpRequest, collectivite: str) -> HttpResponse:
    ctx = ctx_of(request)
    require(access.can_administer(ctx.actor))
    held = (
        Blob.objects.filter(versions__document__collectivite=ctx.collectivite)
        .exclude(scan_state=Blob.ScanState.CLEAN)
        .values("scan_state")
        .distinct()
    )
    states = {row["scan_state"] for row in held}
    engine = scanner()
    return render(
        request,
        "documents/storage.html",
        {
            "usage": usage_of(ctx.collectivite),
            "pending": Blob.ScanState.PENDING in states,
            "infected": Blob.ScanState.INFECTED in states,
            "scanner": engine.name if engine else "",
        },
    )
