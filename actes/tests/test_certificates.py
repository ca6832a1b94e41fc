"""The collectivité's signing certificate, installed from its page by the
maire, the secrétaire or the DGS: checked before it is kept, shown by its
holder and end of validity, never by its key; each change journaled."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from actes.models import SigningCertificate
from actes.signatures import sign
from actes.tests.access_rows import make_deliberation
from actes.tests.pkcs12_files import make_pkcs12
from journal.models import JournalEntry
from quorum.testing import World

pytestmark = pytest.mark.django_db


def _url(slug: str, name: str = "actes:certificate") -> str:
    return reverse(name, kwargs={"collectivite": slug})


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _send(client: Client, slug: str, data: bytes, passphrase: str) -> str:
    response = client.post(
        _url(slug),
        {"file": SimpleUploadedFile("mairie.p12", data), "passphrase": passphrase},
    )
    return (
        html.unescape(response.content.decode()) if response.status_code != 302 else ""
    )


def test_the_secretaire_installs_a_certificate_that_then_seals_the_acts(
    world: World,
) -> None:
    client = _client(world.personas.secretaire)
    assert _send(client, world.slug, make_pkcs12(b"Secret-1"), "Secret-1") == ""

    kept = SigningCertificate.objects.get(collectivite=world.commune)
    assert kept.subject == "Mairie de Saint-Test (Commune de test)"
    assert kept.installed_by == world.personas.secretaire
    entry = JournalEntry.objects.get(action="actes.certificate_installed")
    assert entry.data["fingerprint"] == kept.fingerprint
    assert "Secret-1" not in str(entry.data)

    page = html.unescape(client.get(_url(world.slug)).content.decode())
    assert "Mairie de Saint-Test (Commune de test)" in page
    assert f"{kept.not_after:%Y}" in page
    assert "Secret-1" not in page
    assert "PRIVATE KEY" not in page

    deliberation = make_deliberation(world)
    maire, conseiller = world.memberships["maire"], world.memberships["conseiller"]
    sign(deliberation, maire, maire.user, "president")
    sign(deliberation, conseiller, conseiller.user, "secretaire")
    deliberation.refresh_from_db()
    assert deliberation.signed_pdf_id is not None


@pytest.mark.parametrize(
    ("data", "passphrase", "message"),
    [
        (make_pkcs12(b"bonne"), "mauvaise", "la phrase secrète est fausse"),
        (b"%PDF-1.7 pas un certificat", "", "ce n'est pas un certificat PKCS#12"),
        (make_pkcs12(b"p", days=-3), "p", "Ce certificat a expiré le"),
        (make_pkcs12(b"p", with_key=False), "p", "ne contient pas de clé privée"),
    ],
    ids=["wrong-passphrase", "not-pkcs12", "expired", "no-key"],
)
def test_a_certificate_that_cannot_sign_is_refused_in_french_and_not_kept(
    world: World, data: bytes, passphrase: str, message: str
) -> None:
    page = _send(_client(world.personas.maire), world.slug, data, passphrase)
    assert message in page
    assert not SigningCertificate.objects.exists()
    assert not JournalEntry.objects.filter(
        action__startswith="actes.certificate"
    ).exists()


def test_a_refused_file_leaves_the_certificate_in_place(world: World) -> None:
    client = _client(world.personas.maire)
    _send(client, world.slug, make_pkcs12(b"p", name="Premier"), "p")
    page = _send(client, world.slug, make_pkcs12(b"p", days=-1), "p")
    assert "a expiré" in page
    assert SigningCertificate.objects.get().subject.startswith("Premier")


def test_replacing_then_removing_the_certificate_is_journaled(world: World) -> None:
    client = _client(world.personas.maire)
    _send(client, world.slug, make_pkcs12(b"p", name="Premier"), "p")
    first = SigningCertificate.objects.get().fingerprint
    _send(client, world.slug, make_pkcs12(b"q", name="Second"), "q")

    kept = SigningCertificate.objects.get()
    assert kept.subject.startswith("Second")
    replaced = JournalEntry.objects.get(action="actes.certificate_replaced")
    assert replaced.data["replaces"] == first

    response = client.post(_url(world.slug, "actes:certificate_remove"))
    assert response.status_code == 302
    assert not SigningCertificate.objects.exists()
    assert JournalEntry.objects.filter(action="actes.certificate_removed").exists()
    page = html.unescape(client.get(_url(world.slug)).content.decode())
    assert "pas encore de certificat" in page


def test_each_collectivite_sees_and_changes_only_its_own_certificate(
    world: World,
) -> None:
    _send(_client(world.personas.maire), world.slug, make_pkcs12(b"p"), "p")
    outsider = _client(world.personas.outsider)  # secrétaire of the other one

    page = html.unescape(outsider.get(_url(world.other.slug)).content.decode())
    assert "pas encore de certificat" in page
    assert "Saint-Test" not in page
    assert outsider.get(_url(world.slug)).status_code == 404
    outsider.post(_url(world.other.slug, "actes:certificate_remove"))
    assert (
        outsider.post(_url(world.slug, "actes:certificate_remove")).status_code == 404
    )
    assert SigningCertificate.objects.filter(collectivite=world.commune).exists()


def test_a_conseiller_has_no_certificate_page(world: World) -> None:
    client = _client(world.personas.conseiller)
    assert client.get(_url(world.slug)).status_code == 404
