"""Whether a compiled dossier still says what the séance says.

A compilation keeps the fingerprint of what it read: the séance's date and
place, and for each point it holds its number, title, kind, huis clos,
outcome, rapporteur, draft version and annexes' versions. The séance's
current fingerprint differing from it, the dossier is "à recompiler": the
convocation is not sent with it (``check_dossier_current``), since the
élus would receive a dossier that is not the one they are convened on
(CGCT L2121-13). Two queries, whatever the size of the agenda.
"""

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError

from dossiers.models import DossierBuild
from seances.models import Annex, Seance

OUT_OF_DATE = (
    "Le dossier des conseillers a été compilé avant les derniers changements "
    "de l'ordre du jour (un projet, un titre, une annexe ou un point retiré) : "
    "les élus recevraient un dossier périmé. Compilez-le à nouveau, attendez "
    "la fin de la compilation, puis envoyez la convocation."
)
BUSY = (
    "Le dossier des conseillers est en cours de compilation : attendez qu'il "
    "soit prêt, puis envoyez la convocation."
)


def fingerprints(seance: Seance) -> dict[str, str]:
    """The current fingerprint of each variant of the séance's dossier."""
    items: list[dict[str, Any]] = [
        dict(row)
        for row in seance.items.order_by("position").values(
            "pk",
            "parent_id",
            "title",
            "kind",
            "huis_clos",
            "outcome",
            "rapporteur_id",
            "draft_revision",
        )
    ]
    annexes: dict[object, list[str]] = {}
    for item_id, version_id in (
        Annex.objects.filter(item__seance=seance, document__deleted_at__isnull=True)
        .order_by("item_id", "created_at", "pk")
        .values_list("item_id", "version_id")
    ):
        annexes.setdefault(item_id, []).append(str(version_id))
    head = [seance.starts_at.isoformat(), seance.place, seance.kind]
    return {
        DossierBuild.Variant.CONSEILLERS: _digest(head, items, annexes, public=False),
        DossierBuild.Variant.PUBLIC: _digest(head, items, annexes, public=True),
    }


def _digest(
    head: list[str],
    items: list[dict[str, Any]],
    annexes: dict[object, list[str]],
    *,
    public: bool,
) -> str:
    """The points in the order ``dossiers.content`` numbers them; ``public``
    leaves out the points à huis clos and their sub-points."""
    hidden = {
        item["pk"]
        for item in items
        if public and item["huis_clos"] and item["parent_id"] is None
    }
    tops = [item for item in items if item["parent_id"] is None]
    ordered = []
    for top in tops:
        ordered.append(top)
        ordered += [item for item in items if item["parent_id"] == top["pk"]]
    rows = [
        [str(value) for value in item.values()] + annexes.get(item["pk"], [])
        for item in ordered
        if not (
            item["pk"] in hidden
            or item["parent_id"] in hidden
            or (public and item["huis_clos"])
        )
    ]
    text = json.dumps([head, rows], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def is_out_of_date(build: DossierBuild, current: dict[str, str]) -> bool:
    """A compiled dossier whose séance changed since it read it; one
    compiled before fingerprints were kept counts as out of date."""
    return build.fingerprint != current.get(build.variant)


def check_dossier_current(seance: Seance) -> None:
    """Refuse, before the convocation, a councillors' dossier being compiled
    or compiled before a change of the séance. No dossier compiled yet is
    no refusal: the élus read the points and annexes online."""
    variant = DossierBuild.Variant.CONSEILLERS
    builds = list(DossierBuild.objects.filter(seance=seance, variant=variant))
    if any(build.is_busy for build in builds):
        raise ValidationError(BUSY)
    ready = next(
        (build for build in builds if build.status == DossierBuild.Status.READY),
        None,
    )
    if ready is not None and is_out_of_date(ready, fingerprints(seance)):
        raise ValidationError(OUT_OF_DATE)
