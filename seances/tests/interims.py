"""Hand-overs for the access rows and the tests of the séances: one
persona's tasks handed to another, running today or ended yesterday."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone

from collectivites.interims import hand_over
from collectivites.models import Interim
from domain.interim import Scope
from quorum.testing import World

Kwargs = Callable[[World], dict[str, Any]]


def hand(
    world: World, giver: str, holder: str, scope: Scope, *, ended: bool = False
) -> Interim:
    """``giver``'s ``scope`` handed to ``holder`` for this week; with
    ``ended``, for the week that ended yesterday (stored as it would have
    been then: the service refuses a period already over)."""
    today = timezone.localdate()
    if ended:
        return Interim.objects.create(
            collectivite=world.commune,
            giver=world.memberships[giver],
            holder=world.memberships[holder],
            scope=scope,
            starts_on=today - timedelta(days=7),
            ends_on=today - timedelta(days=1),
            created_by=world.personas.secretaire,
        )
    return hand_over(
        giver=world.memberships[giver],
        holder=world.memberships[holder],
        scope=scope,
        starts_on=today,
        ends_on=today + timedelta(days=6),
        by=world.personas.secretaire,
    )


def with_interim(
    kwargs: Kwargs, giver: str, holder: str, scope: Scope, *, ended: bool = False
) -> Kwargs:
    """The row's object of ``kwargs``, once ``giver`` handed ``scope``."""

    def build(world: World) -> dict[str, Any]:
        built = kwargs(world)
        hand(world, giver, holder, scope, ended=ended)
        return built

    return build
