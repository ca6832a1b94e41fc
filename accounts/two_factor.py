"""The second factor: a code of an authenticator application (TOTP, RFC
6238, through pyotp) or a one-time recovery code.

It is required of the people who run a commune (maire, secrétaire, DGS) and
of the operator's staff, and offered to everyone. It is asked after the
first factor of a login (password, login link, ProConnect): logging in
otherwise (``Client.force_login`` in tests) does not ask for it."""

import hashlib
import hmac
import secrets

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import RecoveryCode, TotpDevice, User
from collectivites.models import Membership
from domain.roles import ADMINISTRATION_ROLES

ISSUER = "Quorum"
RECOVERY_CODES = 10
# The published secret of the demo's accounts: on a server that is not in
# production, their second step shows the code of the moment.
DEMO_SECRET = "QUORUMDEMOQUORUMDEMOQUORUMDEMO22"  # noqa: S105
_RECOVERY_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def must_use_two_factor(user: User) -> bool:
    """The maire, the secrétaire and the DGS of a collectivité where they
    are in office, and the operator's staff, must have a second factor."""
    if user.is_staff or user.is_superuser:
        return True
    return (
        Membership.objects.current()
        .filter(user=user, role__in=[role.value for role in ADMINISTRATION_ROLES])
        .exists()
    )


def confirmed_device(user: User) -> TotpDevice | None:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def qr_code_data_uri(secret: str, email: str) -> str:
    """The QR code as an SVG ``data:`` URI for an <img>, which the CSP allows."""
    return segno.make(provisioning_uri(secret, email), error="m").svg_data_uri(
        scale=5, border=2
    )


def grouped_secret(secret: str) -> str:
    """The secret by groups of four, to type into the application by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _time_step(device: TotpDevice) -> int:
    return pyotp.TOTP(device.secret).timecode(timezone.now())


def _matching_step(device: TotpDevice, code: str) -> int | None:
    """The time step whose code is ``code``: the current one or either
    neighbour (a phone's clock drifts), never one already used."""
    totp = pyotp.TOTP(device.secret)
    now = _time_step(device)
    for step in (now - 1, now, now + 1):
        if step > device.last_counter and hmac.compare_digest(
            totp.generate_otp(step), code
        ):
            return step
    return None


def _digits(code: str) -> str:
    return "".join(code.split())


def code_matches(device: TotpDevice, code: str) -> bool:
    """Whether ``code`` is valid for ``device`` (which may not be saved yet),
    moving its last accepted step forward; the caller saves it."""
    code = _digits(code)
    if len(code) != 6 or not code.isdigit():
        return False
    step = _matching_step(device, code)
    if step is None:
        return False
    device.last_counter = step
    return True


def verify_totp(device: TotpDevice, code: str) -> bool:
    """Whether ``code`` is a valid code of the device, which then refuses
    it and every earlier one (no replay)."""
    with transaction.atomic():
        locked = TotpDevice.objects.select_for_update().get(pk=device.pk)
        if not code_matches(locked, code):
            return False
        locked.save(update_fields=["last_counter", "updated_at"])
    device.last_counter = locked.last_counter
    return True


def _hash(code: str) -> str:
    normalized = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one recovery code of ``user``: true once, false ever after."""
    return bool(
        RecoveryCode.objects.filter(
            user=user, code_hash=_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
    )


def verify_second_factor(user: User, code: str) -> bool:
    device = confirmed_device(user)
    if device is None:
        return False
    return verify_totp(device, code) or use_recovery_code(user, code)


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh codes (80 random bits each) that replace the former ones;
    they are shown once and only their hash is kept."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=_hash(code)) for code in codes
        )
    return codes


def unused_recovery_codes(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def demo_code(device: TotpDevice) -> str:
    """The code that the demo's second step shows, outside production and
    for the demo's published secret only; empty for any real account."""
    if settings.PRODUCTION or device.secret != DEMO_SECRET:
        return ""
    step = max(_time_step(device), device.last_counter + 1)
    return pyotp.TOTP(device.secret).generate_otp(step)
