"""State changes of accounts that the journal keeps."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts import two_factor
from accounts.models import LoginLink, RecoveryCode, TotpDevice, User
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


def record_account_event(action: str, *, user: User, **data: Any) -> None:
    """Write an event of a person's account to the journal of each
    collectivité where they are in office (its managers read it there), or
    to the platform's chain for someone in office nowhere."""
    collectivites = [
        membership.collectivite
        for membership in Membership.objects.current()
        .filter(user=user)
        .select_related("collectivite")
    ]
    for collectivite in collectivites or [None]:
        record(action, collectivite=collectivite, actor=user, target=user, **data)


def enable_two_factor(*, user: User, secret: str, code: str) -> list[str] | None:
    """Keep the secret that the application was set up with, once it proves
    it by a first code; the recovery codes to show, or None when the code is
    wrong (and nothing is kept)."""
    with transaction.atomic():
        if TotpDevice.objects.filter(user=user).exists():
            return None
        device = TotpDevice(user=user, secret=secret, confirmed_at=timezone.now())
        if not two_factor.code_matches(device, code):
            return None
        device.save()
        codes = two_factor.new_recovery_codes(user)
        record_account_event("account.two_factor_enabled", user=user)
    return codes


def disable_two_factor(*, user: User) -> None:
    """Remove the second factor and the recovery codes of ``user``."""
    with transaction.atomic():
        deleted, _ = TotpDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        if deleted:
            record_account_event("account.two_factor_disabled", user=user)


def renew_recovery_codes(*, user: User) -> list[str]:
    with transaction.atomic():
        codes = two_factor.new_recovery_codes(user)
        record_account_event("account.recovery_codes_renewed", user=user)
    return codes


def use_login_link(link: LoginLink) -> None:
    """Spend a login link; the caller locked it and checked it is valid."""
    with transaction.atomic():
        link.used_at = timezone.now()
        link.save(update_fields=["used_at", "updated_at"])
        record_account_event("account.login_link_used", user=link.user)
