"""gunicorn's own lines (start, workers booted) reach the log collector in
the same JSON form as the application's, on stdout (docs/deploiement.md)."""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_writes_its_own_lines_as_json_on_stdout(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "QUORUM_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "QUORUM_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    process = subprocess.Popen(  # noqa: S603 - the project's own gunicorn
        [sys.executable, "-m", "gunicorn", "quorum.wsgi:application"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(  # noqa: S310 - loopback
                    f"http://127.0.0.1:{port}/sante/", timeout=5
                ) as answer:
                    assert answer.read() == b"ok"
                break
            except OSError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "gunicorn n'a pas démarré"
                time.sleep(0.3)
    finally:
        process.terminate()
        out, err = process.communicate(timeout=30)

    lines = [json.loads(line) for line in out.splitlines() if line.strip()]
    own = [line for line in lines if line["name"] == "gunicorn.error"]
    assert any(line["message"].startswith("Listening at: ") for line in own)
    assert all(line["time"].endswith("+00:00") for line in lines)
    assert err == ""
