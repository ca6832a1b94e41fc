"""The production settings pass Django's deployment checks, log JSON on
stdout, and gunicorn serves them: the health check, the bench's ceiling."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from bench.server import (
    CEILING_PATH,
    CSRF_COOKIE,
    ROOT,
    SESSION_COOKIE,
    production_server,
)

PRODUCTION = {
    "QUORUM_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "quorum.example.fr",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://quorum.example.fr",
    "QUORUM_SITE_URL": "https://quorum.example.fr",
    "QUORUM_BEHIND_PROXY": "true",
    "QUORUM_STORAGE": "s3",
    "QUORUM_S3_BUCKET": "quorum-documents",
    "QUORUM_S3_ENDPOINT_URL": "https://s3.example.fr",
    "EMAIL_HOST": "smtp.example.fr",
    "EMAIL_PORT": "587",
    "EMAIL_USE_TLS": "true",
}


def test_the_production_settings_pass_the_deployment_checks_and_log_json_on_stdout(
    tmp_path: Path,
) -> None:
    # The root conftest's, for Playwright; never in a deployment.
    inherited = {
        k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env = {
        **inherited,
        **PRODUCTION,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "QUORUM_STATIC_ROOT": str(tmp_path / "static"),
        "QUORUM_LOG_LEVEL": "INFO",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    logged = [json.loads(line) for line in done.stdout.splitlines() if line[:1] == "{"]
    assert logged
    assert {"time", "level", "name", "message"} <= set(logged[0])
    # The bench's client speaks to the server with these cookies' names.
    names = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; "
            "print(settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert names.stdout.split()[-2:] == [SESSION_COOKIE, CSRF_COOKIE]


def test_gunicorn_serves_the_health_check_and_the_ceiling_with_the_production_settings(
    tmp_path: Path,
) -> None:
    with production_server(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        workers=1,
        media=tmp_path / "media",
        static=None,
    ) as server:
        health = server.get("/sante/")
        ceiling = server.get(CEILING_PATH)
        home = server.get("/")

    assert health[0] == ceiling[0] == 200
    assert home[0] == 302  # to the login page: login is required by default
