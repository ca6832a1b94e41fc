from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from pytest_django.live_server_helper import LiveServer

from quorum.testing import World, make_world

# Debian's Chromium: Playwright cannot download its own browser here.
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


@pytest.fixture(autouse=True)
def _static_files_found_on_request(settings: Any) -> None:
    """Whitenoise otherwise indexes the DSFR's 1,800 files each time a test
    client is built, up to a second per test; ``test_static.py`` checks the
    configuration that the demo runs."""
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def world(db: None) -> World:
    return make_world()


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
