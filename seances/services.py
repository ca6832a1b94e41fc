"""State changes of séances and of their agenda.

Each function works in one transaction and writes the journal. A refusal
raises ``ValidationError`` with a French message before anything is stored.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from collectivites.models import Collectivite, Membership, Workspace
from domain.jours_francs import check_convocation
from journal.services import record
from seances.deadlines import convocation_case
from seances.models import AgendaItem, Seance
from search.indexing import index_point

Status = Seance.Status
STATUS_ORDER = [Status.PREPARATION, Status.CONVOQUEE, Status.EN_COURS, Status.CLOSE]


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
    seance: Seance, *, by: User | None, sent_on: date, urgence_reason: str = ""
) -> Seance:
    """Record that the convocation was sent on ``sent_on`` and freeze the agenda.

    Refused when the delay in jours francs is not met (CGCT L2121-11,
    L2121-12, L2121-17, see ``domain.jours_francs``), when an urgence has no
    written reason (the council rules on it at the opening), or when an
    active point is not validated: only validated points are convened, and
    nothing can be added afterwards (CAA Versailles 03/03/2011 n°09VE03950).
    The validated points become "inscrit".
    """
    reason = urgence_reason.strip()
    with transaction.atomic():
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
        if locked.status != Status.PREPARATION:
            raise ValidationError("Cette séance est déjà convoquée.")
        today = timezone.localdate()
        if sent_on > today:
            raise ValidationError(
                {"sent_on": "La date d'envoi ne peut pas être dans le futur."}
            )
        items = list(locked.items.filter(outcome=""))
        if not items:
            raise ValidationError("L'ordre du jour est vide : ajoutez des points.")
        pending = [item.title for item in items if item.state != "valide"]
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
            check = check_convocation(case, sent_on, locked.local_start.date())
            if not check.valid:
                latest = date_format(check.latest_sending_date, "l j F Y")
                raise ValidationError(
                    {
                        "sent_on": f"Trop tard : {check.delay.reason} "
                        f"({check.delay.article}). La convocation devait partir "
                        f"au plus tard le {latest}. Choisissez une autre date "
                        "de séance."
                    }
                )

        locked.status = Status.CONVOQUEE
        locked.convened_on = sent_on
        locked.urgence_reason = reason
        locked.save(
            update_fields=["status", "convened_on", "urgence_reason", "updated_at"]
        )
        AgendaItem.objects.filter(seance=locked, outcome="", state="valide").update(
            state="inscrit", updated_at=timezone.now()
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


def advance_seance(seance: Seance, *, by: User | None, to: str) -> Seance:
    """Open a convened séance, or close an open one. The status only moves
    forward, one step at a time; convening goes through ``mark_convened``."""
    with transaction.atomic():
        locked = Seance.objects.select_for_update().get(pk=seance.pk)
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
    """Add a point at the end of the agenda (or of its parent's sub-points).

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
    """Change a point of a séance still in preparation."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        seance = locked.seance
        if seance.status != Status.PREPARATION:
            raise ValidationError("La séance est convoquée : ce point est arrêté.")
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
    return locked


def move_item(item: AgendaItem, *, by: User | None, direction: str) -> AgendaItem:
    """Swap a point with its neighbour above ("up") or below ("down") among
    the points of the same level; nothing moves once convened."""
    with transaction.atomic():
        locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
        seance = locked.seance
        if seance.status != Status.PREPARATION:
            raise ValidationError("La séance est convoquée : l'ordre est arrêté.")
        siblings = seance.items.select_for_update().filter(parent=locked.parent_id)
        if direction == "up":
            other = (
                siblings.filter(position__lt=locked.position)
                .order_by("-position")
                .first()
            )
        elif direction == "down":
            other = (
                siblings.filter(position__gt=locked.position)
                .order_by("position")
                .first()
            )
        else:
            raise ValidationError("Sens de déplacement inconnu.")
        if other is None:
            return locked
        locked.position, other.position = other.position, locked.position
        locked.save(update_fields=["position", "updated_at"])
        other.save(update_fields=["position", "updated_at"])
        record(
            "agenda.item_moved",
            collectivite=seance.collectivite,
            actor=by,
            target=locked,
            direction=direction,
            position=locked.position,
        )
    return locked


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
    return locked


def _check_workspace(collectivite: Collectivite, workspace: Workspace | None) -> None:
    if workspace is not None and workspace.collectivite_id != collectivite.pk:
        raise ValidationError({"workspace": "Choisissez une commission de la commune."})


def _check_people(
    seance: Seance,
    rapporteur: Membership | None,
    validator: Membership | None,
    agents: list[Membership] | tuple[Membership, ...],
) -> None:
    """The rapporteur is an élu in office of the same collectivité, the
    validator an adjoint, the named agents agents in office."""
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
        and validator.role == "adjoint"
        and validator.is_current(today)
    ):
        errors["validator"] = "Le valideur est un adjoint en fonctions de la commune."
    if any(
        agent.collectivite_id != seance.collectivite_id
        or agent.is_elu
        or not agent.is_current(today)
        for agent in agents
    ):
        errors["agents"] = "Choisissez des agents en fonctions de la commune."
    if errors:
        raise ValidationError(errors)
