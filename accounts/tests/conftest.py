# The browser set-up of web's tests (Debian's Chromium, a live server that
# shares the in-memory test database, no pytest-playwright base_url).
from web.tests.conftest import (  # noqa: F401
    base_url,
    browser_type_launch_args,
    live_server,
)
