"""Who reaches the pages of the documents' history and trash (the upload and
reading rows live in web/tests/access_rows.py).

See ``web/tests/matrix.py`` for what a row means. In the Commission des
finances the maire and the secrétaire (the administration) and the adjointe
(its animatrice) both see and manage: they delete, and restore from the trash.
"""

from typing import Any

from documents.services import delete_document
from quorum.testing import World
from web.tests.access_rows import _finances, _finances_doc, _finances_v1, _in_commune
from web.tests.matrix import ADMINISTRATION, FINANCES, Row


def _trashed_doc(world: World) -> dict[str, Any]:
    delete_document(document=world.finances_doc, by=world.personas.maire)
    return _finances_doc(world)


ROWS = {
    "documents:restore_version": Row(
        _finances_v1, FINANCES, method="POST", ok_status=302
    ),
    "documents:delete": (
        Row(_finances_doc, FINANCES),
        Row(_finances_doc, FINANCES, method="POST", ok_status=302),
    ),
    "documents:trash": Row(_finances, FINANCES),
    "documents:restore": Row(_trashed_doc, FINANCES, method="POST", ok_status=302),
    "documents:trash_download": Row(_trashed_doc, FINANCES),
    "documents:storage": Row(_in_commune, ADMINISTRATION),
}
