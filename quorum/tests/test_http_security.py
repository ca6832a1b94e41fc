"""What a browser gets from Quorum in production: HTTPS only (HSTS, secure
``__Host-`` cookies), the security headers, a strict CSP, CSRF on every
form; and the demo keeps working over plain http://127.0.0.1:8000."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from quorum.testing import PASSWORD, World
from quorum.tests.test_configuration import run_manage

ROOT = Path(settings.BASE_DIR)
PRODUCTION = {
    "QUORUM_ENV": "production",
    "DJANGO_SECRET_KEY": "p" * 60 + "-production-test-key-with-enough-entropy",
    "DJANGO_ALLOWED_HOSTS": "quorum.example.fr",
    "QUORUM_BEHIND_PROXY": "true",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_REDIRECT_EXEMPT",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_NAME",
    "DEBUG",
    "ALLOWED_HOSTS",
]


def production_settings() -> dict[str, object]:
    """The security settings as the production environment makes them,
    read from a process started with that environment."""
    names = json.dumps(SECURITY_SETTINGS)
    result = run_manage(
        "shell",
        "-c",
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names}}}))",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stderr
    values: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"]:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])  # type: ignore[arg-type]
    return values


@pytest.fixture(scope="module")
def production() -> dict[str, object]:
    return production_settings()


def test_check_deploy_passes_with_no_warning_in_production() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_every_https_protection_on(
    production: dict[str, object],
) -> None:
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000  # type: ignore[operator]
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert str(production["SESSION_COOKIE_NAME"]).startswith("__Host-")
    assert str(production["CSRF_COOKIE_NAME"]).startswith("__Host-")


def test_a_production_answer_carries_every_security_header_and_secure_cookies(
    client: Client,
    world: World,
    settings: Settings,
    production: dict[str, object],
) -> None:
    for name, value in production.items():
        setattr(settings, name, value)
    https = {
        "headers": {"x-forwarded-proto": "https"},
        "HTTP_HOST": "quorum.example.fr",
    }

    plain = client.get("/compte/connexion/", HTTP_HOST="quorum.example.fr")
    page = client.get("/compte/connexion/", **https)  # type: ignore[arg-type]
    logged = client.post(
        "/compte/connexion/",
        {"username": world.personas.conseiller.email, "password": PASSWORD},
        **https,  # type: ignore[arg-type]
    )

    assert plain.status_code == 301
    assert plain["Location"] == "https://quorum.example.fr/compte/connexion/"
    assert page.status_code == 200
    assert re.fullmatch(
        r"max-age=\d{8,}; includeSubDomains; preload", page["Strict-Transport-Security"]
    )
    assert page["X-Content-Type-Options"] == "nosniff"
    assert page["X-Frame-Options"] == "DENY"
    assert page["Referrer-Policy"] == "same-origin"
    assert page["Cross-Origin-Opener-Policy"] == "same-origin"
    assert page["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in page["Permissions-Policy"]
    policy = page["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    csrf = page.cookies["__Host-quorum-csrf"]
    assert csrf["secure"] is True
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"
    assert logged.status_code == 302
    session = logged.cookies["__Host-quorum-session"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["path"] == "/"
    assert not session["domain"]


def test_the_health_check_answers_over_plain_http_in_production(
    client: Client, db: None, settings: Settings, production: dict[str, object]
) -> None:
    for name, value in production.items():
        setattr(settings, name, value)

    response = client.get(reverse("web:health"), HTTP_HOST="quorum.example.fr")

    assert response.status_code == 200


def test_a_form_sent_without_its_csrf_token_is_refused_in_french(
    world: World,
) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.personas.secretaire)

    response = client.post(
        reverse(
            "documents:upload",
            kwargs={"collectivite": world.slug, "workspace_id": world.finances.id},
        ),
        {"title": "sans jeton"},
    )

    assert response.status_code == 403
    assert "Envoi refusé : la page n" in response.content.decode()


def test_no_view_of_quorum_is_exempt_from_csrf() -> None:
    sources = [
        path
        for path in ROOT.rglob("*.py")
        if ".venv" not in path.parts and "tests" not in path.parts
    ]

    exempt = [path for path in sources if "csrf_exempt" in path.read_text()]

    assert exempt == []


def test_the_demo_serves_plain_http_on_127_0_0_1_with_its_usual_cookies(
    client: Client, world: World
) -> None:
    # The tests run with the demo's settings.
    assert settings.SECURE_SSL_REDIRECT is False
    assert settings.SECURE_HSTS_SECONDS == 0

    page = client.get("/compte/connexion/", HTTP_HOST="127.0.0.1:8000")

    assert page.status_code == 200
    assert "Strict-Transport-Security" not in page
    assert page.cookies["csrftoken"]["secure"] == ""
