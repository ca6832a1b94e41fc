"""The collectivité's certificate for the PAdES signature of its acts
(``actes.signatures``): installed, replaced or removed by those who manage
the collectivité (``domain.access.can_manage_signing_certificate``).

A PKCS#12 file is kept only when it opens with its passphrase, holds a
private key and the certificate of that key, and that certificate is valid
today; otherwise nothing is kept and the refusal says why, in French. What
the page shows (holder, issuer, end of validity, fingerprint) is read once,
at installation: the key is never opened to show it, never shown, never
exported (``portability.registry.EXCLUDED``).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from actes.models import SigningCertificate
from collectivites.models import Collectivite
from journal.services import record

# A PKCS#12 file holds a key and a few certificates: a few kilobytes.
MAX_BYTES = 200_000


@dataclass(frozen=True)
class CertificateFacts:
    subject: str
    issuer: str
    not_before: datetime
    not_after: datetime
    fingerprint: str


def _text(value: str | bytes) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else value


def _name(name: x509.Name) -> str:
    """« Mairie de Saint-Test (Commune de Saint-Test) »: the common name,
    then the organisation when it says more."""
    common = [_text(a.value) for a in name.get_attributes_for_oid(NameOID.COMMON_NAME)]
    org = [
        _text(a.value) for a in name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    ]
    parts = common[:1]
    if org and org[0] not in parts:
        parts.append(f"({org[0]})" if parts else org[0])
    return " ".join(parts) or name.rfc4514_string()


def read_pkcs12(data: bytes, passphrase: str, *, now: datetime) -> CertificateFacts:
    """The facts of the certificate in ``data``, or ``ValidationError``
    whose message says, in French, what is wrong with the file."""
    if not data:
        raise ValidationError({"file": "Choisissez le fichier du certificat."})
    if len(data) > MAX_BYTES:
        raise ValidationError(
            {
                "file": "Ce fichier est trop gros pour un certificat (200 Ko au "
                "plus) : choisissez le fichier .p12 ou .pfx."
            }
        )
    try:
        key, certificate, _ = pkcs12.load_key_and_certificates(
            data, passphrase.encode() or None
        )
    except ValueError:
        raise ValidationError(
            {
                "passphrase": "Le fichier ne s'ouvre pas : soit ce n'est pas un "
                "certificat PKCS#12 (.p12 ou .pfx), soit la phrase secrète est "
                "fausse. Vérifiez-la, en respectant les majuscules."
            }
        ) from None
    if key is None:
        raise ValidationError(
            {
                "file": "Ce fichier ne contient pas de clé privée : il ne permet "
                "pas de signer. Demandez à votre prestataire le fichier complet "
                "(.p12 ou .pfx), avec la clé."
            }
        )
    if certificate is None:
        raise ValidationError(
            {"file": "Ce fichier ne contient pas de certificat pour sa clé."}
        )
    raw = serialization.PublicFormat.SubjectPublicKeyInfo
    der = serialization.Encoding.DER
    if key.public_key().public_bytes(der, raw) != certificate.public_key().public_bytes(
        der, raw
    ):
        raise ValidationError(
            {"file": "La clé de ce fichier ne correspond pas à son certificat."}
        )
    not_after = certificate.not_valid_after_utc
    not_before = certificate.not_valid_before_utc
    if not_after <= now:
        raise ValidationError(
            {
                "file": "Ce certificat a expiré le "
                f"{timezone.localtime(not_after):%d/%m/%Y} : demandez-en un "
                "nouveau à votre prestataire de certificats."
            }
        )
    if not_before > now:
        raise ValidationError(
            {
                "file": "Ce certificat n'est valable qu'à partir du "
                f"{timezone.localtime(not_before):%d/%m/%Y}."
            }
        )
    return CertificateFacts(
        subject=_name(certificate.subject)[:300],
        issuer=_name(certificate.issuer)[:300],
        not_before=not_before,
        not_after=not_after,
        fingerprint=hashlib.sha256(certificate.public_bytes(der)).hexdigest(),
    )


def certificate_of(collectivite: Collectivite) -> SigningCertificate | None:
    return (
        SigningCertificate.objects.filter(collectivite=collectivite)
        .select_related("installed_by")
        .first()
    )


def install_certificate(
    collectivite: Collectivite,
    *,
    by: User,
    data: bytes,
    passphrase: str,
    label: str = "",
) -> SigningCertificate:
    """Keep the certificate in ``data`` for ``collectivite``, in place of
    the one it had; refused in French, nothing kept, when ``read_pkcs12``
    refuses it."""
    facts = read_pkcs12(data, passphrase, now=timezone.now())
    with transaction.atomic():
        current = (
            SigningCertificate.objects.select_for_update()
            .filter(collectivite=collectivite)
            .first()
        )
        before = current.fingerprint if current is not None else ""
        certificate = current or SigningCertificate(collectivite=collectivite)
        certificate.label = label.strip() or facts.subject
        certificate.pkcs12 = data
        certificate.passphrase = passphrase
        certificate.subject = facts.subject
        certificate.issuer = facts.issuer
        certificate.not_after = facts.not_after
        certificate.fingerprint = facts.fingerprint
        certificate.installed_by = by
        certificate.save()
        record(
            "actes.certificate_replaced"
            if current is not None
            else "actes.certificate_installed",
            collectivite=collectivite,
            actor=by,
            target=certificate,
            subject=facts.subject,
            issuer=facts.issuer,
            not_after=facts.not_after.isoformat(),
            fingerprint=facts.fingerprint,
            replaces=before,
        )
    return certificate


def remove_certificate(collectivite: Collectivite, *, by: User) -> None:
    """Forget the collectivité's certificate: acts signed from now on carry
    the signatures given in Quorum, without a PAdES seal. Those sealed
    already keep theirs."""
    with transaction.atomic():
        current = (
            SigningCertificate.objects.select_for_update()
            .filter(collectivite=collectivite)
            .first()
        )
        if current is None:
            raise ValidationError("La collectivité n'a pas de certificat.")
        record(
            "actes.certificate_removed",
            collectivite=collectivite,
            actor=by,
            target=current,
            subject=current.subject,
            fingerprint=current.fingerprint,
        )
        current.delete()
