"""Uploaded files are never run by a browser, keep a name every system can
save, fit in the collectivité's space, and are held back until the
antivirus (a real ClamAV, with a signature for the EICAR test file made
here) declares them clean."""

import html
import io
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from documents.antivirus import scan_held_back
from documents.models import Blob, Document
from documents.services import clean_filename, create_document
from documents.tests.test_upload_refusals import error_of, stored, upload_url
from previews.models import Rendition
from quorum.testing import World, uploaded_file

# The antivirus test file of EICAR: harmless, detected by every antivirus.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture
def media(settings: Settings) -> Path:
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def signatures(tmp_path: Path) -> Path:
    """A ClamAV database of one signature, EICAR's: the real database
    cannot be downloaded on every machine."""
    folder = tmp_path / "clamav-db"
    folder.mkdir()
    path = folder / "quorum-test.ndb"
    path.write_text(f"Quorum.Test.EICAR:0:*:{EICAR.hex()}\n")
    return path


@pytest.fixture
def clamscan(settings: Settings, signatures: Path) -> None:
    settings.QUORUM_ANTIVIRUS = "clamscan"
    settings.QUORUM_CLAMSCAN_DATABASE = str(signatures)


@pytest.fixture
def clamd(settings: Settings, signatures: Path, tmp_path: Path) -> Iterator[None]:
    """ClamAV's daemon, started for the test with the EICAR signature."""
    socket_path = tmp_path / "clamd.sock"
    config = tmp_path / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket_path}\nDatabaseDirectory {signatures.parent}\n"
        f"Foreground yes\nLogFile {tmp_path / 'clamd.log'}\n"
    )
    daemon = subprocess.Popen(  # noqa: S603
        ["clamd", "--config-file", str(config)],  # noqa: S607
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Waiting for a socket to appear, not measuring time.
        for _ in range(300):
            if socket_path.is_socket():
                break
            time.sleep(0.1)
        assert socket_path.is_socket(), (tmp_path / "clamd.log").read_text()
        settings.QUORUM_ANTIVIRUS = "clamd"
        settings.QUORUM_CLAMD_SOCKET = str(socket_path)
        yield
    finally:
        daemon.terminate()
        daemon.wait(timeout=30)


def upload(world: World, name: str, content: bytes) -> Document:
    return create_document(
        workspace=world.finances,
        author=world.personas.secretaire,
        stream=io.BytesIO(content),
        filename=name,
        size=len(content),
    )


def download(client: Client, document: Document) -> Any:
    """The answer to the download of the document's version, its bytes read
    (``body``). Read to its end, a download is closed by the test client,
    which keeps the database connection open (closing it ourselves would
    not, and PostgreSQL would lose the test's transaction)."""
    version = document.versions.get()
    response = client.get(version.get_download_url())
    if response.streaming:
        response.body = b"".join(response.streaming_content)
    return response


# --- What the browser gets --------------------------------------------------


@pytest.mark.parametrize(
    "name", ["note.txt", "donnees.xml", "export.json", "page.md", "liste.csv"]
)
def test_a_download_is_always_saved_never_shown_nor_sniffed(
    client: Client, world: World, name: str
) -> None:
    document = upload(world, name, b"Compte rendu de la commission\n")
    client.force_login(world.personas.secretaire)

    response = download(client, document)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<p>bonjour</p>"),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        ("script.js", b"alert(1)"),
        ("donnees.xml", b"<?xml version='1.0'?><html><script>alert(1)</script>"),
    ],
)
def test_a_file_that_could_carry_a_script_is_refused_in_french(
    client: Client, world: World, media: Path, name: str, content: bytes
) -> None:
    client.force_login(world.personas.secretaire)
    before = stored(media)

    response = client.post(
        upload_url(world), {"file": uploaded_file(name, content), "title": ""}
    )

    assert response.status_code == 200
    assert "ne sont pas acceptés" in error_of(response) or "script" in error_of(
        response
    )
    assert stored(media) == before


# --- Names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("C:\\Users\\maire\\Bureau\\budget.pdf", "budget.pdf"),
        ("rapport\x00\x07\x1b.pdf", "rapport.pdf"),
        # A right-to-left override would show "rapport\u202efdp.exe" as
        # "rapportexe.pdf".
        ("rapport\u202efdp.txt", "rapportfdp.txt"),
        ("a\u200fb\u2066c.txt", "abc.txt"),
        ("CON.txt", "_CON.txt"),
        ("nul", "_nul"),
        ("com1.tar.gz", "_com1.tar.gz"),
        ("LPT9.pdf", "_LPT9.pdf"),
        ("console.txt", "console.txt"),
        ('ordre:du"jour"?.txt', "ordre_du_jour__.txt"),
        ("budget.pdf. . ", "budget.pdf"),
        ("...", "document"),
        ("", "document"),
        ("e\u0301te\u0301.txt", "été.txt"),
    ],
)
def test_a_file_name_is_cleaned(given: str, kept: str) -> None:
    assert clean_filename(given) == kept


def test_a_very_long_name_is_cut_and_keeps_its_extension() -> None:
    cleaned = clean_filename("délibération " * 40 + ".odt")

    assert len(cleaned) <= 200
    assert cleaned.endswith(".odt")
    assert not cleaned.removesuffix(".odt").endswith((" ", "."))


def test_the_cleaned_name_is_the_one_stored_and_downloaded(
    client: Client, world: World
) -> None:
    document = upload(world, "../secret/CON\u202e.txt", b"texte\n")
    client.force_login(world.personas.secretaire)

    version = document.versions.get()
    response = download(client, document)

    assert version.filename == "_CON.txt"
    assert "filename*=utf-8''_CON.txt" in response["Content-Disposition"]


# --- Quota --------------------------------------------------------------------


def test_an_upload_past_the_collectivite_quota_is_refused_and_nothing_stored(
    client: Client, world: World, media: Path, settings: Settings
) -> None:
    settings.QUORUM_QUOTA_MB = 1
    client.force_login(world.personas.secretaire)
    before = stored(media)

    response = client.post(
        upload_url(world),
        {"file": uploaded_file("annexe.txt", b"Budget primitif\n" * 70_000)},
    )

    assert response.status_code == 200
    message = error_of(response)
    assert message.startswith("L'espace de stockage de Saint-Test est plein")
    assert "n'a pas été enregistré" in message
    assert stored(media) == before


def test_the_collectivite_own_quota_overrides_the_platform_one(
    client: Client, world: World, settings: Settings
) -> None:
    settings.QUORUM_QUOTA_MB = 1
    world.commune.quota_mb = 0  # no limit for this one
    world.commune.save()
    client.force_login(world.personas.secretaire)

    response = client.post(
        upload_url(world),
        {"file": uploaded_file("annexe.txt", b"Budget primitif\n" * 70_000)},
    )

    assert response.status_code == 302
    assert Document.objects.filter(title="annexe").exists()


def test_the_same_bytes_again_weigh_nothing_against_the_quota(
    world: World, settings: Settings
) -> None:
    content = b"Budget primitif\n" * 40_000
    upload(world, "budget.txt", content)
    settings.QUORUM_QUOTA_MB = 1  # 640 kB stored: a second copy would not fit

    again = upload(world, "budget-copie.txt", content)

    assert again.versions.get().blob.size == len(content)


def test_managers_see_the_space_used_and_its_limit(
    client: Client, world: World, settings: Settings
) -> None:
    settings.QUORUM_QUOTA_MB = 100
    client.force_login(world.personas.secretaire)

    page = html.unescape(
        client.get(
            reverse("documents:storage", kwargs={"collectivite": world.slug})
        ).content.decode()
    )

    # The world's four files weigh a few dozen bytes.
    assert "Saint-Test utilise" in page
    assert "sur <strong>100,0\xa0Mio</strong>" in page
    assert "0 %" in page


# --- Antivirus ------------------------------------------------------------------


@pytest.mark.usefixtures("clamscan")
def test_clamscan_blocks_the_eicar_file_for_everyone(
    client: Client,
    world: World,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(world, "facture.txt", EICAR)
    version = document.versions.get()
    client.force_login(world.personas.maire)

    response = download(client, document)
    page = html.unescape(client.get(document.get_absolute_url()).content.decode())
    preview = client.get(
        reverse(
            "previews:show",
            kwargs={
                "collectivite": world.slug,
                "document_id": document.id,
                "version_id": version.id,
            },
        )
    )

    assert version.blob.scan_state == Blob.ScanState.INFECTED
    assert "Quorum.Test.EICAR" in Blob.objects.get(pk=version.blob_id).scan_detail
    assert response.status_code == 409
    assert "L'antivirus a trouvé un virus dans ce fichier" in html.unescape(
        response.content.decode()
    )
    assert EICAR not in response.content
    assert "elle est bloquée" in page
    assert preview.status_code == 404
    assert not Rendition.objects.filter(source_id=version.blob_id).exists()


@pytest.mark.usefixtures("clamscan")
def test_clamscan_clears_a_clean_file_which_then_gets_its_preview(
    client: Client,
    world: World,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(world, "note.txt", b"Ordre du jour de la commission\n")
    version = document.versions.get()
    client.force_login(world.personas.secretaire)

    response = download(client, document)

    assert Blob.objects.get(pk=version.blob_id).scan_state == Blob.ScanState.CLEAN
    assert response.status_code == 200
    assert response.body == b"Ordre du jour de la commission\n"
    assert Rendition.objects.filter(source_id=version.blob_id).exists()


@pytest.mark.usefixtures("clamd")
def test_the_clamd_daemon_blocks_eicar_and_clears_a_clean_file(
    client: Client,
    world: World,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        infected = upload(world, "facture.txt", EICAR * 3)
        clean = upload(world, "note.txt", b"Rien a signaler\n" * 20_000)
    client.force_login(world.personas.secretaire)

    assert download(client, infected).status_code == 409
    assert download(client, clean).status_code == 200
    assert infected.versions.get().blob.scan_state == Blob.ScanState.INFECTED


def test_a_file_waiting_for_the_scanner_is_held_back_then_released(
    client: Client,
    world: World,
    settings: Settings,
    signatures: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    # No scanner yet, and the policy holds files back.
    settings.QUORUM_ANTIVIRUS = "none"
    settings.QUORUM_ANTIVIRUS_MISSING = "hold"
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(world, "note.txt", b"Projet de budget\n")
    client.force_login(world.personas.secretaire)

    held = download(client, document)
    page = html.unescape(client.get(document.get_absolute_url()).content.decode())

    assert held.status_code == 409
    assert "en cours de vérification par l'antivirus" in html.unescape(
        held.content.decode()
    )
    assert "L'antivirus vérifie cette version" in page

    # The scanner comes back; the scheduled pass clears the file.
    settings.QUORUM_ANTIVIRUS = "clamscan"
    settings.QUORUM_CLAMSCAN_DATABASE = str(signatures)
    Blob.objects.filter(scan_state=Blob.ScanState.PENDING).update(
        created_at=document.created_at.replace(year=2020)
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("scan_files", stdout=io.StringIO())

    assert download(client, document).status_code == 200


def test_a_scanner_that_fails_leaves_the_file_held_back(
    client: Client,
    world: World,
    settings: Settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.QUORUM_ANTIVIRUS = "clamd"
    settings.QUORUM_CLAMD_SOCKET = str(tmp_path / "no-daemon-here.sock")
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(world, "note.txt", b"Projet de budget\n")
    client.force_login(world.personas.secretaire)

    assert scan_held_back() == 0
    assert download(client, document).status_code == 409
    assert document.versions.get().blob.scan_state == Blob.ScanState.PENDING


def test_without_scanner_the_accept_policy_serves_files_at_once(
    client: Client, world: World, settings: Settings
) -> None:
    settings.QUORUM_ANTIVIRUS = "none"
    settings.QUORUM_ANTIVIRUS_MISSING = "accept"
    document = upload(world, "note.txt", b"Projet de budget\n")
    client.force_login(world.personas.secretaire)

    assert download(client, document).status_code == 200


def test_a_held_back_annex_is_left_out_of_the_dossier_until_cleared(
    world: World,
    settings: Settings,
    signatures: Path,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    from dossiers.services import rebuild_incomplete  # noqa: PLC0415
    from dossiers.tests.conftest import make_built, pdf_document, small_pdf  # noqa: PLC0415
    from dossiers.tests.test_dossier import compiled, outline_of  # noqa: PLC0415
    from seances.workflow import link_annex  # noqa: PLC0415

    settings.QUORUM_ANTIVIRUS = "none"
    settings.QUORUM_ANTIVIRUS_MISSING = "hold"
    built = make_built(world, convene=False)
    held = pdf_document(world, "Plan de financement.pdf", small_pdf(2))
    link_annex(built.cantine, by=world.personas.secretaire, document=held)

    first = compiled(built, world)

    assert first.incomplete
    assert "vérification antivirus" in outline_of(first)[-1][2][0][0]
    assert rebuild_incomplete() == 0  # still held back: nothing to gain yet

    settings.QUORUM_ANTIVIRUS = "clamscan"
    settings.QUORUM_CLAMSCAN_DATABASE = str(signatures)
    Blob.objects.filter(scan_state=Blob.ScanState.PENDING).update(
        created_at=first.created_at.replace(year=2020)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert scan_held_back() == 1
    assert rebuild_incomplete() == 1
