"""Who reaches the pages of the intérims. See ``web/tests/matrix.py``."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from domain.interim import Scope
from quorum.testing import World
from seances.tests.interims import hand
from web.tests.matrix import MEMBERS, Row

# The adjointe hands her own reviews; the administration records it for her.
HANDS_ADJOINTE = frozenset({"adjointe", "maire", "secretaire"})


def _in_commune(world: World) -> dict[str, Any]:
    return {"collectivite": world.slug}


def _adjointe_reviews(world: World) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "giver": world.memberships["adjointe"].pk,
        "holder": world.memberships["conseiller"].pk,
        "scope": Scope.REVIEWS.value,
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=6)).isoformat(),
        "reason": "congés",
    }


def _running(world: World) -> dict[str, Any]:
    interim = hand(world, "adjointe", "conseiller", Scope.REVIEWS)
    return {"collectivite": world.slug, "interim_id": interim.pk}


ROWS = {
    "collectivites:interims": (
        Row(_in_commune, MEMBERS),
        Row(
            _in_commune,
            HANDS_ADJOINTE,
            method="POST",
            ok_status=302,
            data=_adjointe_reviews,
        ),
    ),
    # The giver, the holder and the administration end it.
    "collectivites:interim_end": Row(
        _running, HANDS_ADJOINTE | {"conseiller"}, method="POST", ok_status=302
    ),
}
