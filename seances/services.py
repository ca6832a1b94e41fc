"""State changes of séances and of their agenda.

Each function works in one transaction and writes the journal. A refusal
raises ``ValidationError`` with a French message before anything is stored.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from collectivites.models import Collectivite, Membership, Workspace
from domain.jours_francs import ConvocationCase, check_convocation
from domain.roles import Role
from journal.services import record
from seances.deadlines import convocation_case
from seances.models import AgendaItem, Seance
from seances.signals import OUTCOME, convened_point_changed
from seances.workflow import initial_state, withdraw_review
from search.indexing import index_point
from web.french import date_format

Status = Seance.Status
STATUS_ORDER = [Status.PREPARATION, Status.CONVOQUEE, Status.EN_COURS, Status.CLOSE]
# What the council is convened on: changing one of these on a reviewed point
# withdraws its review. The agents and the validator organise the work and
# change nothing of it.
REVIEWED_FIELDS = ("title", "kind", "rapporteur", "huis_clos", "concerns_icpe")


def create_seance(
    *,
    collectivite: Collectivite,
    by: User | None,
    starts_at: datetime,
    place: str,
    kind: str,
    workspace: Workspace | None = None,
) -> Seance:
    """Plan a séance of the council (or of a commission), in preparation."""
    _check_workspace(collectivite, workspace)
    with transaction.atomic():
        seance = Seance.objects.create(
            collectivite=collectivite,
            workspace=workspace,
            starts_at=starts_at,
            place=place.strip(),
            kind=kind,
        )
        record(
            "seance.created",
            collectivite=collectivite,
            actor=by,
            target=seance,
            starts_at=starts_at.isoformat(),
            place=seance.place,
            kind=kind,
        )
    return seance


def change_seance(
    seance: Seance,
    *,
    by: User | None,
    starts_at: datetime,
    place: str,
    kind: str,
    workspace: Workspace | None = None,
) -> Seance:
    """Change a séance still in preparation: once convened, its date, place
    and kind are those the councillors received."""
    _check_workspace(seance.collectivite, workspace)
    with transaction.atomic():
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        if locked.status != Status.PREPARATION:
            raise ValidationError(
                "La séance est convoquée : sa date, son lieu et son type ne "
                "changent plus."
            )
        new = {
            "starts_at": starts_at,
            "place": place.strip(),
            "kind": kind,
            "workspace": workspace,
        }
        changes = {
            name: [str(getattr(locked, name)), str(value)]
            for name, value in new.items()
            if getattr(locked, name) != value
        }
        if not changes:
            return locked
        for name, value in new.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*new, "updated_at"])
        record(
            "seance.changed",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            changes=changes,
        )
    return locked


def mark_convened(
    seance: Seance,
    *,
    by: User | None,
    sent_on: date | None = None,
    urgence_reason: str = "",
) -> Seance:
    """Record that the convocation leaves on ``sent_on`` and freeze the agenda.

    ``sent_on`` is today unless given: the application sends the
    convocation (``convocations.services.send_convocation``) and the day it
    leaves is today's, never a typed one; only the demonstration's history
    passes earlier days.

    Refused when the delay in jours francs is not met (CGCT L2121-11,
    L2121-12, L2121-17, see ``_checked_urgence``), when an urgence has no
    written reason (the council rules on it at the opening), or when an
    active délibération is not validated: only validated drafts are
    convened, and nothing can be added afterwards (CAA Versailles
    03/03/2011 n°09VE03950). The other points need no validation. Every
    active point becomes "inscrit".
    """
    reason = urgence_reason.strip()
    with transaction.atomic():
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        if locked.status != Status.PREPARATION:
            raise ValidationError("Cette séance est déjà convoquée.")
        today = timezone.localdate()
        if sent_on is None:
            sent_on = today
        if sent_on > today:
            raise ValidationError(
                {"sent_on": "La date d'envoi ne peut pas être dans le futur."}
            )
        items = list(locked.items.filter(outcome=""))
        if not items:
            raise ValidationError("L'ordre du jour est vide : ajoutez des points.")
        pending = [
            item.title
            if item.rapporteur_id is not None
            else f"{item.title} (sans rapporteur : désignez-le avec « Modifier "
            "le point »)"
            for item in items
            if item.is_deliberation and item.state != AgendaItem.State.VALIDE
        ]
        if pending:
            raise ValidationError(
                "Ces points ne sont pas encore validés : " + " ; ".join(pending) + "."
            )
        if locked.kind == Seance.Kind.URGENCE and not reason:
            raise ValidationError(
                {
                    "urgence_reason": "Indiquez le motif de l'urgence : le "
                    "conseil se prononce sur l'urgence à l'ouverture de la "
                    "séance (CGCT L2121-11)."
                }
            )
        if locked.is_council:
            case = convocation_case(
                locked.collectivite,
                locked,
                has_icpe_item=any(item.concerns_icpe for item in items),
            )
            reason = _checked_urgence(locked, case, sent_on, reason)
        elif locked.kind != Seance.Kind.URGENCE:
            reason = ""

        locked.status = Status.CONVOQUEE
        locked.convened_on = sent_on
        locked.urgence_reason = reason
        locked.save(
            update_fields=["status", "convened_on", "urgence_reason", "updated_at"]
        )
        AgendaItem.objects.filter(seance=locked, outcome="").update(
            state=AgendaItem.State.INSCRIT, updated_at=timezone.now()
        )
        record(
            "seance.convened",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            sent_on=sent_on.isoformat(),
            urgence_reason=reason,
            items=[str(item.pk) for item in items],
        )
    return locked


def _checked_urgence(
    seance: Seance, case: ConvocationCase, sent_on: date, reason: str
) -> str:
    """The reason of urgence to record once the delay is checked; refuses
    a convocation sent too late.

    An ordinary or extraordinary séance sent too late may still be convened
    with a written reason of urgence: the maire shortens the delay, never
    below one jour franc, and the council rules on the urgence at the
    opening (CGCT L2121-11, L2121-12). Without a reason the refusal says so,
    with the code ``urgence_possible``, so that the page offers that path.
    Sent in time, an ordinary séance has no urgence to report: a reason
    typed anyway is not kept. A new convocation after a failed quorum keeps
    its own delay (L2121-17)."""
    day = seance.local_start.date()
    check = check_convocation(case, sent_on, day)
    if check.valid:
        return reason if seance.kind == Seance.Kind.URGENCE else ""
    latest = date_format(check.latest_sending_date, "l j F Y")
    late = (
        f"Trop tard : {check.delay.reason} ({check.delay.article}). La "
        f"convocation devait partir au plus tard le {latest}."
    )
    if seance.kind not in {Seance.Kind.ORDINAIRE, Seance.Kind.EXTRAORDINAIRE}:
        raise ValidationError(
            f"{late} Choisissez une autre date de séance.", code="too_late"
        )
    if not reason:
        raise ValidationError(
            f"{late} En cas d'urgence, le maire peut abréger ce délai, jamais en "
            "dessous d'un jour franc (CGCT L2121-11) : indiquez le motif de "
            "l'urgence, sur lequel le conseil se prononcera à l'ouverture de la "
            "séance. Sinon, choisissez une autre date de séance.",
            code="urgence_possible",
        )
    urgent = check_convocation(replace(case, urgence=True), sent_on, day)
    if not urgent.valid:
        raise ValidationError(
            f"Trop tard, même en urgence : {urgent.delay.reason} "
            f"({urgent.delay.article}). Choisissez une autre date de séance.",
            code="too_late",
        )
    return reason


def advance_seance(seance: Seance, *, by: User | None, to: str) -> Seance:
    """Open a convened meeting of a commission, or close an open one. The
    status only moves forward, one step at a time; convening goes through
    ``mark_convened``. A séance of the council opens with its roll call and
    closes while it is held (``proceedings.services.open_seance``,
    ``close_seance``): none is ever en cours without it."""
    with transaction.atomic():
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        if locked.is_council:
            raise ValidationError(
                "Une séance du conseil municipal s'ouvre par l'appel et se clôt "
                "depuis sa tenue : utilisez « Tenir la séance »."
            )
        current = STATUS_ORDER.index(Status(locked.status))
        target = STATUS_ORDER.index(Status(to))
        if target != current + 1 or to == Status.CONVOQUEE:
            raise ValidationError(
                f"Une séance « {locked.get_status_display()} » ne peut pas "
                f"passer à « {Status(to).label} »."
            )
        before = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        record(
            "seance.status_changed",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            before=before,
            after=to,
        )
    return locked


def add_item(
    seance: Seance,
    *,
    by: User | None,
    title: str,
    kind: str,
    rapporteur: Membership | None = None,
    parent: AgendaItem | None = None,
    huis_clos: bool = False,
    concerns_icpe: bool = False,
    agents: list[Membership] | tuple[Membership, ...] = (),
    validator: Membership | None = None,
) -> AgendaItem:
    """Add a point at the end of the agenda (or of its parent's sub-points):
    a délibération as a brouillon, any other point ready (``initial_state``).

    Refused once the séance is convened: the agenda is frozen (CAA
    Versailles 03/03/2011 *Commune de Nozay* n°09VE03950)."""
    with transaction.atomic():
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        if locked.status != Status.PREPARATION:
            raise ValidationError(
                "La séance est convoquée : l'ordre du jour est arrêté et aucun "
                "point ne peut plus y être ajouté."
            )
        _check_people(locked, rapporteur, validator, agents)
        if parent is not None and (
            parent.seance_id != locked.pk or parent.parent_id is not None
        ):
            raise ValidationError({"parent": "Choisissez un point de cette séance."})
        last = locked.items.filter(parent=parent).aggregate(last=Max("position"))
        item = AgendaItem.objects.create(
            seance=locked,
            parent=parent,
            position=(last["last"] or 0) + 1,
            title=title.strip(),
            kind=kind,
            state=initial_state(kind),
            rapporteur=rapporteur,
            validator=validator,
            huis_clos=huis_clos,
            concerns_icpe=concerns_icpe,
        )
        item.agents.set(agents)
        index_point(item)
        record(
            "agenda.item_added",
            collectivite=locked.collectivite,
            actor=by,
            target=item,
            seance=str(locked.pk),
            title=item.title,
            kind=kind,
            state=item.state,
            huis_clos=huis_clos,
        )
    return item


def change_item(
    item: AgendaItem,
    *,
    by: User | None,
    title: str,
    kind: str,
    rapporteur: Membership | None,
    huis_clos: bool,
    concerns_icpe: bool,
    agents: list[Membership] | tuple[Membership, ...],
    validator: Membership | None,
) -> AgendaItem:
    """Change a point of a séance still in preparation.

    A change of what the council is convened on (``REVIEWED_FIELDS``)
    withdraws the review: a validated point goes back to brouillon, an
    approval is withdrawn, a new rapporteur is asked from the start
    (``withdraw_review``). A validation handed to an adjoint who no longer
    reports the point goes back to the maire: it was handed to them for
    their délégation."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        seance = locked.seance
        if seance.status != Status.PREPARATION:
            raise ValidationError("La séance est convoquée : ce point est arrêté.")
        kept = validator is not None and validator == locked.validator
        if kept and validator != rapporteur:
            validator = None
        _check_people(seance, rapporteur, validator, agents)
        new = {
            "title": title.strip(),
            "kind": kind,
            "rapporteur": rapporteur,
            "huis_clos": huis_clos,
            "concerns_icpe": concerns_icpe,
            "validator": validator,
        }
        changes = {
            name: [str(getattr(locked, name)), str(value)]
            for name, value in new.items()
            if getattr(locked, name) != value
        }
        for name, value in new.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*new, "updated_at"])
        locked.agents.set(agents)
        index_point(locked)
        record(
            "agenda.item_changed",
            collectivite=seance.collectivite,
            actor=by,
            target=locked,
            changes=changes,
            agents=sorted(str(agent.pk) for agent in agents),
        )
        reviewed = [name for name in REVIEWED_FIELDS if name in changes]
        if reviewed:
            withdraw_review(
                locked,
                by=by,
                cause=",".join(reviewed),
                restart="rapporteur" in changes,
            )
    return locked


def move_item(item: AgendaItem, *, by: User | None, direction: str) -> AgendaItem:
    """Swap a point with its neighbour above ("up") or below ("down") among
    the points of the same level: a main point takes its sub-points along, a
    sub-point stays under its parent. Nothing moves once convened."""
    with transaction.atomic():
        seance, items = _lock_agenda(item.seance_id)
        if direction not in {"up", "down"}:
            raise ValidationError("Sens de déplacement inconnu.")
        locked = next(one for one in items if one.pk == item.pk)
        siblings = [one for one in items if one.parent_id == locked.parent_id]
        here = siblings.index(locked)
        there = here - 1 if direction == "up" else here + 1
        if not 0 <= there < len(siblings):
            return locked
        siblings[here], siblings[there] = siblings[there], siblings[here]
        _renumber(siblings)
        record(
            "agenda.item_moved",
            collectivite=seance.collectivite,
            actor=by,
            target=locked,
            direction=direction,
            position=locked.position,
        )
    return locked


def reorder_items(
    seance: Seance, *, by: User | None, order: Sequence[str | UUID]
) -> list[AgendaItem]:
    """Put the points of a séance in ``order``, the ids of all its points as
    the agenda lists them: each main point followed by its own sub-points.

    What the drag and drop of the séance's page sends. A drop keeps the tree
    of the agenda: a main point moves with its sub-points, a sub-point moves
    among the sub-points of its parent and never leaves it. Refused, with
    nothing stored, when ``order`` names a point of another séance, names a
    point twice or leaves one out (the agenda changed in the meantime), or
    takes a sub-point from under its parent; and once the séance is
    convened, since the councillors received the agenda in its order."""
    with transaction.atomic():
        locked, items = _lock_agenda(seance.pk)
        before = _agenda_order(items)
        after = _checked_order(items, order)
        if after == before:
            return after
        _renumber(after)
        record(
            "agenda.reordered",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            before=[str(one.pk) for one in before],
            after=[str(one.pk) for one in after],
        )
    return after


def _lock_agenda(seance_id: UUID) -> tuple[Seance, list[AgendaItem]]:
    """The séance and its points by position, locked: two moves, or a move
    and a new point, are made one after the other, each on the order the
    other left."""
    locked = Seance.objects.select_for_update().get(pk=seance_id)
    if locked.status != Status.PREPARATION:
        raise ValidationError("La séance est convoquée : l'ordre est arrêté.")
    items = list(
        locked.items.select_for_update().order_by("position", "created_at", "pk")
    )
    return locked, items


def _agenda_order(items: list[AgendaItem]) -> list[AgendaItem]:
    """``items``, by position, in the order of the agenda: 1, 1.1, 1.2, 2…"""
    subs: dict[UUID, list[AgendaItem]] = defaultdict(list)
    for item in items:
        if item.parent_id is not None:
            subs[item.parent_id].append(item)
    tops = [item for item in items if item.parent_id is None]
    return [one for top in tops for one in (top, *subs[top.pk])]


def _checked_order(
    items: list[AgendaItem], order: Sequence[str | UUID]
) -> list[AgendaItem]:
    """The points of ``items`` in ``order``, refused as ``reorder_items`` says."""
    by_id = {str(item.pk): item for item in items}
    not_here = ValidationError(
        "Cet ordre nomme un point qui n'est pas de cette séance : rien n'a été déplacé."
    )
    try:
        ids = [str(UUID(str(value))) for value in order]
    except ValueError:
        raise not_here from None
    if any(one not in by_id for one in ids):
        raise not_here
    if len(set(ids)) != len(ids):
        raise ValidationError(
            "Cet ordre nomme deux fois le même point : rien n'a été déplacé."
        )
    if len(ids) != len(by_id):
        raise ValidationError(
            "L'ordre du jour a changé entre-temps : rechargez la page, puis "
            "déplacez à nouveau le point."
        )
    new = [by_id[one] for one in ids]
    _check_tree(new, by_id)
    return new


def _check_tree(order: list[AgendaItem], by_id: dict[str, AgendaItem]) -> None:
    """Each sub-point comes right after its parent or a sibling: under its
    own point, none between a point and its sub-points."""
    top: AgendaItem | None = None
    for item in order:
        if item.parent_id is None:
            top = item
        elif top is None or item.parent_id != top.pk:
            parent = by_id[str(item.parent_id)]
            raise ValidationError(
                f"« {item.title} » est un sous-point de « {parent.title} » et "
                "reste sous ce point : déplacez le point principal, ses "
                "sous-points le suivent. Rien n'a été déplacé."
            )


def _renumber(items: list[AgendaItem]) -> None:
    """Number ``items`` 1, 2, 3… in their order, each level on its own (the
    main points, the sub-points of each), and store the positions that
    changed."""
    counts: dict[UUID | None, int] = defaultdict(int)
    now = timezone.now()
    changed = []
    for item in items:
        counts[item.parent_id] += 1
        if item.position != counts[item.parent_id]:
            item.position = counts[item.parent_id]
            item.updated_at = now
            changed.append(item)
    AgendaItem.objects.bulk_update(changed, ["position", "updated_at"])


def set_outcome(item: AgendaItem, *, by: User | None, outcome: str) -> AgendaItem:
    """Withdraw or postpone a point, or maintain it again, until the séance
    is closed. Before convocation the maire may withdraw a point provided
    every councillor is told (CE 25/07/1986 n°68309)."""
    if outcome not in AgendaItem.Outcome.values:
        raise ValidationError("Sort du point inconnu.")
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if locked.seance.status == Status.CLOSE:
            raise ValidationError("La séance est close.")
        if locked.outcome == outcome:
            return locked
        before = locked.outcome
        locked.outcome = outcome
        locked.save(update_fields=["outcome", "updated_at"])
        record(
            "agenda.item_outcome",
            collectivite=locked.seance.collectivite,
            actor=by,
            target=locked,
            before=before,
            after=outcome,
        )
        if locked.seance.status == Status.CONVOQUEE:
            # Every councillor is told (CE 25/07/1986 n°68309).
            convened_point_changed.send(
                sender=AgendaItem,
                item=locked,
                by=by,
                kind=OUTCOME,
                details={"before": before, "after": outcome},
            )
    return locked


def _check_workspace(collectivite: Collectivite, workspace: Workspace | None) -> None:
    """A séance belongs to the council, or to a commission of the same
    collectivité: a project group or document space holds no meeting."""
    if workspace is None:
        return
    if workspace.collectivite_id != collectivite.pk:
        raise ValidationError({"workspace": "Choisissez une commission de la commune."})
    if workspace.kind != Workspace.Kind.COMMISSION:
        raise ValidationError({"workspace": not_a_commission(workspace)})


def not_a_commission(workspace: Workspace) -> str:
    return (
        f"« {workspace} » est un espace de {workspace.get_kind_display().lower()}, "
        "pas une commission : une réunion de commission ne peut se tenir que dans "
        "une commission. Choisissez une commission, ou « Aucune » pour une séance "
        "du conseil municipal."
    )


def _check_people(
    seance: Seance,
    rapporteur: Membership | None,
    validator: Membership | None,
    agents: list[Membership] | tuple[Membership, ...],
) -> None:
    """The rapporteur is an élu in office of the same collectivité, the
    validator the adjoint in office who reports the point (see
    ``domain.access.can_validate_point``), the named agents agents in office."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if rapporteur is not None and not (
        rapporteur.collectivite_id == seance.collectivite_id
        and rapporteur.is_elu
        and rapporteur.is_current(today)
    ):
        errors["rapporteur"] = "Le rapporteur est un élu en fonctions de la commune."
    if validator is not None and not (
        validator.collectivite_id == seance.collectivite_id
        and validator.role == Role.ADJOINT
        and validator.is_current(today)
        and validator == rapporteur
    ):
        errors["validator"] = (
            "La validation se confie à l'adjoint rapporteur du point, dans sa "
            "délégation : choisissez-le comme rapporteur, ou laissez la "
            "validation au maire."
        )
    if any(
        agent.collectivite_id != seance.collectivite_id
        or agent.is_elu
        or not agent.is_current(today)
        for agent in agents
    ):
        errors["agents"] = "Choisissez des agents en fonctions de la commune."
    if errors:
        raise ValidationError(errors)
