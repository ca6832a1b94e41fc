"""Handing one's tasks to another for a while: the Django side of
``domain.interim``.

``hand_over`` and ``end_interim`` are the only ways an ``Interim`` is
created or ended; both write the journal. ``held_tasks`` feeds the actor
(``collectivites.access.actor_for``), so that every rule of
``domain.access`` sees what a person holds today.

TODO(interim-document-reviews): the reviews asked of a person on a document
(``discussions.ReviewRequest``) are not handed with their reviews of the
points: ``discussions.services.answer_review`` only lets the reviewer
answer. The step taken by a holder is journaled under the holder's name;
the journal of the hand-over says in whose place.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from collectivites.models import Collectivite, Interim, Membership
from domain.french import elide
from domain.interim import (
    HeldTask,
    Person,
    Scope,
    handover_errors,
    maire_replacement,
)
from domain.roles import Role, Status
from journal.services import record


def person_of(membership: Membership, today: date) -> Person:
    return Person(
        id=membership.pk,
        role=Role(membership.role),
        status=Status(membership.status),
        rank=membership.rank,
        in_office=membership.is_current(today),
    )


def held_tasks(
    membership_ids: Iterable[object], today: date
) -> dict[object, frozenset[HeldTask]]:
    """What each of ``membership_ids`` holds today, in one query."""
    held: dict[object, set[HeldTask]] = defaultdict(set)
    for interim in (
        Interim.objects.running(today)
        .filter(holder_id__in=list(membership_ids))
        .select_related("giver")
    ):
        held[interim.holder_id].add(
            HeldTask(Scope(interim.scope), interim.giver_id, Role(interim.giver.role))
        )
    return {key: frozenset(tasks) for key, tasks in held.items()}


def replacement_of_maire(collectivite: Collectivite, today: date) -> Membership | None:
    """Who replaces the maire today (CGCT L2122-17), passing over the élus
    who handed their own tasks for today."""
    members = list(
        Membership.objects.current(today)
        .filter(collectivite=collectivite, status=Status.ELU)
        .select_related("user")
    )
    away = set(
        Interim.objects.running(today)
        .filter(collectivite=collectivite)
        .values_list("giver_id", flat=True)
    )
    chosen = maire_replacement([person_of(m, today) for m in members], away)
    return next((m for m in members if chosen and m.pk == chosen.id), None)


def hand_over(
    *,
    giver: Membership,
    holder: Membership,
    scope: Scope,
    starts_on: date,
    ends_on: date,
    by: User,
    reason: str = "",
) -> Interim:
    """Hand ``giver``'s ``scope`` to ``holder`` from ``starts_on`` to
    ``ends_on`` included, if the law allows it (``domain.interim``);
    otherwise a ``ValidationError`` by field, and nothing is stored."""
    today = timezone.localdate()
    collectivite = giver.collectivite
    if holder.collectivite_id != collectivite.pk:
        raise ValidationError({"holder": "Choisissez une personne de la commune."})
    replacement = None
    if scope == Scope.VALIDATIONS:
        chosen = replacement_of_maire(collectivite, max(starts_on, today))
        replacement = person_of(chosen, today) if chosen else None
    errors = handover_errors(
        person_of(giver, today),
        person_of(holder, today),
        scope,
        starts_on=starts_on,
        ends_on=ends_on,
        today=today,
        replacement=replacement,
    )
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        overlapping = (
            Interim.objects.select_for_update()
            .filter(
                giver=giver,
                scope=scope,
                ended_at__isnull=True,
                starts_on__lte=ends_on,
                ends_on__gte=starts_on,
            )
            .exists()
        )
        if overlapping:
            raise ValidationError(
                {
                    "starts_on": "Ces tâches sont déjà confiées sur une partie de ces dates."
                }
            )
        interim = Interim.objects.create(
            collectivite=collectivite,
            giver=giver,
            holder=holder,
            scope=scope,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason.strip(),
            created_by=by,
        )
        record(
            "interim.handed_over",
            collectivite=collectivite,
            actor=by,
            target=interim,
            giver=str(giver.pk),
            holder=str(holder.pk),
            scope=scope.value,
            starts_on=starts_on.isoformat(),
            ends_on=ends_on.isoformat(),
        )
    return interim


def end_interim(interim: Interim, *, by: User) -> Interim:
    """Give the tasks back before the period ends; the dates stay."""
    with transaction.atomic():
        locked = Interim.objects.select_for_update().get(pk=interim.pk)
        if locked.ended_at is not None or locked.ends_on < timezone.localdate():
            raise ValidationError("Cet intérim est déjà terminé.")
        locked.ended_at = timezone.now()
        locked.ended_by = by
        locked.save(update_fields=["ended_at", "ended_by", "updated_at"])
        record(
            "interim.ended",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            giver=str(locked.giver_id),
            holder=str(locked.holder_id),
            scope=locked.scope,
        )
    return locked


@dataclass(frozen=True)
class Holder:
    """Who holds a pending task, since when, and in whose place."""

    membership: Membership | None
    since: datetime | None
    replaces: Membership | None = None

    @property
    def label(self) -> str:
        if self.membership is None:
            return "le maire"
        name = self.membership.user.full_name
        if self.replaces is not None:
            return f"{name}, en intérim {elide('de', self.replaces.user.full_name)}"
        return name


def running_by_giver(
    collectivite: Collectivite, today: date
) -> dict[tuple[object, str], Interim]:
    """The hand-overs of today, by giver and scope, in one query."""
    return {
        (interim.giver_id, interim.scope): interim
        for interim in Interim.objects.running(today)
        .filter(collectivite=collectivite)
        .select_related("giver__user", "holder__user")
    }


def holder_of(
    owner: Membership | None,
    scope: Scope,
    since: datetime | None,
    running: dict[tuple[object, str], Interim],
) -> Holder:
    """Who holds ``owner``'s task of ``scope`` today: the owner, or the one
    they handed it to, from the later of ``since`` and the hand-over."""
    if owner is None:
        return Holder(None, since)
    interim = running.get((owner.pk, scope.value))
    if interim is None:
        return Holder(owner, since)
    start = datetime.combine(
        interim.starts_on, datetime.min.time(), tzinfo=timezone.get_current_timezone()
    )
    return Holder(interim.holder, max(since, start) if since else start, owner)
