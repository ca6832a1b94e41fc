"""Who reaches the public pages and the publishing actions. See
``web/tests/matrix.py``.

The public pages are for anyone, logged in or not, of any collectivité
(``public=True``); an act of saint-test under the other collectivité's slug
leads nowhere. Putting an act online and withdrawing it are for the maire
and the secrétaire de mairie only.
"""

import io
from typing import Any

from django.utils import timezone

from actes.models import Deliberation
from documents.storage import store
from minutes.models import ListeDeliberations, ProcesVerbal
from minutes.tests.access_rows import closed
from publication.models import Publication
from quorum.testing import World
from web.tests.matrix import ADMINISTRATION, LOGGED_IN, Row

EVERYONE = LOGGED_IN


def _published(world: World, **act: Any) -> Publication:
    """Put straight online, as the services do after the signatures
    (``test_publication`` takes the acts through them)."""
    return Publication.objects.create(
        collectivite=world.commune,
        pdf=store(io.BytesIO(b"%PDF-1.4 copie publiee\n")),
        published_at=timezone.now(),
        published_by=world.personas.secretaire,
        author_name="Marie Maire",
        author_capacity="Maire de Saint-Test",
        **act,
    )


def _deliberation(world: World) -> Publication:
    proces_verbal = closed(world)
    deliberation = Deliberation.objects.get(seance=proces_verbal.seance)
    return _published(world, deliberation=deliberation)


def _proces_verbal(world: World) -> Publication:
    proces_verbal = closed(world)
    ProcesVerbal.objects.filter(pk=proces_verbal.pk).update(
        state=ProcesVerbal.State.APPROUVE, approved_at=timezone.now()
    )
    return _published(world, proces_verbal=proces_verbal)


def _liste(world: World) -> Publication:
    liste = ListeDeliberations.objects.get(seance=closed(world).seance)
    return _published(world, liste=liste)


def _slug(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _of(make: Any) -> Any:
    def kwargs(world: World) -> dict[str, Any]:
        return {"collectivite": world.slug, "publication_id": make(world).pk}

    return kwargs


def _act(world: World) -> dict[str, Any]:
    deliberation = _deliberation(world).deliberation
    return {"collectivite": world.slug, "deliberation_id": deliberation.pk}


def _liste_to_publish(world: World) -> dict[str, Any]:
    liste = ListeDeliberations.objects.get(seance=closed(world).seance)
    return {"collectivite": world.slug, "kind": "liste", "act_id": liste.pk}


def _nothing(world: World) -> dict[str, Any]:
    return {}


def public(kwargs: Any) -> Row:
    return Row(kwargs, EVERYONE, public=True)


ROWS = {
    "public:index": public(_slug),
    "public:seances": public(_slug),
    "public:seances_ics": public(_slug),
    "public:feed": public(_slug),
    "public:deliberations": public(_slug),
    "public:deliberation": public(_of(_deliberation)),
    "public:deliberation_pdf": public(_of(_deliberation)),
    "public:proces_verbaux": public(_slug),
    "public:proces_verbal": public(_of(_proces_verbal)),
    "public:proces_verbal_pdf": public(_of(_proces_verbal)),
    "public:listes": public(_slug),
    "public:liste": public(_of(_liste)),
    "public:liste_pdf": public(_of(_liste)),
    "publication:deliberation": Row(_act, EVERYONE, public=True, ok_status=302),
    "publication:publish": (
        Row(_liste_to_publish, ADMINISTRATION),
        Row(
            _liste_to_publish,
            ADMINISTRATION,
            method="POST",
            ok_status=302,
            data=_nothing,
        ),
    ),
    # Within its two months an act is not withdrawn: sent back with a message.
    "publication:withdraw": Row(
        _of(_proces_verbal), ADMINISTRATION, method="POST", ok_status=302
    ),
}
