"""State changes of collectivités, members and workspaces.

Each function does its work in one transaction and writes the journal.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from collectivites.models import Collectivite, Membership
from domain.roles import Role
from journal.services import record


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
) -> Membership:
    """Give a person (found by e-mail, or created without a password) a
    place in the collectivité. The person chooses a password when invited."""
    email = email.strip().lower()
    with transaction.atomic():
        user, created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first_name, "last_name": last_name, "phone": phone},
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
            started_on=started_on or timezone.localdate(),
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
