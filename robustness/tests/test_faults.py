"""Faults, with the real things: a task worker (``manage.py db_worker``) in
its own process, killed in the middle of a conversion and of a sending; an
SMTP server on loopback (aiosmtpd) stopped during a convocation; the
database cut during an upload. Each time the work resumes, nothing is
lost and nothing is done twice.

Each instance is a real one in a folder of its own, with its own SQLite
database, migrated once for the module and copied for each test. Where the
tests "let time pass" (a claim must be old before another worker takes it
over), they move the recorded moments back rather than wait."""

import asyncio
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# How long a step may take on a loaded machine before the test gives up:
# a bound on waiting, never a measure.
PATIENCE = 240


def environ(var: Path, **extra: str) -> dict[str, str]:
    kept = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("QUORUM_", "DATABASE_URL", "DJANGO_", "EMAIL_"))
    }
    return {
        **kept,
        "QUORUM_VAR_DIR": str(var),
        "QUORUM_LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def manage(var: Path, *args: str, **extra: str) -> str:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environ(var, **extra),
        capture_output=True,
        text=True,
        check=False,
        timeout=PATIENCE,
    )
    if done.returncode != 0:
        raise AssertionError(
            f"manage.py {args[0]} a échoué :\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done.stdout


@dataclass
class Instance:
    var: Path
    smtp_port: int = 0

    @property
    def db(self) -> Path:
        return self.var / "db.sqlite3"

    def env(self) -> dict[str, str]:
        extra = {}
        if self.smtp_port:
            extra = {
                "QUORUM_EMAIL": "smtp",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(self.smtp_port),
                "EMAIL_TIMEOUT": "10",
            }
        return extra

    def shell(self, code: str) -> str:
        return manage(self.var, "shell", "-c", code, **self.env())

    def query(self, sql: str, *params: object) -> list[tuple[Any, ...]]:
        with closing(sqlite3.connect(self.db, timeout=30)) as conn:
            return conn.execute(sql, params).fetchall()

    def execute(self, sql: str, *params: object) -> None:
        with closing(sqlite3.connect(self.db, timeout=30)) as conn, conn:
            conn.execute(sql, params)

    def worker(self, *args: str) -> subprocess.Popen[str]:
        """``manage.py db_worker`` in a process group of its own, so that
        killing it kills what it started (LibreOffice) too."""
        return subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
                *args,
            ],
            cwd=ROOT,
            env=environ(self.var, **self.env()),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )

    def schedule_pass(self) -> None:
        manage(self.var, "run_schedule", "--once", **self.env())

    def wait_for(self, sql: str, *params: object, expect: Any = True) -> None:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            rows = self.query(sql, *params)
            value = rows[0][0] if rows else None
            if (value == expect) if expect is not True else bool(value):
                return
            time.sleep(0.1)
        raise AssertionError(f"toujours pas : {sql} -> {value!r}")


def kill(worker: subprocess.Popen[str]) -> None:
    """As a crash or ``kill -9`` would: no chance to clean anything."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=PATIENCE)


def finish(worker: subprocess.Popen[str]) -> None:
    if worker.poll() is None:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
    if worker.stderr is not None:
        worker.stderr.close()


def ran_well(worker: subprocess.Popen[str]) -> None:
    """A worker in batch mode did everything that was queued, and stopped."""
    try:
        code = worker.wait(timeout=PATIENCE)
        said = worker.stderr.read() if worker.stderr else ""
        assert code == 0, said[-3000:]
    finally:
        finish(worker)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    var = tmp_path_factory.mktemp("modele")
    manage(var, "migrate", "--no-input", "-v0")
    return var / "db.sqlite3"


@pytest.fixture
def instance(migrated: Path, tmp_path: Path) -> Instance:
    var = tmp_path / "instance"
    var.mkdir()
    shutil.copy(migrated, var / "db.sqlite3")
    return Instance(var)


# --- The mail server ------------------------------------------------------------


@dataclass
class Mailbox:
    """A loopback SMTP server that keeps what it accepted, and can hold the
    ``hold_at``-th message until the test lets it go."""

    accepted: list[tuple[str, str]] = field(default_factory=list)
    hold_at: int | None = None
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    seen: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.seen += 1
        if self.seen == self.hold_at:
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
            return "421 4.3.2 service shutting down"
        message = message_from_bytes(envelope.original_content)
        for address in envelope.rcpt_tos:
            self.accepted.append((address, str(message["Message-ID"])))
        return "250 OK"

    def recipients(self) -> list[str]:
        """Who received their convocation (a reminder, due at the hour of
        the digest, has its own Message-ID)."""
        return sorted(
            address
            for address, message_id in self.accepted
            if message_id.startswith("<convocation.")
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(instance: Instance) -> Iterator[tuple[Mailbox, Controller]]:
    mailbox = Mailbox()
    instance.smtp_port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=instance.smtp_port)
    controller.start()
    try:
        yield mailbox, controller
    finally:
        mailbox.release.set()
        # The test may have stopped it already.
        with suppress(AssertionError, RuntimeError):
            controller.stop()


COUNCIL = """
from proceedings.tests.helpers import make_council
council = make_council(6, titles=("Tarifs de la cantine",))
print(council.seance.convocation.pk)
"""


def convene(instance: Instance) -> str:
    """A council of six élus convened: the task of its e-mails waits in
    the queue, as the button of the séance page leaves it."""
    return instance.shell(COUNCIL).strip().splitlines()[-1].replace("-", "")


def statuses(instance: Instance, convocation: str) -> dict[str, int]:
    return dict(
        instance.query(
            "SELECT status, count(*) FROM convocations_delivery "
            "WHERE convocation_id = ? GROUP BY status",
            convocation,
        )
    )


def accepted_in_journal(instance: Instance) -> list[str]:
    return [
        row[0]
        for row in instance.query(
            "SELECT target_id FROM journal_journalentry WHERE action = 'delivery.accepted'"
        )
    ]


def let_claims_go_stale(instance: Instance) -> None:
    """Sixteen minutes pass (``STALE_CLAIM`` is fifteen)."""
    instance.execute(
        "UPDATE convocations_delivery SET "
        "sent_at = datetime(sent_at, '-16 minutes'), "
        "updated_at = datetime(updated_at, '-16 minutes')"
    )


def test_a_worker_killed_in_the_middle_of_a_sending_resumes_without_sending_twice(
    instance: Instance, smtp: tuple[Mailbox, Controller]
):
    mailbox, _ = smtp
    mailbox.hold_at = 3
    convocation = convene(instance)
    worker = instance.worker()
    try:
        assert mailbox.held.wait(PATIENCE), "the worker never reached the third e-mail"
        kill(worker)
    finally:
        finish(worker)
        mailbox.release.set()

    # Two e-mails left, the third one in the hands of a dead worker.
    assert len(mailbox.recipients()) == 2
    assert statuses(instance, convocation) == {
        "acceptee": 2,
        "en_cours": 1,
        "a_envoyer": 3,
    }

    let_claims_go_stale(instance)
    instance.schedule_pass()
    ran_well(instance.worker("--batch"))

    assert statuses(instance, convocation) == {"acceptee": 6}
    # Six members, six e-mails, each once.
    assert len(mailbox.recipients()) == 6
    assert len(set(mailbox.recipients())) == 6
    assert len(accepted_in_journal(instance)) == 6
    assert len(set(accepted_in_journal(instance))) == 6
    assert "Journal intact" in manage(instance.var, "verify_journal")


def test_the_smtp_server_stopped_during_a_convocation_resumes_where_it_stopped(
    instance: Instance, smtp: tuple[Mailbox, Controller]
):
    mailbox, controller = smtp
    mailbox.hold_at = 3
    convocation = convene(instance)
    worker = instance.worker()
    try:
        assert mailbox.held.wait(PATIENCE)
        # The server goes away with the third e-mail in its hands.
        mailbox.release.set()
        controller.stop()
        # The sending gives back what it could not send and plans a retry.
        instance.wait_for(
            "SELECT count(*) FROM convocations_delivery "
            "WHERE convocation_id = ? AND status = 'a_envoyer'",
            convocation,
            expect=4,
        )
        instance.wait_for(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'READY' AND task_path LIKE '%send_convocation_emails'"
        )
        assert statuses(instance, convocation) == {"acceptee": 2, "a_envoyer": 4}

        # The server comes back; the retry planned in five minutes is due.
        mailbox.hold_at = None
        controller = Controller(mailbox, hostname="127.0.0.1", port=instance.smtp_port)
        controller.start()
        instance.execute(
            "UPDATE django_tasks_database_dbtaskresult SET run_after = datetime('now') "
            "WHERE status = 'READY'"
        )
        instance.wait_for(
            "SELECT count(*) FROM convocations_delivery "
            "WHERE convocation_id = ? AND status = 'acceptee'",
            convocation,
            expect=6,
        )
    finally:
        finish(worker)
        controller.stop()

    assert len(mailbox.recipients()) == 6
    assert len(set(mailbox.recipients())) == 6
    assert (
        len(set(accepted_in_journal(instance)))
        == len(accepted_in_journal(instance))
        == 6
    )


LETTER = """
import io
from docx import Document as Docx
from quorum.testing import make_world
from documents.services import create_document
world = make_world()
docx = Docx()
for number in range(400):
    docx.add_paragraph(f"Paragraphe {number} du rapport sur les tarifs de la cantine. " * 8)
buffer = io.BytesIO()
docx.save(buffer)
content = buffer.getvalue()
document = create_document(
    workspace=world.finances, author=world.personas.secretaire,
    stream=io.BytesIO(content), filename="rapport.docx", size=len(content),
    title="Rapport", note="",
)
print(document.current_version.blob_id)
"""


def test_a_worker_killed_in_the_middle_of_a_conversion_converts_it_again_once(
    instance: Instance,
):
    blob = instance.shell(LETTER).strip().splitlines()[-1]
    worker = instance.worker()
    try:
        instance.wait_for(
            "SELECT state FROM previews_rendition WHERE source_id = ?",
            blob,
            expect="en_cours",
        )
        kill(worker)
    finally:
        finish(worker)
    assert instance.query(
        "SELECT state, attempts FROM previews_rendition WHERE source_id = ?", blob
    ) == [("en_cours", 1)]

    # Half an hour later nobody finished it: the next pass queues it again.
    instance.execute(
        "UPDATE previews_rendition SET started_at = datetime(started_at, '-31 minutes'), "
        "updated_at = datetime(updated_at, '-31 minutes')"
    )
    instance.schedule_pass()
    ran_well(instance.worker("--batch"))

    [(state, attempts, output)] = instance.query(
        "SELECT state, attempts, output_id FROM previews_rendition WHERE source_id = ?",
        blob,
    )
    assert (state, attempts) == ("pret", 2)
    assert output
    # Another pass finds nothing left to resume.
    instance.schedule_pass()
    assert instance.query(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE status = 'READY' AND task_path LIKE '%render_preview'"
    ) == [(0,)]


# --- The database cut during an upload ---------------------------------------


class Cut:
    """Cuts the database at the moment the version of an upload is written:
    on PostgreSQL the server ends the connection (``pg_terminate_backend``
    from another session, as a restart or a network cut would); SQLite,
    a file, has no connection to cut, so the write fails as a full or
    vanished disk makes it fail."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self, execute, sql, params, many, context):  # noqa: ANN001, ANN204
        from django.db import OperationalError, connection  # noqa: PLC0415

        if not self.done and sql.startswith("INSERT") and "documents_version" in sql:
            self.done = True
            if connection.vendor == "postgresql":
                import psycopg  # noqa: PLC0415

                pid = connection.connection.info.backend_pid
                params_of = connection.get_connection_params()
                dsn = {
                    k: v
                    for k, v in params_of.items()
                    if k in {"dbname", "user", "password", "host", "port"}
                }
                with psycopg.connect(**dsn, autocommit=True) as other:
                    other.execute("SELECT pg_terminate_backend(%s)", (pid,))
            else:
                raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)


@pytest.mark.django_db(transaction=True)
def test_the_database_cut_during_an_upload_keeps_nothing_and_the_same_form_sent_again_works(
    personas,
):
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.urls import reverse  # noqa: PLC0415

    from documents.models import Document, Version  # noqa: PLC0415
    from documents.storage import open_blob  # noqa: PLC0415
    from journal.models import JournalEntry  # noqa: PLC0415
    from quorum.testing import uploaded_file  # noqa: PLC0415

    client = Client(raise_request_exception=False)
    client.force_login(personas.secretaire)
    url = reverse(
        "documents:upload",
        kwargs={"collectivite": "saint-test", "workspace_id": personas.finances.pk},
    )
    form = client.get(url).content.decode()
    key = form.split('name="upload_key" value="')[1].split('"')[0]
    journal = JournalEntry.objects.count()
    content = b"Budget primitif, section de fonctionnement\n"

    cut = Cut()
    with connection.execute_wrapper(cut):
        response = client.post(
            url, {"file": uploaded_file("budget.txt", content), "upload_key": key}
        )
    assert cut.done
    assert response.status_code == 500
    assert "Erreur technique" in response.content.decode()
    connection.close()  # what the end of the request does with a dead one
    assert Document.objects.count() == 0
    assert Version.objects.count() == 0
    assert JournalEntry.objects.count() == journal

    # The person sends the same form again, once the database is back.
    again = client.post(
        url, {"file": uploaded_file("budget.txt", content), "upload_key": key}
    )
    assert again.status_code in (302, 303)
    document = Document.objects.get()
    assert Version.objects.filter(document=document).count() == 1
    with open_blob(document.current_version.blob) as stored:
        assert stored.read() == content
    assert JournalEntry.objects.filter(action="document.created").count() == 1
