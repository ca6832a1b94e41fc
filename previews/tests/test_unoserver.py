"""Office files are converted by one warm LibreOffice per process (unoserver),
started on the first file, restarted when it dies or hangs, and gone when the
process is. Everything runs for real: unoserver, LibreOffice, the kills."""

import io
import logging
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from pytest_django import Settings

from documents.storage import open_blob
from previews import rendering, unoserver
from previews.models import Rendition
from previews.tests.conftest import Upload, docx_bytes, zip_bytes


@pytest.fixture
def warm() -> None:
    """The server's environment, which `make venv` makes."""
    if unoserver.installed() is None:
        message = (
            f"environnement d'unoserver absent ({settings.QUORUM_UNOSERVER_VENV}) : "
            "make venv le crée"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def rendition_of(upload: Upload, name: str, content: bytes) -> Rendition:
    document = upload(name, content)
    return Rendition.objects.select_related("output").get(
        source=document.current_version.blob
    )


def pdf_text(rendition: Rendition) -> str:
    assert rendition.output is not None
    with open_blob(rendition.output) as stream:
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
        return "\n".join(page.extract_text() for page in reader.pages)


def running_server() -> unoserver.Server:
    server = unoserver.current()
    assert server is not None
    return server


def processes(group: int) -> list[tuple[int, str]]:
    """The live processes of a process group, by id and name, read from
    /proc (a zombie left to init is not alive)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        state, _parent, process_group = stat[stat.rindex(")") + 2 :].split()[:3]
        if int(process_group) == group and state != "Z":
            found.append((int(entry.name), name))
    return found


def group_members(group: int) -> list[str]:
    return [name for _, name in processes(group)]


def soon(condition: Callable[[], bool], seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True


def test_the_server_runs_the_same_unoserver_as_the_client(warm: None) -> None:
    python = unoserver.installed()
    assert python is not None
    version = subprocess.run(  # noqa: S603 - our own interpreter
        [python, "-c", "import importlib.metadata as m; print(m.version('unoserver'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    from importlib.metadata import version as installed_version  # noqa: PLC0415

    assert version == installed_version("unoserver")


def test_a_docx_and_a_word_97_file_are_converted_by_the_same_warm_libreoffice(
    warm: None, upload: Upload, corpus_dir: Path
) -> None:
    docx = rendition_of(
        upload, "budget.docx", docx_bytes("Vote du budget primitif de la commune")
    )
    server = running_server()
    converted = server.conversions

    word_97 = next((corpus_dir / "fr-flaux-gard").glob("20200608-5*.doc"))
    doc = rendition_of(upload, word_97.name, word_97.read_bytes())

    assert docx.state == Rendition.State.READY
    assert "budget primitif" in pdf_text(docx)
    assert doc.state == Rendition.State.READY
    assert doc.text_source == Rendition.TextSource.CONVERSION
    assert "Séance du 8 juin 2020" in doc.text
    assert unoserver.current() is server
    assert server.conversions == converted + 1
    assert "soffice.bin" in group_members(server.pid)


def test_a_file_libreoffice_cannot_open_fails_with_a_reason_and_the_server_stays(
    warm: None, upload: Upload
) -> None:
    rendition_of(upload, "avant.docx", docx_bytes("Un fichier sain"))
    server = running_server()
    broken = zip_bytes(
        {"[Content_Types].xml": b"pas du XML", "word/document.xml": b"<w:document"}
    )

    rendition = rendition_of(upload, "abime.docx", broken)

    assert rendition.state == Rendition.State.FAILED
    assert rendition.reason == rendering.NOT_CONVERTED
    assert unoserver.current() is server
    assert "soffice.bin" in group_members(server.pid)


@pytest.mark.parametrize("killed", ["server", "soffice.bin"])
def test_a_killed_server_is_restarted_for_the_next_file(
    warm: None, upload: Upload, killed: str
) -> None:
    rendition_of(upload, "avant.docx", docx_bytes("Avant l'arrêt du serveur"))
    server = running_server()

    # What the OOM killer would do; the server alone leaves LibreOffice behind.
    for pid, name in processes(server.pid):
        if name == killed or (killed == "server" and pid == server.pid):
            os.kill(pid, signal.SIGKILL)
    after = rendition_of(upload, "apres.docx", docx_bytes("Après le redémarrage"))

    assert after.state == Rendition.State.READY
    assert "Après le redémarrage" in pdf_text(after)
    assert running_server().pid != server.pid
    assert group_members(server.pid) == []


def long_docx() -> bytes:
    """A document that a warm LibreOffice needs seconds to convert."""
    return docx_bytes(*[f"Paragraphe {n} " + "du conseil " * 40 for n in range(1500)])


def test_a_conversion_past_the_time_limit_fails_with_a_reason_and_the_server_is_replaced(
    warm: None, upload: Upload, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendition_of(upload, "avant.docx", docx_bytes("Un fichier converti à temps"))
    server = running_server()

    monkeypatch.setattr(rendering, "CONVERSION_TIMEOUT", 0.05)
    late = rendition_of(upload, "long.docx", long_docx())

    assert late.state == Rendition.State.FAILED
    assert late.reason.startswith(
        "La conversion en PDF a pris plus d'une seconde et a été arrêtée."
    )
    assert unoserver.current() is None
    assert group_members(server.pid) == []

    monkeypatch.undo()
    next_one = rendition_of(upload, "suivant.docx", docx_bytes("Le fichier suivant"))

    assert next_one.state == Rendition.State.READY
    assert running_server().pid != server.pid


def test_a_file_during_which_libreoffice_dies_fails_and_the_next_file_gets_a_new_server(
    warm: None, upload: Upload
) -> None:
    rendition_of(upload, "avant.docx", docx_bytes("Un petit fichier"))
    server = running_server()
    long = long_docx()

    def crash_libreoffice() -> None:
        time.sleep(1)
        for pid, name in processes(server.pid):
            if name == "soffice.bin":
                os.kill(pid, signal.SIGKILL)

    crash = threading.Thread(target=crash_libreoffice)
    crash.start()
    crashed = rendition_of(upload, "long.docx", long)
    crash.join()

    assert crashed.state == Rendition.State.FAILED
    assert crashed.reason == rendering.CRASHED
    assert group_members(server.pid) == []
    next_one = rendition_of(upload, "suivant.docx", docx_bytes("Le fichier suivant"))
    assert next_one.state == Rendition.State.READY
    assert running_server().pid != server.pid


def test_without_the_server_environment_a_cold_libreoffice_converts_and_says_so_once(
    upload: Upload,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    settings.QUORUM_UNOSERVER_VENV = tmp_path / "absent"
    monkeypatch.setattr(rendering, "_cold_reasons", set())

    with caplog.at_level(logging.WARNING, logger="previews.rendering"):
        first = rendition_of(upload, "un.docx", docx_bytes("Premier fichier à froid"))
        second = rendition_of(upload, "deux.docx", docx_bytes("Second fichier"))

    assert first.state == second.state == Rendition.State.READY
    assert "Second fichier" in pdf_text(second)
    said = [r for r in caplog.records if "without unoserver" in r.getMessage()]
    assert len(said) == 1


CHILD = """
import sys, tempfile, time
from pathlib import Path
import django
django.setup()
import docx
from documents.filetypes import identify
from previews import rendering, unoserver
work = Path(tempfile.mkdtemp())
document = docx.Document()
document.add_paragraph("Un worker qui s'arrête")
document.save(work / "note.docx")
with (work / "note.docx").open("rb") as stream:
    filetype = identify(stream, "note.docx")
rendering.convert_to_pdf(work / "note.docx", filetype, work)
server = unoserver.current()
print("SERVER", server.pid, server.profile, work, flush=True)
if sys.argv[1] == "waits":
    time.sleep(600)
# Exits once told to: until then, the test looks at its server.
sys.stdin.readline()
"""


@pytest.mark.parametrize("end", ["exits", "is_killed"])
def test_the_server_ends_with_the_process_that_started_it(warm: None, end: str) -> None:
    child = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", CHILD, "waits" if end == "is_killed" else "exits"],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "quorum.settings"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert child.stdin is not None
    assert child.stdout is not None
    try:
        # The logs share stdout with the line the child prints for the test.
        line = ""
        while not line.startswith("SERVER "):
            line = child.stdout.readline()
            assert line, "the child ended before starting its server"
        pid, profile, work = line.split()[1:]
        group = int(pid)
        # LibreOffice may still be starting under the server on a busy machine.
        assert soon(lambda: "soffice.bin" in group_members(group))

        if end == "exits":
            child.stdin.write("\n")
            child.stdin.flush()
            assert child.wait(timeout=30) == 0
            # Stopped at exit, before the process ended: nothing to wait for.
            assert group_members(group) == []
            assert not Path(profile).exists()
        else:
            child.kill()
            child.wait()
            # The server sees its parent gone and stops within seconds.
            assert soon(lambda: group_members(group) == [])
            shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(work, ignore_errors=True)
    finally:
        # A failed check must not leave the child running past the test.
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdin.close()
        child.stdout.close()
