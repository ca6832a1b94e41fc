"""Counting what a person does along a journey, in the browser.

An action is one gesture of the person: opening an address (a link in an
e-mail, a bookmark), a click, a key press, or entering one value in one
field (typing a title is one action, however long the title). The page
loads that follow are counted apart, and every journey's figures are kept
for the summary at the end of the run (``web/tests/conftest.py``).
"""

from dataclasses import dataclass, field

from playwright.sync_api import Frame, Locator

from web.tests.browsing import Visit


@dataclass
class Figures:
    name: str
    target: int
    opens: int = 0
    clicks: int = 0
    entries: int = 0
    keys: int = 0
    loads: int = 0

    @property
    def actions(self) -> int:
        return self.opens + self.clicks + self.entries + self.keys

    def line(self) -> str:
        return (
            f"{self.name}: {self.actions} action(s) pour {self.target} au plus "
            f"(ouvertures {self.opens}, clics {self.clicks}, saisies "
            f"{self.entries}, touches {self.keys}; {self.loads} page(s) chargée(s))"
        )


# Every journey measured in this run, in order.
MEASURED: list[Figures] = []


@dataclass
class Journey:
    """One person's journey on ``visit``'s page; the counting starts here."""

    visit: Visit
    name: str
    target: int
    figures: Figures = field(init=False)

    def __post_init__(self) -> None:
        self.figures = Figures(self.name, self.target)
        self.visit.page.on("framenavigated", self._on_navigation)

    def _on_navigation(self, frame: Frame) -> None:
        if frame == self.visit.page.main_frame:
            self.figures.loads += 1

    def open(self, url: str) -> None:
        self.figures.opens += 1
        self.visit.page.goto(url)

    def click(self, locator: Locator) -> None:
        self.figures.clicks += 1
        locator.click()

    def fill(self, locator: Locator, value: str) -> None:
        self.figures.entries += 1
        locator.fill(value)

    def select(self, locator: Locator, label: str) -> None:
        self.figures.entries += 1
        locator.select_option(label=label)

    def press(self, key: str) -> None:
        self.figures.keys += 1
        self.visit.page.keyboard.press(key)

    def done(self) -> Figures:
        """Keep the figures, print them, and fail if the journey grew."""
        self.visit.page.remove_listener("framenavigated", self._on_navigation)
        MEASURED.append(self.figures)
        print(self.figures.line())  # noqa: T201
        assert self.figures.actions <= self.target, self.figures.line()
        return self.figures
