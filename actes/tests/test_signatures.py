"""Signing the délibérations in Quorum (CGCT L2121-23): the president of
the séance and the secrétaire de séance, each with their account, on the
PDF's exact bytes; and a PAdES signature with the collectivité's
certificate that pyHanko and pdfsig validate."""

import datetime
import io
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.test import Client
from django.urls import reverse

from accounts.login_flow import AUTH_AT
from actes.models import Signature, SigningCertificate
from actes.signatures import sign
from actes.tests.access_rows import make_deliberation
from documents.storage import open_blob
from journal.models import JournalEntry
from quorum.testing import World

pytestmark = pytest.mark.django_db


def _sign_url(world: World, deliberation: object) -> str:
    return reverse(
        "actes:sign",
        kwargs={"collectivite": world.slug, "deliberation_id": deliberation.pk},
    )


def test_president_and_secretaire_sign_the_pdf_they_read_l2121_23(world: World) -> None:
    deliberation = make_deliberation(world)
    for persona, capacity in (("maire", "president"), ("conseiller", "secretaire")):
        client = Client()
        client.force_login(getattr(world.personas, persona))
        response = client.post(_sign_url(world, deliberation), {"capacity": capacity})
        assert response.status_code == 302
    signatures = {
        one.capacity: one for one in Signature.objects.filter(deliberation=deliberation)
    }
    assert set(signatures) == {"president", "secretaire"}
    assert signatures["president"].signer == world.memberships["maire"]
    assert signatures["secretaire"].signer == world.memberships["conseiller"]
    assert {one.pdf_sha256 for one in signatures.values()} == {deliberation.pdf_id}
    assert JournalEntry.objects.filter(action="actes.signed").count() == 2
    page = Client()
    page.force_login(world.personas.adjointe)
    detail = page.get(
        reverse(
            "actes:detail",
            kwargs={"collectivite": world.slug, "deliberation_id": deliberation.pk},
        )
    )
    assert "Président de séance : " in detail.content.decode()


def test_nobody_signs_in_the_place_of_the_president(world: World) -> None:
    deliberation = make_deliberation(world)
    client = Client()
    client.force_login(world.personas.conseiller)
    response = client.post(
        _sign_url(world, deliberation), {"capacity": "president"}, follow=True
    )
    assert "signé en qualité de président de séance par le président" in (
        response.content.decode()
    )
    assert not Signature.objects.filter(deliberation=deliberation).exists()


def test_signing_twice_is_refused(world: World) -> None:
    from django.core.exceptions import ValidationError

    deliberation = make_deliberation(world)
    maire = world.memberships["maire"]
    sign(deliberation, maire, maire.user, "president")
    with pytest.raises(ValidationError, match="déjà signé"):
        sign(deliberation, maire, maire.user, "president")


def test_an_old_login_types_the_password_again_before_signing(world: World) -> None:
    deliberation = make_deliberation(world)
    client = Client()
    client.force_login(world.personas.maire)
    session = client.session
    session[AUTH_AT] = 0
    session.save()
    response = client.post(_sign_url(world, deliberation), {"capacity": "president"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))
    assert not Signature.objects.filter(deliberation=deliberation).exists()


def _certificate(passphrase: bytes) -> tuple[bytes, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, "Mairie de Saint-Test"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"quorum",
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(passphrase),
    )
    return data, cert


def test_pades_signature_validates_with_pyhanko_and_pdfsig(
    world: World, tmp_path: Path
) -> None:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    data, cert = _certificate(b"phrase secrete")
    SigningCertificate.objects.create(
        collectivite=world.commune,
        label="Certificat de test",
        pkcs12=data,
        passphrase="phrase secrete",
    )
    deliberation = make_deliberation(world)
    maire, conseiller = world.memberships["maire"], world.memberships["conseiller"]
    sign(deliberation, maire, maire.user, "president")
    deliberation.refresh_from_db()
    assert deliberation.signed_pdf_id is None  # waits for the second signature
    sign(deliberation, conseiller, conseiller.user, "secretaire")
    deliberation.refresh_from_db()
    assert deliberation.signed_pdf_id is not None
    with open_blob(deliberation.signed_pdf) as stream:
        signed = stream.read()

    reader = PdfFileReader(io.BytesIO(signed))
    (embedded,) = reader.embedded_signatures
    root = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[root]))
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.bottom_line

    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    out = subprocess.run(  # noqa: S603 - our own file
        ["/usr/bin/pdfsig", str(path)], capture_output=True, text=True, check=False
    )
    assert "Signature is Valid" in out.stdout, out.stdout + out.stderr
    assert JournalEntry.objects.filter(action="actes.pades_signed").exists()
