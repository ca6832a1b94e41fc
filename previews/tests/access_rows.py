"""Who reaches the previews, their PDF, the preview shown in the page,
retrying and comparing versions.

See ``web/tests/matrix.py`` for what a row means. Whoever sees a document
sees its previews and may ask for them again.
"""

import io
from typing import Any

import pikepdf

from documents.storage import store
from previews.models import Rendition
from quorum.testing import World
from web.tests.matrix import FINANCES, Row


def _finances_doc(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "document_id": world.finances_doc.id}


def _finances_v1(world: World) -> dict[str, Any]:
    return {**_finances_doc(world), "version_id": world.finances_v1.id}


def _finances_v1_with_pdf(world: World) -> dict[str, Any]:
    """The first version with a finished preview PDF to serve."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out)
    Rendition.objects.update_or_create(
        source=world.finances_v1.blob,
        kind=Rendition.Kind.PREVIEW,
        defaults={"state": Rendition.State.READY, "output": store(out)},
    )
    return _finances_v1(world)


ROWS = {
    "previews:version": Row(_finances_v1, FINANCES),
    "previews:pdf": Row(_finances_v1_with_pdf, FINANCES),
    "previews:show": Row(_finances_v1_with_pdf, FINANCES),
    "previews:retry": Row(_finances_v1, FINANCES, method="POST", ok_status=302),
    "previews:compare": Row(_finances_doc, FINANCES),
}
