"""A collectivité of its own for each figure: no figure reads another's
rows, and a figure may run twice in the same database."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import User
from collectivites.models import Collectivite, Membership, Workspace, WorkspaceMember
from domain.roles import Role, Status


@dataclass(frozen=True)
class Town:
    commune: Collectivite
    secretaire: User
    workspaces: list[Workspace]


def make_town(workspaces: int = 1) -> Town:
    """A commune whose secrétaire belongs to each of its ``workspaces``."""
    tag = uuid.uuid4().hex[:8]
    commune = Collectivite.objects.create(name=f"Banc-{tag}", slug=f"banc-{tag}")
    secretaire = User.objects.create_user(email=f"banc-{tag}@example.org")
    membership = Membership.objects.create(
        user=secretaire,
        collectivite=commune,
        status=Status.AGENT,
        role=Role.SECRETAIRE,
        started_on=timezone.localdate() - timedelta(days=1),
    )
    spaces = [
        Workspace.objects.create(collectivite=commune, name=f"Banc d'essai {number}")
        for number in range(1, workspaces + 1)
    ]
    WorkspaceMember.objects.bulk_create(
        WorkspaceMember(workspace=space, membership=membership) for space in spaces
    )
    return Town(commune, secretaire, spaces)
