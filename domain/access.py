"""Who may see and do what inside one collectivité.

Every permission of Quorum is decided here, from facts about a person's
place in a collectivité (``Actor``). The Django layer builds the actor and
asks; it never decides on its own. Nothing here ever compares two
collectivités: an actor only exists inside the collectivité it belongs to,
and a person without a current membership has no actor at all.

The defaults follow the product's access rules; a collectivité may widen
them (``is_admin``) but never narrow them below the law.
"""

from dataclasses import dataclass, field
from datetime import date

from domain.roles import ADMINISTRATION_ROLES, Role, Status


@dataclass(frozen=True)
class Actor:
    status: Status
    role: Role
    in_office: bool
    is_admin: bool = False
    workspace_ids: frozenset[object] = field(default_factory=frozenset)
    managed_workspace_ids: frozenset[object] = field(default_factory=frozenset)


def in_office(started_on: date, ended_on: date | None, today: date) -> bool:
    """A mandate or a job runs from its first day to the day before its end.

    A resignation dated D ends access on D; the history stays.
    """
    return started_on <= today and (ended_on is None or today < ended_on)


def _current(actor: Actor | None) -> Actor | None:
    return actor if actor is not None and actor.in_office else None


def can_enter_collectivite(actor: Actor | None) -> bool:
    """Any member in office enters; a former member and an outsider do not."""
    return _current(actor) is not None


def can_administer(actor: Actor | None) -> bool:
    """The maire, the secrétaire de mairie, the DGS and the collectivité's
    administrators manage members, invitations and workspaces."""
    current = _current(actor)
    return current is not None and (
        current.role in ADMINISTRATION_ROLES or current.is_admin
    )


def can_see_members(actor: Actor | None) -> bool:
    """The list of members and their roles is known to every member."""
    return can_enter_collectivite(actor)


def can_see_workspace(actor: Actor | None, workspace_id: object) -> bool:
    """A commission or project space is seen by its members, plus the maire.

    Administrators know that it exists (to manage its members) through
    ``can_manage_workspace``; they do not see its contents.
    """
    current = _current(actor)
    return current is not None and (
        workspace_id in current.workspace_ids or current.role == Role.MAIRE
    )


def can_manage_workspace(actor: Actor | None, workspace_id: object) -> bool:
    """The administration and the workspace's own animateurs manage its
    members and settings."""
    current = _current(actor)
    return current is not None and (
        can_administer(current) or workspace_id in current.managed_workspace_ids
    )


def can_contribute_to_workspace(actor: Actor | None, workspace_id: object) -> bool:
    """Whoever sees a workspace may add documents and versions to it."""
    return can_see_workspace(actor, workspace_id)


def can_import_members(actor: Actor | None) -> bool:
    """Bringing in a member list is an administration task."""
    return can_administer(actor)
