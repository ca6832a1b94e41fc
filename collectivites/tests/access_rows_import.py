"""Who reaches the import of a member list: the administration only.

See ``web/tests/matrix.py`` for what a row means. The check and confirm
steps need a list waiting in the session; the matrix comes without one, so
an administrator is sent back to the first step (302) and everyone else
gets 404 before the session is even looked at.
"""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from collectivites.models import MemberImport
from quorum.testing import World
from web.tests.matrix import ADMINISTRATION, Row

LIST = "Prénom;Nom;Courriel\nNelly;WIDMER;nelly.widmer@example.test\n"


def _in_commune(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _upload(world: World) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile("elus.csv", LIST.encode(), content_type="text/csv"),
        "text": "",
        "kind": "elu",
        "default_role": "",
        "started_on": "",
    }


def _mapping(world: World) -> dict[str, Any]:
    return {"has_header": "on", "column_0": "first_name"}


def _import(world: World) -> dict[str, Any]:
    run = MemberImport.objects.create(
        collectivite=world.personas.commune,
        requested_by=world.personas.secretaire,
        filename="elus.csv",
        file_sha256="0" * 64,
        status=MemberImport.Status.DONE,
    )
    return {"collectivite": world.slug, "import_id": run.pk}


def _confirm(world: World) -> dict[str, Any]:
    return {"digest": "0" * 64}


ROWS = {
    "collectivites:member_import": (
        Row(_in_commune, ADMINISTRATION),
        # Reading the list stores nothing but the session: 302 to the check.
        Row(_in_commune, ADMINISTRATION, method="POST", ok_status=302, data=_upload),
    ),
    "collectivites:member_import_preview": (
        Row(_in_commune, ADMINISTRATION, ok_status=302),
        Row(_in_commune, ADMINISTRATION, method="POST", ok_status=302, data=_mapping),
    ),
    "collectivites:member_import_confirm": Row(
        _in_commune, ADMINISTRATION, method="POST", ok_status=302, data=_confirm
    ),
    # The progress and result of an import: whoever may import, not only
    # the person who started it (the maire sees the secrétaire's).
    "collectivites:member_import_result": Row(_import, ADMINISTRATION),
    # An import already over needs no resuming: back to its result.
    "collectivites:member_import_resume": Row(
        _import, ADMINISTRATION, method="POST", ok_status=302
    ),
    "collectivites:member_import_cancel": Row(
        _in_commune, ADMINISTRATION, method="POST", ok_status=302
    ),
}
