import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from quorum.testing import Personas, World, make_personas, make_world
from web.tests.browsing import Visit

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Whitenoise otherwise indexes the DSFR's 1,800 files each time a test
    # client is built, up to a second per test; web/tests/test_static.py
    # checks the configuration that the demo runs.
    settings.WHITENOISE_AUTOREFRESH = True
    for template in settings.TEMPLATES:
        template["OPTIONS"]["string_if_invalid"] = InvalidVariable("%s")


class InvalidVariable(str):
    """Fails any test whose template uses a variable that does not exist."""

    def __mod__(self, other: object) -> str:
        raise AssertionError(f"Variable de gabarit inconnue : {other!r}")


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


@pytest.fixture
def corpus_dir() -> Path:
    """The real documents beside the project; CI always has them."""
    path = Path(settings.QUORUM_CORPUS_DIR)
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"Le corpus est introuvable : {path}")
        pytest.skip(f"corpus absent de cette machine ({path})")
    return path


@pytest.fixture
def world(db: None) -> World:
    return make_world()


# Browser tests: Debian's Chromium, since Playwright cannot download its own
# browser here.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} est introuvable : lancez `make system-deps`.")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def live_server(django_db_setup: None, live_server: LiveServer) -> LiveServer:
    """pytest-django's server, started once the test database exists.

    Started before, it does not see that the database lives in memory and
    does not lend its connection to the server's threads: each of them then
    opens its own, which is never closed (a ResourceWarning, so an error).
    """
    return live_server


@pytest.fixture(scope="session")
def base_url() -> None:
    """Replaces pytest-playwright's fallback, a fixture defined as a method
    that pytest 9 warns about (and warnings are errors here). The browser
    tests take their address from ``live_server``."""
    return None


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    """Screenshots and downloads of the browser tests, kept after the run."""
    path = Path(settings.BASE_DIR) / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def visit(
    page: Any,
    live_server: LiveServer,
    world: World,
    artifacts_dir: Path,
    request: pytest.FixtureRequest,
) -> Visit:
    """A visit of the live server by one person, in a fresh browser page."""
    return Visit(page, live_server.url, artifacts_dir, request.node.name)
