"""The production server for the bench: gunicorn with the production
settings, on a free port of the loopback, and a small HTTP client to time
its answers and count how many it gives in a second.

The server is a process of its own: it reads the bench's database and
files, through the same settings a real deployment has (``QUORUM_ENV=
production``, HTTPS behind a proxy, persistent database connections). The
client says ``X-Forwarded-Proto: https`` as the load balancer would.
"""

import http.client
import os
import socket
import subprocess  # noqa: S404 - gunicorn, our own server
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
CEILING_PATH = "/banc-essai/plafond/"
# The production settings' cookies (``quorum.settings``: "__Host-" once
# cookies are secure), not those of the bench's own process.
SESSION_COOKIE = "__Host-quorum-session"
CSRF_COOKIE = "__Host-quorum-csrf"


class ServerError(RuntimeError):
    """The server did not start, or answered what it should not have."""


@dataclass(frozen=True)
class Server:
    port: int
    workers: int

    def get(self, path: str, session: str = "") -> tuple[int, float]:
        """One GET: its status and how long the answer took, in seconds."""
        answer = self.request("GET", path, session)
        return answer.status, answer.seconds

    def request(
        self,
        method: str,
        path: str,
        session: str = "",
        *,
        cookies: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        form: Mapping[str, str] | None = None,
    ) -> "Answer":
        """One request as a browser behind the load balancer sends it; a
        form is posted from the site's own page (the CSRF check reads the
        origin)."""
        sent = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        jar = {**(cookies or {}), **({SESSION_COOKIE: session} if session else {})}
        if jar:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in jar.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://{HOST}"
            sent["Referer"] = f"https://{HOST}{path}"
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        return Answer(
            response.status,
            time.perf_counter() - started,
            content.decode(errors="replace"),
            _cookies(response.headers.get_all("Set-Cookie") or []),
        )

    def times(self, path: str, session: str, rounds: int) -> list[float]:
        """``rounds`` answers one after the other, after a few to warm up."""
        for _ in range(3):
            self._expect_ok(path, session)
        return [self._expect_ok(path, session) for _ in range(rounds)]

    def throughput(self, path: str, session: str, *, seconds: float) -> float:
        """Answers per second with as many clients at once as workers + 1,
        so that no worker waits for a request."""
        self.times(path, session, 2)
        done: list[int] = []
        stop = time.perf_counter() + seconds

        def client() -> None:
            count = 0
            while time.perf_counter() < stop:
                self._expect_ok(path, session)
                count += 1
            done.append(count)

        threads = [threading.Thread(target=client) for _ in range(self.workers + 1)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return sum(done) / (time.perf_counter() - started)

    def _expect_ok(self, path: str, session: str) -> float:
        status, seconds = self.get(path, session)
        if status != 200:
            raise ServerError(f"{path} a répondu {status}")
        return seconds


@dataclass(frozen=True)
class Answer:
    status: int
    seconds: float
    text: str
    cookies: dict[str, str]


def _cookies(headers: list[str]) -> dict[str, str]:
    jar = SimpleCookie()
    for header in headers:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


@contextmanager
def production_server(
    *, database_url: str, workers: int, media: Path, static: Path | None
) -> Iterator[Server]:
    """gunicorn serving Quorum until the block ends. ``static`` is where
    ``collectstatic`` gathered the files (the production storage, with its
    manifest); ``None`` keeps the apps' files, for a quick run."""
    port = _free_port()
    env = _production_env(database_url, media, static)
    if static is not None:
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        str(ROOT / "gunicorn.conf.py"),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        # Several servers may run on the machine: no shared control socket.
        "--no-control-socket",
        "quorum.wsgi:application",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    try:
        server = Server(port, workers)
        _wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _production_env(
    database_url: str, media: Path, static: Path | None
) -> Mapping[str, str]:
    env = {
        **os.environ,
        "QUORUM_ENV": "production",
        # The bench's own key: the sessions it opens are valid there.
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "QUORUM_SITE_URL": f"https://{HOST}",
        "QUORUM_BEHIND_PROXY": "true",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "60",
        "QUORUM_MEDIA_ROOT": str(media),
        "QUORUM_LOG_LEVEL": "WARNING",
        "QUORUM_BENCH_CEILING": "true",
    }
    env.pop("QUORUM_TASKS_BACKEND", None)  # production's queue, not the bench's
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the tests', never production's
    if static is None:
        env["QUORUM_STATICFILES_STORAGE"] = (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    else:
        env["QUORUM_STATIC_ROOT"] = str(static)
    return env


def database_url() -> str:
    """The URL of the current database (the bench's own), for the server."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        raise ServerError("le serveur de production du banc veut PostgreSQL")
    user, password = quote(database["USER"]), quote(database["PASSWORD"])
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{database['NAME']}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def _wait_until_up(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"gunicorn s'est arrêté (code {process.returncode})")
        try:
            status, _ = server.get("/sante/")
        except OSError:
            time.sleep(0.2)
            continue
        if status == 200:
            return
        raise ServerError(f"/sante/ a répondu {status}")
    raise ServerError("gunicorn n'a pas répondu en 60 s")
