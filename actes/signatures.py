"""Signing a délibération or a procès-verbal in Quorum (CGCT L2121-23,
L2121-15): the president of the séance (the maire, or who replaced him) and
the secrétaire de séance each sign with their account, on the exact bytes
of the PDF they read, whose SHA-256 is kept and journaled.

When the collectivité keeps a certificate (``SigningCertificate``), the
PDF also receives a PAdES signature with pyHanko once both have signed;
the act's ``signed_pdf`` is then that file. The paper registre is still
signed by hand once per séance (R2121-9, RULES §6.2).
"""

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from actes.models import Deliberation, Signature, SigningCertificate
from collectivites.models import Membership
from documents.storage import open_blob, store
from domain.roles import Role
from journal.services import record
from proceedings.models import Sitting

Capacity = Signature.Capacity


def expected_signer(act: Any, capacity: str) -> Membership | None:
    """Who signs ``act`` in ``capacity``: the president of its séance (the
    maire when none was recorded), or its secrétaire de séance."""
    sitting = (
        Sitting.objects.select_related("president__user", "secretaire__user")
        .filter(seance=act.seance_id)
        .first()
    )
    if sitting is None:
        return None
    if capacity == Capacity.PRESIDENT:
        if sitting.president is not None:
            return sitting.president
        return (
            Membership.objects.current()
            .filter(collectivite=act.collectivite_id, role=Role.MAIRE)
            .first()
        )
    return sitting.secretaire


def _owner(act: Any) -> dict[str, Any]:
    if isinstance(act, Deliberation):
        return {"deliberation": act}
    return {"proces_verbal": act}


def signatures_of(act: Any) -> list[Signature]:
    return list(Signature.objects.filter(**_owner(act)).select_related("signer__user"))


def sign(act: Any, membership: Membership, user: User, capacity: str) -> Signature:
    """Record ``membership``'s signature of ``act`` (a ``Deliberation`` or a
    ``minutes.ProcesVerbal``) in ``capacity``. Refused, in French, when the
    PDF is not drawn yet, the person is not the one who signs in that
    capacity, or has signed already. Once both have signed, a PAdES
    signature is added when the collectivité keeps a certificate."""
    if capacity not in Capacity.values:
        raise ValidationError("Qualité de signataire inconnue.")
    model = type(act)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=act.pk)
        if locked.collectivite_id != membership.collectivite_id:
            raise ValidationError("Ce signataire n'appartient pas à la collectivité.")
        if membership.user_id != user.pk:
            raise ValidationError("On ne signe que pour soi-même.")
        if locked.pdf_id is None:
            raise ValidationError(
                "Le PDF de cet acte est en cours de préparation : réessayez "
                "dans un instant."
            )
        expected = expected_signer(locked, capacity)
        if expected is None or expected.pk != membership.pk:
            who = (
                "le président de la séance"
                if capacity == Capacity.PRESIDENT
                else "le secrétaire de la séance"
            )
            raise ValidationError(
                f"Cet acte est signé en qualité de {Capacity(capacity).label.lower()} "
                f"par {who} (CGCT L2121-23)."
            )
        if Signature.objects.filter(**_owner(locked), capacity=capacity).exists():
            raise ValidationError("Cet acte est déjà signé en cette qualité.")
        signature = Signature.objects.create(
            collectivite_id=locked.collectivite_id,
            capacity=capacity,
            signer=membership,
            user=user,
            pdf_sha256=locked.pdf_id,
            signed_at=timezone.now(),
            **_owner(locked),
        )
        record(
            "actes.signed",
            collectivite=membership.collectivite,
            actor=user,
            target=locked,
            capacity=capacity,
            signer=str(membership.pk),
            pdf_sha256=locked.pdf_id,
        )
        if Signature.objects.filter(**_owner(locked)).count() == len(Capacity):
            _seal(locked, user)
    return signature


def _seal(act: Any, user: User) -> None:
    certificate = SigningCertificate.objects.filter(
        collectivite=act.collectivite_id
    ).first()
    if certificate is None or act.signed_pdf_id is not None:
        return
    with open_blob(act.pdf) as stream:
        data = stream.read()
    signed = pades_sign(
        data,
        pkcs12=bytes(certificate.pkcs12),
        passphrase=certificate.passphrase,
        reason=f"{act} — signé par le président et le secrétaire de séance",
    )
    act.signed_pdf = store(io.BytesIO(signed))
    act.save(update_fields=["signed_pdf", "updated_at"])
    record(
        "actes.pades_signed",
        collectivite=act.collectivite,
        actor=user,
        target=act,
        pdf_sha256=act.pdf_id,
        signed_sha256=act.signed_pdf_id,
        certificate=certificate.label,
    )


def pades_sign(data: bytes, *, pkcs12: bytes, passphrase: str, reason: str) -> bytes:
    """``data`` with a PAdES baseline signature by the PKCS#12 key."""
    from pyhanko.pdf_utils.incremental_writer import (  # noqa: PLC0415
        IncrementalPdfFileWriter,
    )
    from pyhanko.sign import fields, signers  # noqa: PLC0415

    signer = signers.SimpleSigner.load_pkcs12_data(
        pkcs12, other_certs=[], passphrase=passphrase.encode() or None
    )
    if signer is None:
        raise ValidationError(
            "Le certificat de la collectivité ne s'ouvre pas : vérifiez le "
            "fichier et sa phrase secrète."
        )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name="SignatureQuorum",
        reason=reason[:200],
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    out = signers.sign_pdf(writer, meta, signer=signer)
    return out.getvalue()
