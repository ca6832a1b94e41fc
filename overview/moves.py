"""Moving a card of the board: the step of the review it stands for.

A card moves to another column only where ``seances.workflow`` has a step
from its state to that column, and only for the person
``domain.access`` lets take it; nothing here decides on its own. When the
rules say no, ``refusal`` finds the words for the person who tried: which
step is missing, or whose turn it is.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from accounts.models import User
from domain import access
from domain.access import Actor, PointFacts
from seances import workflow
from seances.models import AgendaItem

State = AgendaItem.State
# Not a column: the rapporteur's approval keeps the card under review.
APPROVE = "approuve"

Rule = Callable[[Actor | None, PointFacts], bool]
Step = Callable[[AgendaItem, User, str, int], AgendaItem]


@dataclass(frozen=True)
class Move:
    source: str
    to: str
    label: str
    done: str
    allowed: Rule
    run: Step
    needs_message: bool = False


MOVES: dict[tuple[str, str], Move] = {
    (State.BROUILLON, State.RELECTURE): Move(
        State.BROUILLON,
        State.RELECTURE,
        "Passer en relecture",
        "La relecture est demandée au rapporteur.",
        access.can_request_point_review,
        lambda item, by, _, revision: workflow.request_review(
            item, by=by, revision=revision
        ),
    ),
    (State.RELECTURE, APPROVE): Move(
        State.RELECTURE,
        APPROVE,
        "Approuver le projet",
        "Vous avez approuvé le projet : il attend la validation.",
        access.can_review_point,
        lambda item, by, _, revision: workflow.approve(item, by=by, revision=revision),
    ),
    (State.RELECTURE, State.BROUILLON): Move(
        State.RELECTURE,
        State.BROUILLON,
        "Renvoyer en brouillon",
        "Le projet est renvoyé à ses rédacteurs.",
        access.can_review_point,
        lambda item, by, message, revision: workflow.ask_changes(
            item, by=by, message=message, revision=revision
        ),
        needs_message=True,
    ),
    (State.RELECTURE, State.VALIDE): Move(
        State.RELECTURE,
        State.VALIDE,
        "Valider",
        "Le point est validé : il pourra être convoqué.",
        access.can_validate_point,
        lambda item, by, _, revision: workflow.validate(item, by=by, revision=revision),
    ),
}
TARGETS = frozenset(to for _, to in MOVES) | frozenset(State.values)


def moves_for(actor: Actor | None, item: AgendaItem, facts: PointFacts) -> list[Move]:
    """The moves the actor may make on the card: its buttons."""
    if not item.is_deliberation:
        return []
    return [
        move
        for (source, _), move in MOVES.items()
        if source == item.state and move.allowed(actor, facts)
    ]


@dataclass(frozen=True)
class Result:
    done: bool
    message: str


def make_move(
    actor: Actor | None,
    item: AgendaItem,
    facts: PointFacts,
    *,
    by: User,
    to: str,
    revision: int,
    message: str = "",
) -> Result:
    """Take the step of the workflow that leads ``item`` to ``to``, on the
    version of its draft the board showed (``revision``), if the rules let
    ``actor`` take it; otherwise say why, changing nothing."""
    move = MOVES.get((item.state, to)) if item.is_deliberation else None
    if move is None:
        return Result(False, refusal(item, to, facts))
    if not move.allowed(actor, facts):
        return Result(False, refusal(item, to, facts))
    try:
        move.run(item, by, message, revision)
    except workflow.DraftConflict as conflict:
        return Result(False, changed_since(revision, conflict.latest.number))
    except ValidationError as error:
        return Result(False, " ".join(error.messages))
    return Result(True, move.done)


def changed_since(shown: int, latest: int) -> str:
    return (
        f"Le projet a changé : la version {latest} a été enregistrée depuis "
        f"que le tableau montre la version {shown}. Rien n'a été fait : lisez "
        "la nouvelle version sur la page du point avant de décider."
    )


def refusal(item: AgendaItem, to: str, facts: PointFacts) -> str:
    """Why the card cannot go to ``to``, in the words of the workflow."""
    if to == item.state:
        return "Le point est déjà à cette étape."
    if item.state == State.INSCRIT or facts.convened:
        return (
            "La séance est convoquée : l'ordre du jour est arrêté et ce point "
            "ne change plus d'étape."
        )
    if to == State.INSCRIT:
        return (
            "Un point est inscrit quand la séance est convoquée : tous les "
            "points validés le deviennent ensemble, depuis la page de la séance."
        )
    if not item.is_deliberation:
        return (
            "Ce point n'est pas une délibération : il est prêt dès sa création "
            "et n'a pas d'étape à franchir."
        )
    if (item.state, to) not in MOVES:
        return _missing_step(item.state)
    return _not_your_turn(item.state, to, facts)


def _missing_step(state: str) -> str:
    if state == State.VALIDE:
        return (
            "Un point validé ne revient en brouillon que si son projet ou ses "
            "annexes changent : modifiez-le depuis sa page."
        )
    return (
        "Un brouillon passe d'abord en relecture : son rapporteur l'approuve, "
        "puis le maire le valide."
    )


def _not_your_turn(state: str, to: str, facts: PointFacts) -> str:
    if state == State.BROUILLON:
        if not facts.has_rapporteur:
            return "Désignez d'abord le rapporteur du point : c'est lui qui le relit."
        return (
            "La relecture est demandée par le secrétariat de mairie ou par un "
            "agent qui rédige ce point."
        )
    if facts.rapporteur_approved and to != State.VALIDE:
        return "Le rapporteur a déjà approuvé ce projet : il attend la validation."
    if to == State.VALIDE:
        if not facts.rapporteur_approved:
            return (
                "Le rapporteur n'a pas encore approuvé ce projet : le point se "
                "valide après son approbation."
            )
        return (
            "Seul le maire, ou l'adjoint rapporteur qu'il a chargé de ce point, "
            "le valide."
        )
    return "Seul le rapporteur du point l'approuve ou le renvoie en brouillon."
