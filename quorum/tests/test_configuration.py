import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from quorum import env

ROOT = Path(settings.BASE_DIR)


def test_every_environment_variable_is_documented():
    # The settings, the storage they build, and gunicorn's own settings.
    source = "".join(
        (ROOT / path).read_text()
        for path in ("quorum/settings.py", "quorum/file_storage.py", "gunicorn.conf.py")
    )
    variables = set(
        re.findall(r'(?:env_\w+|os\.environ\.get)\(\s*"([A-Z0-9_]+)"', source)
    )
    assert {"QUORUM_S3_BUCKET", "QUORUM_BIND"} <= variables
    documented = (ROOT / "docs" / "configuration.md").read_text()
    assert variables, "settings.py reads no variable?"
    missing = sorted(v for v in variables if f"`{v}`" not in documented)
    assert missing == []


def test_malformed_boolean_stops_the_start_naming_the_variable(monkeypatch):
    monkeypatch.setenv("QUORUM_STATE_BRAND", "peut-être")
    with pytest.raises(ImproperlyConfigured, match="QUORUM_STATE_BRAND"):
        env.env_bool("QUORUM_STATE_BRAND")


def test_malformed_integer_stops_the_start_naming_the_variable(monkeypatch):
    monkeypatch.setenv("QUORUM_MAX_UPLOAD_MB", "cinquante")
    with pytest.raises(ImproperlyConfigured, match="QUORUM_MAX_UPLOAD_MB"):
        env.env_int("QUORUM_MAX_UPLOAD_MB", 50)


def run_manage(*args: str, **environ: str) -> subprocess.CompletedProcess[str]:
    env_vars = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("QUORUM_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env_vars.update(environ)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env_vars,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        QUORUM_ENV="production",
        DJANGO_SECRET_KEY="x" * 60 + "-production-test-key-with-enough-entropy",
        DJANGO_ALLOWED_HOSTS="quorum.example.fr",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", QUORUM_ENV="production", DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
