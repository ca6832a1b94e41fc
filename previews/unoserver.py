"""A warm LibreOffice for this process: unoserver, started on first use.

A cold ``soffice --convert-to pdf`` spends most of its second or two starting
LibreOffice; a LibreOffice kept running behind unoserver converts a file in
a few tenths of a second. Each process that converts (each ``db_worker``, a
test run) starts its own server on free loopback ports with its own
LibreOffice profile: LibreOffice refuses to share a profile, and a server
converts one file at a time, so workers never queue behind each other.

The server is started on the first conversion, asked whether it answers
before each file, restarted when it died, killed when a conversion hangs,
and stopped when the process exits (and by itself when the process was
killed, since it watches its parent).

unoserver's server imports ``uno``, which only Debian's /usr/bin/python3 has:
it runs from its own environment, made by ``scripts/unoserver-venv`` and
named by ``QUORUM_UNOSERVER_VENV``; the app talks to it with unoserver's
Python client. Nothing here is said to people: the caller words the reasons.
"""

import atexit
import contextlib
import fcntl
import http.client
import logging
import math
import os
import shutil
import signal
import socket
import subprocess  # noqa: S404 - the server is a program we run
import tempfile
import threading
import time
import xmlrpc.client  # noqa: S411 - only our own server, on loopback
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from unoserver.client import API_VERSION, UnoClient

logger = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
START_TIMEOUT = 60  # seconds; unoserver waits 5 s for LibreOffice, then connects
PING_TIMEOUT = 5
STOP_GRACE = 10
# After a failed start, convert cold for a while rather than wait again.
START_BACKOFF = 300
PORT_PAIRS_TRIED = 32

# unoserver's own entry point, and a thread that ends it once the process
# that started it is gone (its parent changes), even killed with SIGKILL:
# otherwise a killed worker would leave a LibreOffice running for ever.
# unoserver opens documents without "Hidden": LibreOffice 7.4's Calc then
# fails to open any spreadsheet and dies soon after (Writer and Impress do
# not mind), so every document is opened hidden, as soffice --convert-to does.
_WATCHED_SERVER = """\
import os, signal, sys, threading, time
from unoserver import converter
from unoserver.server import main
from com.sun.star.beans import PropertyValue
parent = int(sys.argv.pop(1))
def watch():
    while os.getppid() == parent:
        time.sleep(1)
    os.kill(os.getpid(), signal.SIGTERM)
threading.Thread(target=watch, daemon=True).start()
class HiddenDesktop:
    def __init__(self, desktop):
        self.desktop = desktop
    def loadComponentFromURL(self, url, target, flags, properties):
        hidden = PropertyValue(Name="Hidden", Value=True)
        return self.desktop.loadComponentFromURL(
            url, target, flags, (*properties, hidden)
        )
    def __getattr__(self, name):
        return getattr(self.desktop, name)
opening = converter.UnoConverter.__init__
def opening_hidden(self, *args, **kwargs):
    opening(self, *args, **kwargs)
    self.desktop = HiddenDesktop(self.desktop)
converter.UnoConverter.__init__ = opening_hidden
sys.argv[0] = "unoserver"
sys.exit(main())
"""


class Unavailable(Exception):
    """No warm server for now (not installed, or it did not start): the
    caller converts with a cold LibreOffice instead."""


class Refused(Exception):
    """LibreOffice could not open or convert this file; it still runs."""


class Crashed(Exception):
    """LibreOffice died while converting this file; the next file gets a
    new server."""


class TimedOut(Exception):
    """The conversion did not finish in time; the server was killed and the
    next file gets a new one."""


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    profile: Path
    claim: IO[bytes] | None = None
    conversions: int = 0

    @property
    def pid(self) -> int:
        """The server's process, also the id of its process group, where
        LibreOffice runs too."""
        return self.process.pid


_lock = threading.Lock()
_server: Server | None = None
_profile: Path | None = None
_retry_after = 0.0


def installed() -> Path | None:
    """The python of the server's environment, when there is one."""
    venv = settings.QUORUM_UNOSERVER_VENV
    if venv is None:
        return None
    python = Path(venv) / "bin" / "python"
    return python if python.is_file() else None


def current() -> Server | None:
    """The server of this process, if it started one."""
    return _server


def convert(source: Path, output: Path, timeout: float) -> None:
    """Convert ``source`` to the PDF ``output`` through this process's server,
    started or restarted first if need be. Raises ``Unavailable`` when there
    is no server to use, ``Refused``, ``Crashed`` or ``TimedOut`` when this
    file could not be converted."""
    python = installed()
    if python is None:
        raise Unavailable("not-installed")
    with _lock:
        server = _running_server(python, timeout)
        _convert_on(server, source, output, timeout)


def stop(*, say: bool = True) -> None:
    """Stop this process's server and remove its profile."""
    global _profile
    with _lock:
        _discard(say=say)
        if _profile is not None:
            shutil.rmtree(_profile, ignore_errors=True)
            _profile = None


# Quietly: at exit, the log's streams may be closed already.
atexit.register(stop, say=False)


def _forget_after_fork() -> None:
    # A forked child does not own its parent's server: it starts its own.
    global _lock, _server, _profile
    _lock = threading.Lock()
    if _server is not None and _server.claim is not None:
        _server.claim.close()  # the parent's lock stays the parent's
    _server = None
    _profile = None


os.register_at_fork(after_in_child=_forget_after_fork)


# --- Starting and stopping ---------------------------------------------------


def _running_server(python: Path, timeout: float) -> Server:
    global _server, _retry_after
    if _server is not None:
        if _answers(_server):
            return _server
        logger.warning("unoserver not answering, restarting pid=%s", _server.pid)
        _discard()
    if time.monotonic() < _retry_after:
        raise Unavailable("start-failed-recently")
    try:
        _server = _start(python, timeout)
    except Unavailable:
        _retry_after = time.monotonic() + START_BACKOFF
        raise
    return _server


def _start(python: Path, timeout: float) -> Server:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise Unavailable("no-libreoffice")
    profile = _profile_dir()
    for attempt in range(1, 4):
        began = time.monotonic()
        port, uno_port, claim = _free_ports(settings.QUORUM_UNOSERVER_PORT)
        command = [
            str(python),
            "-c",
            _WATCHED_SERVER,
            str(os.getpid()),
            "--interface",
            LOOPBACK,
            "--port",
            str(port),
            "--uno-interface",
            LOOPBACK,
            "--uno-port",
            str(uno_port),
            "--executable",
            soffice,
            "--user-installation",
            str(profile / "libreoffice"),
            # A backstop: our client gives up first and kills the server.
            "--conversion-timeout",
            str(math.ceil(timeout) + 30),
        ]
        with (profile / "unoserver.log").open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - our own program and arguments
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own group, to end LibreOffice with it.
                start_new_session=True,
                env=_server_environment(profile),
            )
        server = Server(process=process, port=port, profile=profile, claim=claim)
        if _wait_until_ready(server, began + START_TIMEOUT):
            logger.info(
                "unoserver started pid=%s port=%s seconds=%.1f",
                server.pid,
                port,
                time.monotonic() - began,
            )
            return server
        _end(server)
        logger.warning(
            "unoserver did not start attempt=%s log=%s",
            attempt,
            _log_tail(profile),
        )
    raise Unavailable("start-failed")


def _server_environment(profile: Path) -> dict[str, str]:
    # Debian's python must not pick up the app's environment, and LibreOffice
    # writes beside its profile what it would write in the home folder.
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}
    }
    return {**inherited, "HOME": str(profile)}


def _wait_until_ready(server: Server, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if _exited(server.process):
            return False
        info = _info(server)
        if info is not None:
            if info.get("api") != API_VERSION:
                logger.error(
                    "unoserver api mismatch server=%s client=%s",
                    info.get("api"),
                    API_VERSION,
                )
                return False
            return True
        time.sleep(0.2)
    return False


def _discard(*, say: bool = True) -> None:
    global _server
    if _server is not None:
        _end(_server)
        if say:
            logger.info("unoserver stopped pid=%s", _server.pid)
        _server = None


def _end(server: Server) -> None:
    """Stop the server, then kill what is left of its group (LibreOffice),
    and give its ports back. The server is reaped last: until then its id,
    which names the group, cannot be given to another process."""
    process = server.process
    if not _exited(process):
        process.terminate()  # unoserver passes it on to LibreOffice
        deadline = time.monotonic() + STOP_GRACE
        while not _exited(process) and time.monotonic() < deadline:
            time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):  # the group is gone already
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    if server.claim is not None:
        server.claim.close()


def _exited(process: subprocess.Popen[bytes]) -> bool:
    """Whether the process ended, without reaping it (see ``_end``)."""
    if process.returncode is not None:
        return True
    flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
    return os.waitid(os.P_PID, process.pid, flags) is not None


def _profile_dir() -> Path:
    """This process's LibreOffice profile, kept across restarts so that only
    the first start pays for creating it; removed at exit."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix=f"quorum-unoserver-{os.getpid()}-"))
    return _profile


def _free_ports(first: int) -> tuple[int, int, IO[bytes] | None]:
    """Two free loopback ports, for unoserver and for LibreOffice: chosen by
    the system when ``first`` is 0, else the first free pair from there,
    claimed by a lock that this process holds while its server runs. The
    lock matters because unoserver listens only 5 s after it starts: another
    worker starting at the same moment would find the same pair free."""
    if first == 0:
        with socket.socket() as one, socket.socket() as two:
            one.bind((LOOPBACK, 0))
            two.bind((LOOPBACK, 0))
            return one.getsockname()[1], two.getsockname()[1], None
    locks = Path(tempfile.gettempdir()) / f"quorum-unoserver-ports-{os.getuid()}"
    locks.mkdir(mode=0o700, exist_ok=True)
    for port in range(first, first + 2 * PORT_PAIRS_TRIED, 2):
        claim = (locks / str(port)).open("ab")
        try:
            fcntl.flock(claim, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            claim.close()
            continue
        if _port_free(port) and _port_free(port + 1):
            return port, port + 1, claim
        claim.close()
    raise Unavailable("no-free-port")


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def _log_tail(profile: Path) -> str:
    try:
        text = (profile / "unoserver.log").read_text(errors="replace")
    except OSError:
        return ""
    return text[-500:].replace("\n", " | ")


# --- Talking to it -------------------------------------------------------------


class _Transport(xmlrpc.client.Transport):
    """XML-RPC over HTTP that gives up after ``timeout`` seconds."""

    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host: Any) -> http.client.HTTPConnection:
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


def _info(server: Server) -> dict[str, Any] | None:
    """What the server says of itself; ``None`` when it does not answer.
    unoserver asks LibreOffice for its filters: a dead LibreOffice fails."""
    try:
        with xmlrpc.client.ServerProxy(
            f"http://{LOOPBACK}:{server.port}",
            transport=_Transport(PING_TIMEOUT),
            allow_none=True,
        ) as proxy:
            info = proxy.info()
    except (OSError, http.client.HTTPException, xmlrpc.client.Error):
        return None
    return info if isinstance(info, dict) else None


def _answers(server: Server) -> bool:
    return not _exited(server.process) and _info(server) is not None


def _convert_on(server: Server, source: Path, output: Path, timeout: float) -> None:
    # unoserver's client has no timeout of its own: it runs in a thread that
    # is left behind, and unblocked by killing the server, when time is up.
    client = UnoClient(server=LOOPBACK, port=str(server.port), host_location="local")
    errors: list[Exception] = []

    def call() -> None:
        try:
            client.convert(inpath=str(source), outpath=str(output), convert_to="pdf")
        except Exception as error:  # noqa: BLE001 - looked at below
            errors.append(error)

    thread = threading.Thread(target=call, name="unoserver-client", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        logger.warning("unoserver conversion timed out pid=%s", server.pid)
        _discard()
        thread.join(PING_TIMEOUT)
        raise TimedOut
    if not errors:
        server.conversions += 1
        return

    error = errors[0]
    if isinstance(error, xmlrpc.client.Fault) and _answers(server):
        logger.info(
            "unoserver refused the file pid=%s error=%s",
            server.pid,
            error.faultString[-200:],
        )
        raise Refused(error.faultString[-300:]) from error
    if isinstance(error, OSError | http.client.HTTPException | xmlrpc.client.Error):
        logger.warning(
            "unoserver died converting pid=%s error=%s",
            server.pid,
            type(error).__name__,
        )
        _discard()
        raise Crashed from error
    raise error
