"""Who reaches the procès-verbaux and the lists of délibérations. See
``web/tests/matrix.py``.

A séance of the world's council held and closed: its procès-verbal in
draft and its list. Every élu in office and those who prepare the séances
read them; the agent does not. The secrétaire de séance (the conseiller,
``proceedings.tests.access_rows``), the maire and the secrétaire de mairie
edit the text; the maire and the secrétaire record the posting.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from minutes.models import ListeDeliberations, ProcesVerbal
from proceedings.services import close_seance, open_point
from proceedings.tests.access_rows import _sitting
from proceedings.voting import record_open_vote
from quorum.testing import World
from seances.models import Seance
from web.tests.matrix import ADMINISTRATION, Row

READERS = frozenset({"maire", "adjointe", "conseiller", "secretaire"})
EDITORS = frozenset({"maire", "secretaire", "conseiller"})


def closed(world: World) -> ProcesVerbal:
    sitting, item = _sitting(world)
    by = world.personas.secretaire
    open_point(item, by=by)
    record_open_vote(item, by=by)
    close_seance(sitting, by=by)
    return ProcesVerbal.objects.select_related("seance").get(seance=sitting.seance)


def _pv(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "proces_verbal_id": closed(world).pk}


def _liste(world: World) -> dict[str, Any]:
    liste = ListeDeliberations.objects.get(seance=closed(world).seance)
    return {"collectivite": world.slug, "liste_id": liste.pk}


def _held_yesterday(world: World) -> dict[str, Any]:
    """A list can only be posted from the day of its séance, not before."""
    kwargs = _liste(world)
    seance = ListeDeliberations.objects.get(pk=kwargs["liste_id"]).seance
    Seance.objects.filter(pk=seance.pk).update(
        starts_at=timezone.now() - timedelta(days=1)
    )
    return kwargs


def _slug(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _text(world: World) -> dict[str, Any]:
    return {"based_on": 0, "body": "Procès-verbal corrigé.", "huis_clos_body": ""}


def _posting(world: World) -> dict[str, Any]:
    return {"posted_on": timezone.localdate().isoformat()}


def _president(world: World) -> dict[str, Any]:
    return {"capacity": "president"}


ROWS = {
    "minutes:index": Row(_slug, READERS),
    "minutes:proces_verbal": Row(_pv, READERS),
    "minutes:proces_verbal_edit": (
        Row(_pv, EDITORS),
        Row(_pv, EDITORS, method="POST", ok_status=302, data=_text),
    ),
    "minutes:proces_verbal_pdf": Row(_pv, READERS),
    # A draft is not signed: the readers are sent back with a message.
    "minutes:proces_verbal_sign": Row(
        _pv, READERS, method="POST", ok_status=302, data=_president
    ),
    "minutes:liste": Row(_liste, READERS),
    "minutes:liste_post": Row(
        _held_yesterday, ADMINISTRATION, method="POST", ok_status=302, data=_posting
    ),
    "minutes:liste_pdf": Row(_liste, READERS),
}
