"""Handing one's tasks to someone else for a while (*intérim*, holidays).

A person hands a kind of task (``Scope``) to another for a period; the
holder then does those tasks, and nothing else, until the period ends.
What may be handed follows the law:

- the maire's validation of the points goes to the adjoint who replaces
  him: the first adjoint in the order of the tableau who is not away
  himself, and failing any adjoint a conseiller in the order of the
  tableau (CGCT L2122-17);
- a rapporteur's reviews of the drafts go from an élu to another élu:
  approving a text in the council's name is not an agent's act;
- the preparation of points goes from an agent to another agent.

Nothing else is a ``Scope``: an élu's vote (CGCT L2121-20 only lets it be
given by a procuration, for one séance), the convocation (L2121-10) and
the chairing of the séance (L2121-14) are never handed here.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.roles import Role, Status


class Scope(StrEnum):
    REVIEWS = "relectures"
    VALIDATIONS = "validations"
    PREPARATION = "preparation"


SCOPE_LABELS: dict[Scope, str] = {
    Scope.REVIEWS: "Les relectures des projets dont je suis rapporteur",
    Scope.VALIDATIONS: "La validation des points (maire)",
    Scope.PREPARATION: "La préparation des points",
}


@dataclass(frozen=True)
class Person:
    """Someone of the collectivité, as the rules of a hand-over see them."""

    id: object
    role: Role
    status: Status
    rank: int | None
    in_office: bool


@dataclass(frozen=True)
class HeldTask:
    """A task someone handed to the actor and that runs today."""

    scope: Scope
    for_id: object
    for_role: Role


def runs_on(starts_on: date, ends_on: date, today: date) -> bool:
    """A hand-over runs from its first day to its last day, both included
    (the first and the last day of the holidays)."""
    return starts_on <= today <= ends_on


def maire_replacement(
    people: Iterable[Person], away: Iterable[object]
) -> Person | None:
    """Who replaces the maire (CGCT L2122-17): an adjoint, in the order of
    the nominations, which is their order in the tableau; failing any, a
    conseiller in the order of the tableau (the council may designate
    another one: that designation is not recorded here). Those who are
    away themselves (``away``) or no longer in office are passed over."""
    absent = set(away)
    available = [
        person
        for person in people
        if person.in_office and person.id not in absent and person.role != Role.MAIRE
    ]

    def first(roles: set[Role]) -> Person | None:
        ranked = [person for person in available if person.role in roles]
        ranked.sort(key=lambda person: (person.rank is None, person.rank or 0))
        return ranked[0] if ranked else None

    return first({Role.ADJOINT}) or first({Role.CONSEILLER_DELEGUE, Role.CONSEILLER})


def scopes_of(giver: Person) -> list[Scope]:
    """The kinds of task ``giver`` has to hand."""
    if giver.role == Role.MAIRE:
        return [Scope.VALIDATIONS, Scope.REVIEWS]
    if giver.status == Status.ELU:
        return [Scope.REVIEWS]
    return [Scope.PREPARATION]


def handover_errors(
    giver: Person,
    holder: Person,
    scope: Scope,
    *,
    starts_on: date,
    ends_on: date,
    today: date,
    replacement: Person | None = None,
) -> dict[str, str]:
    """What is wrong with handing ``scope`` from ``giver`` to ``holder``, by
    field of the form, in French; empty when the hand-over is allowed.

    ``replacement`` is who replaces the maire today (``maire_replacement``),
    needed when the maire hands his validations."""
    errors: dict[str, str] = {}
    if ends_on < starts_on:
        errors["ends_on"] = "La fin de la période doit suivre son début."
    elif ends_on < today:
        errors["ends_on"] = "Cette période est déjà passée."
    if holder.id == giver.id:
        errors["holder"] = "Choisissez une autre personne que celle qui s'absente."
    elif not holder.in_office:
        errors["holder"] = "Cette personne n'est plus en fonction."
    if not giver.in_office:
        errors["giver"] = "Cette personne n'est plus en fonction."
    if scope not in scopes_of(giver):
        errors["scope"] = "Cette personne n'a pas cette tâche à confier."
    elif "holder" not in errors:
        problem = _holder_problem(holder, scope, replacement)
        if problem:
            errors["holder"] = problem
    return errors


def _holder_problem(holder: Person, scope: Scope, replacement: Person | None) -> str:
    if scope == Scope.VALIDATIONS:
        if replacement is None:
            return "Aucun élu ne peut remplacer le maire."
        if holder.id != replacement.id:
            return (
                "Le maire est remplacé par le premier adjoint disponible dans "
                "l'ordre du tableau (CGCT L2122-17)."
            )
        return ""
    if scope == Scope.REVIEWS and holder.status != Status.ELU:
        return "Les relectures d'un élu sont confiées à un autre élu."
    if scope == Scope.PREPARATION and holder.status != Status.AGENT:
        return "La préparation des points est confiée à un autre agent."
    return ""
