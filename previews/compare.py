"""A readable difference between the texts of two versions.

Paragraph by paragraph, as a person rereads a draft: what was added, what
was removed, and inside a paragraph that changed, which words did.
"""

import difflib
import re
from dataclasses import dataclass, field

# Identical paragraphs kept around each change, so that it can be placed.
CONTEXT = 1
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Piece:
    text: str
    # "same", "added" or "removed"
    kind: str = "same"


@dataclass(frozen=True)
class Change:
    # "same", "added", "removed", "changed" or "skipped"
    kind: str
    text: str = ""
    pieces: list[Piece] = field(default_factory=list)
    skipped: int = 0


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a text, spaces collapsed: extracted text has
    one paragraph (or one line of a PDF) per line."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def compare(old: str, new: str) -> list[Change]:
    before, after = paragraphs(old), paragraphs(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes.extend(
                _context(
                    before[i1:i2],
                    first=i1 == 0 and j1 == 0,
                    last=i2 == len(before) and j2 == len(after),
                )
            )
        elif tag == "replace" and i2 - i1 == j2 - j1:
            changes.extend(
                Change("changed", pieces=_words(a, b))
                for a, b in zip(before[i1:i2], after[j1:j2], strict=True)
            )
        else:
            changes.extend(Change("removed", text) for text in before[i1:i2])
            changes.extend(Change("added", text) for text in after[j1:j2])
    return changes


def _context(same: list[str], *, first: bool, last: bool) -> list[Change]:
    """A long run of identical paragraphs shrinks to its edges."""
    head = [] if first else same[:CONTEXT]
    tail = [] if last else same[-CONTEXT:]
    if len(same) <= len(head) + len(tail) + 1:
        return [Change("same", text) for text in same]
    skipped = len(same) - len(head) - len(tail)
    return [
        *(Change("same", text) for text in head),
        Change("skipped", skipped=skipped),
        *(Change("same", text) for text in tail),
    ]


def _words(old: str, new: str) -> list[Piece]:
    a, b = old.split(" "), new.split(" ")
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(" ".join(a[i1:i2]), "removed"))
        if j2 > j1:
            pieces.append(Piece(" ".join(b[j1:j2]), "added"))
    return pieces


def summary(changes: list[Change]) -> dict[str, int]:
    return {
        kind: sum(1 for change in changes if change.kind == kind)
        for kind in ("added", "removed", "changed")
    }
