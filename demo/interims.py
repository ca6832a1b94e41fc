"""The demo's hand-over: the maire away for a week, her validations held by
her first adjointe, who replaces her in the order of the tableau (CGCT
L2122-17)."""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from collectivites.interims import hand_over
from domain.interim import Scope

if TYPE_CHECKING:
    from demo.builder import BuiltTown


def seed_interims(town: "BuiltTown") -> None:
    today = timezone.localdate()
    people = town.members
    hand_over(
        giver=people["maire"],
        holder=people["adjointe_finances"],
        scope=Scope.VALIDATIONS,
        starts_on=today,
        ends_on=today + timedelta(days=6),
        reason="congés",
        by=people["secretaire"].user,
    )
