"""A séance with points, sub-points, drafts and annexes for the dossiers."""

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

from documents.models import Document
from documents.services import create_document
from quorum.testing import World
from seances.models import AgendaItem, Seance
from seances.services import add_item, mark_convened
from seances.tests.access_rows import make_seance, validate_point
from seances.workflow import link_annex, save_draft

CORPUS_PDFS = (
    "fr-couthenans-haute-saone/CR_conseil_municipal_28_10_2022.pdf",
    "fr-couthenans-haute-saone/CR_conseil_municipal_24_02_2023.pdf",
)


@dataclass
class Built:
    seance: Seance
    budget: AgendaItem
    budget_sub: AgendaItem
    huis_clos: AgendaItem
    cantine: AgendaItem


def pdf_document(world: World, filename: str, data: bytes) -> Document:
    return create_document(
        workspace=world.finances,
        author=world.personas.secretaire,
        stream=io.BytesIO(data),
        filename=filename,
        size=len(data),
    )


def small_pdf(pages: int = 1, password: str = "") -> bytes:
    """A PDF of blank pages; with ``password``, locked by it."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    if password:
        pdf.save(out, encryption=pikepdf.Encryption(user=password, owner=password))
    else:
        pdf.save(out)
    return out.getvalue()


def point(
    world: World,
    seance: Seance,
    title: str,
    *,
    parent: AgendaItem | None = None,
    huis_clos: bool = False,
    expose: str = "",
) -> AgendaItem:
    item = add_item(
        seance,
        by=world.personas.secretaire,
        title=title,
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=world.memberships["adjointe"],
        parent=parent,
        huis_clos=huis_clos,
    )
    save_draft(
        item,
        by=world.personas.secretaire,
        based_on=0,
        expose=expose or f"Exposé du point « {title} ».",
        visas="Vu le code général des collectivités territoriales,",
        considerants="Considérant l'intérêt communal,",
        articles="Le conseil adopte.\nLe maire est chargé de l'exécution.",
        nature="1",
    )
    return item


def make_built(
    world: World, *, corpus: Path | None = None, convene: bool = True
) -> Built:
    seance = make_seance(world)
    budget = point(world, seance, "Budget primitif 2027")
    budget_sub = point(world, seance, "Subventions aux associations", parent=budget)
    huis_clos = point(
        world, seance, "Protection fonctionnelle CANARI-HUIS-CLOS", huis_clos=True
    )
    cantine = point(world, seance, "Tarifs de la cantine")
    link_annex(budget, by=world.personas.secretaire, document=world.finances_doc)
    if corpus is not None:
        for index, name in enumerate(CORPUS_PDFS):
            path = corpus / name
            document = pdf_document(world, path.name, path.read_bytes())
            target = budget if index == 0 else cantine
            link_annex(target, by=world.personas.secretaire, document=document)
    for item in (budget, budget_sub, huis_clos, cantine):
        validate_point(world, item)
    if convene:
        from django.utils import timezone  # noqa: PLC0415

        mark_convened(seance, by=world.personas.maire, sent_on=timezone.localdate())
    seance.refresh_from_db()
    return Built(seance, budget, budget_sub, huis_clos, cantine)


@pytest.fixture
def built(world: World) -> Built:
    return make_built(world)
