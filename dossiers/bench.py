"""How long a dossier of 40 points and 120 annexes takes to compile again.

Not part of the suite nor of make: run it by hand against a scratch
database, for instance

    .venv/bin/python -c "import django; django.setup(); \\
        from dossiers.bench import run; print(run())"

with DATABASE_URL pointing at a database that may be written to. It builds
its own collectivité, converts every annex once (a first compilation), then
changes one annex and times the compilation that follows.
"""

import io
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock

import pikepdf
from django.utils import timezone

from accounts.models import User
from collectivites.models import Collectivite, Membership, Workspace
from documents.services import add_version, create_document
from domain.roles import Role, Status
from dossiers.models import DossierBuild
from dossiers.services import request_build
from seances.models import PARIS, AgendaItem, Annex, Seance
from seances.services import add_item, create_seance
from seances.workflow import link_annex, save_draft

POINTS = 40
ANNEXES_PER_POINT = 3


@dataclass(frozen=True)
class Timing:
    first_seconds: float
    recompile_seconds: float
    pages: int


def run() -> Timing:
    seance, secretaire = _seance_with_annexes()

    started = time.perf_counter()
    first = _compile(seance, secretaire)
    first_seconds = time.perf_counter() - started

    annex = Annex.objects.select_related("document").order_by("created_at").first()
    if annex is None:
        raise RuntimeError("no annex")
    data = _pdf(4, marker="changée")
    annex.version = add_version(
        document=annex.document,
        author=secretaire,
        stream=io.BytesIO(data),
        filename="changée.pdf",
        size=len(data),
    )
    annex.save(update_fields=["version", "updated_at"])

    started = time.perf_counter()
    again = _compile(seance, secretaire)
    return Timing(
        first_seconds, time.perf_counter() - started, again.pages or first.pages
    )


def _compile(seance: Seance, by: User) -> DossierBuild:
    build = request_build(seance, variant=DossierBuild.Variant.CONSEILLERS, by=by)
    from dossiers.tasks import build_dossier  # noqa: PLC0415

    build_dossier.call(str(build.pk))  # nothing when the queue already ran it
    build.refresh_from_db()
    if build.status != DossierBuild.Status.READY:
        raise RuntimeError(build.error or build.status)
    return build


def _seance_with_annexes() -> tuple[Seance, User]:
    tag = uuid.uuid4().hex[:8]
    commune = Collectivite.objects.create(name=f"Banc-{tag}", slug=f"banc-{tag}")
    secretaire = User.objects.create_user(email=f"banc-{tag}@example.org")
    Membership.objects.create(
        user=secretaire,
        collectivite=commune,
        status=Status.AGENT,
        role=Role.SECRETAIRE,
        started_on=timezone.localdate() - timedelta(days=1),
    )
    workspace = Workspace.objects.create(collectivite=commune, name="Banc d'essai")
    day = timezone.localdate() + timedelta(days=30)
    seance = create_seance(
        collectivite=commune,
        by=secretaire,
        starts_at=datetime.combine(day, clock(19, 0), tzinfo=PARIS),
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
    )
    for number in range(1, POINTS + 1):
        item = add_item(
            seance,
            by=secretaire,
            title=f"Point de banc d'essai n° {number}",
            kind=AgendaItem.Kind.DELIBERATION,
        )
        save_draft(
            item,
            by=secretaire,
            based_on=0,
            expose="Un exposé de quelques lignes. " * 20,
            articles="Le conseil adopte.",
            nature="1",
        )
        for index in range(ANNEXES_PER_POINT):
            data = _pdf(3, marker=f"{number}-{index}")
            document = create_document(
                workspace=workspace,
                author=secretaire,
                stream=io.BytesIO(data),
                filename=f"annexe-{number}-{index}.pdf",
                size=len(data),
            )
            link_annex(item, by=secretaire, document=document)
    return seance, secretaire


def _pdf(pages: int, *, marker: str) -> bytes:
    """Blank pages whose bytes differ by ``marker``: each annex is its own."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    pdf.docinfo["/Subject"] = marker
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()
