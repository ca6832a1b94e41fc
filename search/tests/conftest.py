import pytest

from documents.models import Document
from previews.services import request_rendition
from quorum.testing import World, make_world


def extract_text(*documents: Document) -> None:
    """Run the preview of each current version, as the worker would: its
    text then joins the index."""
    for document in documents:
        document.refresh_from_db()
        assert document.current_version is not None
        request_rendition(document.current_version.blob_id)


@pytest.fixture
def world(db: None) -> World:
    """The world of markers, with the text of its documents extracted."""
    world = make_world()
    extract_text(world.finances_doc, world.ecole_doc, world.other_doc)
    return world
