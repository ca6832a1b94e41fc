"""What the browser tests share: the screen sizes and one person's visit."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page, Response, expect

from accounts.models import TotpDevice, User
from quorum.testing import PASSWORD, second_factor_code

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
# A tablet held upright, as the secrétaire holds the séance.
TABLET = {"width": 820, "height": 1180}
SIZES = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]


class Visit:
    """One person's visit: the page, what went wrong on the way, and the
    screenshots taken at each step."""

    def __init__(self, page: Page, base_url: str, folder: Path, name: str) -> None:
        self.page = page
        self.base_url = base_url
        self.folder = folder
        self.name = re.sub(r"[^\w-]+", "-", name).strip("-")
        self.steps = 0
        self.failed_files: list[str] = []
        self.refusals: list[str] = []
        self.script_errors: list[str] = []
        page.on("response", self._on_response)
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))

    def _on_response(self, response: Response) -> None:
        if "/static/" in response.url and response.status >= 400:
            self.failed_files.append(f"{response.status} {response.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        # What the Content-Security-Policy blocked: a script, a style, a font.
        # TODO(csp-violations): Chromium also reports "… violates the following
        # Content Security Policy directive" for a blocked style attribute or
        # frame; counting those shows SortableJS setting inline styles while a
        # point is dragged (harmless, the drag still works) and must wait until
        # the agenda's drag styles move to classes.
        if message.type == "error" and message.text.startswith("Refused to"):
            self.refusals.append(message.text)

    def goto(self, path: str) -> Response | None:
        return self.page.goto(self.base_url + path)

    def log_in(self, user: User) -> None:
        """Through the login form, with the second step for a persona that
        has an authenticator (``quorum.testing.TOTP_SECRET``)."""
        self.goto(reverse("accounts:login"))
        self.page.locator("input[name=username]").fill(user.email)
        self.page.locator("input[name=password]").fill(PASSWORD)
        self.page.get_by_role("button", name="Se connecter").click()
        if TotpDevice.objects.filter(user=user).exists():
            self.page.locator("input[name=code]").fill(second_factor_code(user))
            self.page.get_by_role("button", name="Valider le code").click()
        expect(
            self.page.get_by_role("heading", level=1, name="Tableau de bord")
        ).to_be_visible()

    def shot(self, step: str) -> None:
        self.steps += 1
        path = self.folder / f"{self.name}-{self.steps:02d}-{step}.png"
        self.page.screenshot(path=path, full_page=True)

    def check_layout(self) -> None:
        """The DSFR's styles applied, every static file served, nothing
        refused by the CSP, no script failing, nothing wider than the screen."""
        title = self.page.locator(".fr-header__service-title")
        expect(title).to_have_css("font-weight", "700")
        expect(title).to_have_css("margin-top", "0px")
        font = self.page.evaluate("getComputedStyle(document.body).fontFamily")
        # The DSFR's script marks the page once it has started.
        expect(self.page.locator("html")).to_have_attribute("data-fr-js", "true")
        assert font.startswith("Marianne"), font
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{overflow} px of horizontal scroll on {self.page.url}"
        assert not self.failed_files, self.failed_files
        assert not self.refusals, self.refusals
        assert not self.script_errors, self.script_errors

    def main_link(self, name: str | re.Pattern[str]) -> None:
        self.page.get_by_role("main").get_by_role("link", name=name).first.click()
