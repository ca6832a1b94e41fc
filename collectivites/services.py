"""State changes of collectivités, members and workspaces.

Each function does its work in one transaction and writes the journal. A
refusal raises ``ValidationError`` with a French message (keyed by form field
where there is one) before anything is stored.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.tasks import send_invitation_email
from collectivites.models import Collectivite, Membership, Workspace, WorkspaceMember
from domain.council import mandates_over_seats
from domain.french import Civility
from domain.roles import ADMINISTRATION_ROLES, ROLE_LABELS, Role, Status, status_of
from journal.services import record
from web.french import date_format

# Roles whose holder receives a délégation of the maire (CGCT art. L2122-18).
DELEGATED_ROLES = frozenset({Role.ADJOINT, Role.CONSEILLER_DELEGUE})
STATUS_LABELS = {Status.ELU: "Élu(e)", Status.AGENT: "Agent"}


def role_errors(
    *,
    role: Role,
    status: Status | None = None,
    delegation: str = "",
    rank: int | None = None,
    function: str = "",
    started_on: date | None = None,
    ended_on: date | None = None,
) -> dict[str, str]:
    """What does not fit together in a person's place, by form field.

    The status follows from the role; a délégation belongs to an adjoint or
    a conseiller délégué, a rank in the tableau to an élu, a function to an
    agent; a mandate or a job ends after it starts.
    """
    errors: dict[str, str] = {}
    expected = status_of(role)
    if status is not None and status != expected:
        kind = "d'élu" if expected == Status.ELU else "d'agent"
        errors["role"] = (
            f"« {ROLE_LABELS[role]} » est un rôle {kind} : choisissez le "
            f"statut « {STATUS_LABELS[expected]} », ou un autre rôle."
        )
    if delegation and role not in DELEGATED_ROLES:
        errors["delegation"] = (
            "Seuls les adjoints et les conseillers délégués reçoivent une délégation."
        )
    if rank is not None and expected != Status.ELU:
        errors["rank"] = "Le rang au tableau ne concerne que les élus."
    if function and expected != Status.AGENT:
        errors["function"] = (
            "La fonction concerne les agents ; pour un élu, indiquez sa délégation."
        )
    if started_on is not None and ended_on is not None and ended_on <= started_on:
        errors["ended_on"] = (
            f"La date de fin doit venir après la date de début ({_day(started_on)})."
        )
    return errors


def add_member(
    *,
    collectivite: Collectivite,
    email: str,
    first_name: str,
    last_name: str,
    role: Role,
    by: User | None,
    phone: str = "",
    function: str = "",
    delegation: str = "",
    rank: int | None = None,
    started_on: date | None = None,
    ended_on: date | None = None,
    end_reason: str = "",
    status: Status | None = None,
    is_admin: bool = False,
    civility: Civility = Civility.UNKNOWN,
) -> Membership:
    """Give a person (found by e-mail, or created without a password) a
    place in the collectivité. The person chooses a password when invited.

    Refused, with nothing stored, when a given status does not match the
    role, when the end does not come after the start, or when the person
    already has a place in the collectivité over the same period. The
    stricter checks of a person's place (``role_errors`` in full, one maire
    at a time) are ``invite_member``'s: an imported list keeps what it says.
    An existing account keeps its name: it may be shared with another
    collectivité."""
    email = User.objects.normalize_email(email).strip().lower()
    started_on = started_on or timezone.localdate()
    errors = role_errors(
        role=role, status=status, started_on=started_on, ended_on=ended_on
    )
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        existing = (
            _overlapping(collectivite, started_on, ended_on)
            .filter(user__email=email)
            .first()
        )
        if existing is not None:
            raise ValidationError(
                {
                    "email": (
                        f"Cette adresse est déjà celle d'un membre de {collectivite} "
                        f"({existing.get_role_display()}, depuis le "
                        f"{_day(existing.started_on)})."
                    )
                }
            )
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "phone": phone,
                "civility": civility.value,
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        membership = Membership.objects.create(
            user=user,
            collectivite=collectivite,
            role=role.value,
            function=function,
            delegation=delegation,
            rank=rank,
            is_admin=is_admin,
            started_on=started_on,
            ended_on=ended_on,
            end_reason=end_reason,
        )
        record(
            "membership.added",
            collectivite=collectivite,
            actor=by,
            target=membership,
            role=role.value,
            email=email,
        )
    return membership


def invite_member(
    *,
    collectivite: Collectivite,
    by: User | None,
    email: str,
    first_name: str,
    last_name: str,
    role: Role,
    status: Status | None = None,
    function: str = "",
    delegation: str = "",
    rank: int | None = None,
    is_admin: bool = False,
    started_on: date | None = None,
    ended_on: date | None = None,
    civility: Civility = Civility.UNKNOWN,
) -> Membership:
    """Add a member from the administration's form, then send the e-mail
    that tells the person: a link to choose a password for a new account, a
    notice for an existing one. Refused, with nothing stored nor sent, when
    the place does not fit its role (``role_errors``), when it would make two
    maires at once, or for any refusal of ``add_member``."""
    started_on = started_on or timezone.localdate()
    errors = role_errors(
        role=role,
        status=status,
        delegation=delegation,
        rank=rank,
        function=function,
        started_on=started_on,
        ended_on=ended_on,
    )
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        if role == Role.MAIRE:
            _check_one_maire(collectivite, started_on, ended_on, excluding=None)
        if status_of(role) == Status.ELU:
            check_council_seats(collectivite, started_on, ended_on)
        membership = add_member(
            collectivite=collectivite,
            by=by,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            status=status,
            function=function,
            delegation=delegation,
            rank=rank,
            is_admin=is_admin,
            started_on=started_on,
            ended_on=ended_on,
            civility=civility,
        )
        send_invitation(membership, by=by)
    return membership


def send_invitation(membership: Membership, *, by: User | None) -> None:
    """Send (again) the invitation e-mail of a mandate or job not ended."""
    if has_ended(membership):
        raise ValidationError(
            "Ce mandat ou cette fonction est terminé : l'invitation n'a pas été "
            "envoyée."
        )
    with transaction.atomic():
        record(
            "membership.invitation_sent",
            collectivite=membership.collectivite,
            actor=by,
            target=membership,
            new_account=not membership.user.has_usable_password(),
        )
        # Enqueued inside the transaction: with the database queue, the task
        # is stored with the change and never runs for a rolled-back one.
        send_invitation_email.enqueue(
            str(membership.id), str(by.pk) if by is not None else ""
        )


def change_membership(
    membership: Membership,
    *,
    by: User | None,
    role: Role,
    status: Status | None = None,
    delegation: str = "",
    rank: int | None = None,
    function: str = "",
    is_admin: bool = False,
    civility: Civility | None = None,
) -> Membership:
    """Change the role, délégation, rank, function or administrator flag
    of a mandate or job not ended, and the civility of the person when
    given. Refused when the facts do not fit, when
    it would make two maires, or when it would leave the collectivité
    without any administrator."""
    if has_ended(membership):
        raise ValidationError(
            "Ce mandat ou cette fonction est terminé : son historique ne se "
            "modifie plus."
        )
    errors = role_errors(
        role=role, status=status, delegation=delegation, rank=rank, function=function
    )
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        locked = _lock_with_administrators(membership)
        if role == Role.MAIRE and locked.role != Role.MAIRE:
            _check_one_maire(
                locked.collectivite,
                max(locked.started_on, timezone.localdate()),
                locked.ended_on,
                excluding=locked,
            )
        if _is_administrator(locked.role, locked.is_admin) and not (
            _is_administrator(role, is_admin)
        ):
            _check_other_administrator(locked, on=timezone.localdate())
        new = {
            "role": role.value,
            "delegation": delegation,
            "rank": rank,
            "function": function,
            "is_admin": is_admin,
        }
        changes = {
            name: [getattr(locked, name), value]
            for name, value in new.items()
            if getattr(locked, name) != value
        }
        user = locked.user
        if civility is not None and user.civility != civility.value:
            changes["civility"] = [user.civility, civility.value]
            user.civility = civility.value
            user.save(update_fields=["civility", "updated_at"])
        if not changes:
            return locked
        for name, value in new.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*new, "status", "updated_at"])
        record(
            "membership.changed",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            changes=changes,
        )
    return locked


def end_membership(
    membership: Membership, *, by: User | None, ended_on: date, reason: str
) -> Membership:
    """End a mandate or a job on ``ended_on`` (a démission, the end of a
    contract…): access ends that day, the history stays. Refused when the
    date does not come after the start, or when it would leave the
    collectivité without any administrator."""
    if has_ended(membership):
        raise ValidationError(
            "Ce mandat ou cette fonction est déjà terminé.", code="ended"
        )
    # Ending on the first day is allowed: it withdraws a mistaken
    # invitation, and the person is then never in office.
    if ended_on < membership.started_on:
        raise ValidationError(
            {
                "ended_on": (
                    "La date de fin ne peut pas précéder le début "
                    f"({_day(membership.started_on)})."
                )
            }
        )

    with transaction.atomic():
        locked = _lock_with_administrators(membership)
        if _is_administrator(locked.role, locked.is_admin):
            _check_other_administrator(locked, on=max(ended_on, timezone.localdate()))
        previous_end = locked.ended_on
        locked.ended_on = ended_on
        locked.end_reason = reason
        locked.save(update_fields=["ended_on", "end_reason", "updated_at"])
        record(
            "membership.ended",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            ended_on=ended_on.isoformat(),
            reason=reason,
            previous_end=previous_end.isoformat() if previous_end else None,
        )
    return locked


def create_workspace(
    *,
    collectivite: Collectivite,
    by: User | None,
    name: str,
    kind: str,
    description: str = "",
) -> Workspace:
    """Open a commission or a project group, without members yet."""
    name = name.strip()
    _check_workspace_name(collectivite, name, excluding=None)
    with transaction.atomic():
        workspace = Workspace.objects.create(
            collectivite=collectivite, name=name, kind=kind, description=description
        )
        record(
            "workspace.created",
            collectivite=collectivite,
            actor=by,
            target=workspace,
            name=name,
            kind=kind,
        )
    return workspace


def change_workspace(
    workspace: Workspace, *, by: User | None, name: str, kind: str, description: str
) -> Workspace:
    name = name.strip()
    _check_workspace_name(workspace.collectivite, name, excluding=workspace)
    with transaction.atomic():
        locked = Workspace.objects.select_for_update().get(pk=workspace.pk)
        new = {"name": name, "kind": kind, "description": description}
        changes = {
            field: [getattr(locked, field), value]
            for field, value in new.items()
            if getattr(locked, field) != value
        }
        if not changes:
            return locked
        for field, value in new.items():
            setattr(locked, field, value)
        locked.save(update_fields=[*new, "updated_at"])
        record(
            "workspace.changed",
            collectivite=locked.collectivite,
            actor=by,
            target=locked,
            changes=changes,
        )
    return locked


def add_workspace_member(
    workspace: Workspace,
    membership: Membership,
    *,
    by: User | None,
    is_manager: bool = False,
) -> WorkspaceMember:
    """Add a member in office of the workspace's own collectivité; nobody
    from elsewhere can ever join."""
    if membership.collectivite_id != workspace.collectivite_id or not (
        membership.is_current()
    ):
        raise ValidationError(
            {"membership": "Choisissez une personne en fonction dans la collectivité."}
        )
    with transaction.atomic():
        if WorkspaceMember.objects.filter(
            workspace=workspace, membership=membership
        ).exists():
            raise ValidationError(
                {"membership": f"{membership.user} fait déjà partie de cet espace."}
            )
        link = WorkspaceMember.objects.create(
            workspace=workspace, membership=membership, is_manager=is_manager
        )
        record(
            "workspace.member_added",
            collectivite=workspace.collectivite,
            actor=by,
            target=workspace,
            membership=str(membership.id),
            is_manager=is_manager,
        )
    return link


def remove_workspace_member(
    workspace: Workspace, membership: Membership, *, by: User | None
) -> None:
    with transaction.atomic():
        deleted, _ = WorkspaceMember.objects.filter(
            workspace=workspace, membership=membership
        ).delete()
        if not deleted:
            raise ValidationError("Cette personne ne fait pas partie de cet espace.")
        record(
            "workspace.member_removed",
            collectivite=workspace.collectivite,
            actor=by,
            target=workspace,
            membership=str(membership.id),
        )


def set_workspace_manager(
    workspace: Workspace, membership: Membership, *, by: User | None, is_manager: bool
) -> WorkspaceMember:
    """Make a member of the workspace one of its animateurs, or no longer."""
    with transaction.atomic():
        link = (
            WorkspaceMember.objects.select_for_update()
            .filter(workspace=workspace, membership=membership)
            .first()
        )
        if link is None:
            raise ValidationError("Cette personne ne fait pas partie de cet espace.")
        if link.is_manager == is_manager:
            return link
        link.is_manager = is_manager
        link.save(update_fields=["is_manager", "updated_at"])
        record(
            "workspace.manager_set" if is_manager else "workspace.manager_unset",
            collectivite=workspace.collectivite,
            actor=by,
            target=workspace,
            membership=str(membership.id),
        )
    return link


def _day(day: date) -> str:
    return date_format(day, "j F Y")


def has_ended(membership: Membership) -> bool:
    return (
        membership.ended_on is not None and membership.ended_on <= timezone.localdate()
    )


def _overlapping(
    collectivite: Collectivite, started_on: date, ended_on: date | None
) -> QuerySet[Membership]:
    """Places in the collectivité whose period meets [started_on, ended_on)."""
    memberships = Membership.objects.filter(collectivite=collectivite).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=started_on)
    )
    if ended_on is not None:
        memberships = memberships.filter(started_on__lt=ended_on)
    return memberships.select_related("user")


def _check_one_maire(
    collectivite: Collectivite,
    started_on: date,
    ended_on: date | None,
    excluding: Membership | None,
) -> None:
    maires = _overlapping(collectivite, started_on, ended_on).filter(role=Role.MAIRE)
    if excluding is not None:
        maires = maires.exclude(pk=excluding.pk)
    maire = maires.first()
    if maire is not None:
        raise ValidationError(
            {
                "role": (
                    f"{collectivite} a déjà un maire sur cette période "
                    f"({maire.user}) : terminez d'abord son mandat."
                )
            }
        )


def check_council_seats(
    collectivite: Collectivite, started_on: date, ended_on: date | None
) -> None:
    """The council has the seats of its population (L2121-2): one more élu
    would be counted in every quorum and majority."""
    periods = list(
        _overlapping(collectivite, started_on, ended_on)
        .filter(status=Status.ELU)
        .values_list("started_on", "ended_on")
    )
    if mandates_over_seats(
        collectivite.council_seats, periods, [(started_on, ended_on)]
    ):
        raise ValidationError(
            {
                "role": (
                    f"Le conseil de {collectivite} a déjà ses "
                    f"{collectivite.council_seats} sièges occupés sur cette "
                    "période (CGCT L2121-2) : terminez d'abord le mandat de la "
                    "personne que ce nouvel élu remplace."
                )
            }
        )


def _is_administrator(role: str, is_admin: bool) -> bool:
    return Role(role) in ADMINISTRATION_ROLES or is_admin


def _administrators_q() -> Q:
    return Q(role__in=[role.value for role in ADMINISTRATION_ROLES]) | Q(is_admin=True)


def _lock_with_administrators(membership: Membership) -> Membership:
    """Lock the membership and every administrator of its collectivité, in
    one order, so that two people removing the last two administrators at
    once cannot both succeed (nor deadlock)."""
    rows = list(
        Membership.objects.select_for_update(of=("self",))
        .filter(collectivite_id=membership.collectivite_id)
        .filter(Q(pk=membership.pk) | _administrators_q())
        .select_related("collectivite", "user")
        .order_by("pk")
    )
    return next(row for row in rows if row.pk == membership.pk)


def _check_other_administrator(membership: Membership, *, on: date) -> None:
    """Someone must still be able to manage members on ``on``: otherwise
    nobody could invite, correct a role or end a mandate any more."""
    others = (
        Membership.objects.current(on)
        .filter(collectivite_id=membership.collectivite_id)
        .filter(_administrators_q())
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise ValidationError(
            f"{membership.collectivite} doit toujours garder au moins un "
            "administrateur (maire, secrétaire de mairie, DGS ou membre désigné "
            "administrateur) pour inviter et gérer les membres. Désignez d'abord "
            "un autre administrateur.",
            code="last_administrator",
        )


def _check_workspace_name(
    collectivite: Collectivite, name: str, excluding: Workspace | None
) -> None:
    same = Workspace.objects.filter(collectivite=collectivite, name__iexact=name)
    if excluding is not None:
        same = same.exclude(pk=excluding.pk)
    if same.exists():
        raise ValidationError({"name": "Un espace de travail porte déjà ce nom."})
