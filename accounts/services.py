"""State changes of accounts that the journal keeps."""

from django.db import transaction

from accounts.models import User
from collectivites.models import Membership
from journal.services import record


def accept_invitation(*, user: User, slug: str) -> None:
    """Record that an invited person chose their password, in the journal
    of the collectivité whose invitation they followed (the password itself
    is set by Django's form)."""
    membership = (
        Membership.objects.filter(user=user, collectivite__slug=slug)
        .select_related("collectivite")
        .order_by("-started_on")
        .first()
    )
    if membership is None:
        return
    with transaction.atomic():
        record(
            "membership.invitation_accepted",
            collectivite=membership.collectivite,
            actor=user,
            target=membership,
        )
