"""One way to show slow work, whatever it is: what it is doing, how far it
has gone, and once it is over, what came of it and where to go next.

A view builds a ``Progress`` and renders ``includes/progress.html`` inside
an element that htmx polls while ``busy`` (the element is the caller's: it
knows its own URL). The element is an ``aria-live`` region, so that a
screen reader hears the end as a sighted person sees it.
"""

from dataclasses import dataclass
from typing import Literal

State = Literal["busy", "done", "failed"]


@dataclass(frozen=True)
class Progress:
    # What the work is, as a person names it: "Compilation du dossier".
    doing: str
    state: State = "busy"
    # What it is doing right now: "mise en page des projets".
    step: str = ""
    done: int = 0
    total: int = 0
    # What ``done`` and ``total`` count, plural: "pièces", "e-mails".
    unit: str = ""
    # Once over: what came of it, and the link to the result.
    message: str = ""
    link_url: str = ""
    link_label: str = ""

    @property
    def busy(self) -> bool:
        return self.state == "busy"

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(100 * self.done / self.total))
