"""Web's tests use the fixtures of the root conftest.py (world, browser)."""

from typing import Any

from web.tests.journeys import MEASURED


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """The actions of each measured journey (``web/tests/journeys.py``)."""
    if not MEASURED:
        return
    terminalreporter.section("parcours mesurés")
    for figures in MEASURED:
        terminalreporter.write_line(figures.line())
