"""Who reaches the pages of the délibérations. See ``web/tests/matrix.py``.

Every member in office reads the délibérations of the council; one taken
on a point à huis clos only those who saw its point (not the agent who was
not named on it). The president of the séance (the maire) and its
secrétaire de séance (the conseiller) sign; the maire and the secrétaire de
mairie prepare the transmission, print the registre and manage the
collectivité's signing certificate.
"""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from actes.models import Deliberation, Signature, SigningCertificate
from actes.registre import request_registre
from actes.services import build_pdfs_of
from actes.signatures import expected_signer, sign
from actes.tests.pkcs12_files import make_pkcs12
from proceedings.services import close_seance, open_point
from proceedings.tests.access_rows import _sitting
from proceedings.voting import record_open_vote
from quorum.testing import World
from seances.models import AgendaItem
from web.tests.matrix import ADMINISTRATION, MEMBERS, Row


def make_deliberation(world: World, *, huis_clos: bool = False) -> Deliberation:
    """The délibération of the point « Tarifs de la cantine », voted
    unanimously, its séance closed and its PDF drawn."""
    world.commune.insee_code = "38999"
    world.commune.siren = "213899990"
    world.commune.save(update_fields=["insee_code", "siren"])
    sitting, item = _sitting(world)
    if huis_clos:
        AgendaItem.objects.filter(pk=item.pk).update(huis_clos=True)
        item.refresh_from_db()
    open_point(item, by=world.personas.secretaire)
    record_open_vote(item, by=world.personas.secretaire)
    with transaction.atomic():
        close_seance(sitting, by=world.personas.secretaire)
    # The séance of the rows is held before its date; its act is dated
    # today, as if the evening had come, so that a transmission may follow.
    Deliberation.objects.filter(item=item).update(adopted_on=timezone.localdate())
    deliberation = Deliberation.objects.get(item=item)
    build_pdfs_of([str(deliberation.pk)])
    deliberation.refresh_from_db()
    return deliberation


def sign_both(deliberation: Deliberation) -> Deliberation:
    """Signed by the president and the secrétaire de séance (L2121-23)."""
    for capacity in Signature.Capacity.values:
        signer = expected_signer(deliberation, capacity)
        assert signer is not None
        sign(deliberation, signer, signer.user, capacity)
    deliberation.refresh_from_db()
    return deliberation


def _signed(world: World) -> dict[str, Any]:
    deliberation = sign_both(make_deliberation(world))
    return {"collectivite": world.slug, "deliberation_id": deliberation.pk}


def _seance(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "seance_id": make_deliberation(world).seance_id}


def _one(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "deliberation_id": make_deliberation(world).pk}


def _huis_clos(world: World) -> dict[str, Any]:
    deliberation = make_deliberation(world, huis_clos=True)
    return {"collectivite": world.slug, "deliberation_id": deliberation.pk}


def _slug(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _year(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug, "year": make_deliberation(world).year}


def _year_drawn(world: World) -> dict[str, Any]:
    """The registre of the year, drawn (the tests' worker runs at once)."""
    deliberation = make_deliberation(world)
    request_registre(deliberation.collectivite, deliberation.year, by=None)
    return {"collectivite": world.slug, "year": deliberation.year}


def _as_president(world: World) -> dict[str, Any]:
    return {"capacity": "president"}


def _acknowledged(world: World) -> dict[str, Any]:
    today = timezone.localdate().isoformat()
    return {
        "sent_on": today,
        "acknowledged_on": today,
        "acknowledgement_id": "038-213899990-AR",
    }


def _exempted(world: World) -> dict[str, Any]:
    return {"exception": "voirie_tarifs", "details": "Stationnement du marché"}


def _upload(world: World) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile("mairie.p12", make_pkcs12(b"secret")),
        "passphrase": "secret",
    }


def _installed(world: World) -> dict[str, Any]:
    SigningCertificate.objects.create(
        collectivite=world.commune, label="Certificat", pkcs12=b"x"
    )
    return {"collectivite": world.slug}


READERS_OF_HUIS_CLOS = MEMBERS - {"agent"}

ROWS = {
    "actes:seance": Row(_seance, MEMBERS),
    "actes:detail": (Row(_one, MEMBERS), Row(_huis_clos, READERS_OF_HUIS_CLOS)),
    "actes:pdf": (Row(_one, MEMBERS), Row(_huis_clos, READERS_OF_HUIS_CLOS)),
    "actes:odt": Row(_one, MEMBERS),
    # The conseiller, secrétaire de séance, reaches it too, and is told
    # that the maire signs as president.
    "actes:sign": Row(
        _one,
        {"maire", "conseiller"},
        method="POST",
        ok_status=302,
        data=_as_president,
    ),
    "actes:transmission": (
        Row(_one, ADMINISTRATION),
        Row(_one, ADMINISTRATION, method="POST", ok_status=302, data=_acknowledged),
    ),
    "actes:package": Row(_signed, ADMINISTRATION),
    "actes:exemption": (
        Row(_one, ADMINISTRATION),
        Row(_one, ADMINISTRATION, method="POST", ok_status=302, data=_exempted),
    ),
    "actes:registre": Row(_slug, ADMINISTRATION),
    "actes:certificate": (
        Row(_slug, ADMINISTRATION),
        Row(_slug, ADMINISTRATION, method="POST", ok_status=302, data=_upload),
    ),
    "actes:certificate_remove": Row(
        _installed, ADMINISTRATION, method="POST", ok_status=302
    ),
    "actes:registre_pdf": Row(_year_drawn, ADMINISTRATION),
    # What the registre page polls while the year is drawn.
    "actes:registre_state": Row(_year, ADMINISTRATION),
    "actes:registre_build": Row(_year, ADMINISTRATION, method="POST", ok_status=302),
}
