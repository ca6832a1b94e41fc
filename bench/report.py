"""The bench's two outputs: a table for the person who ran it, and JSON
files to compare one run with the next."""

import json
from pathlib import Path
from typing import Any

Section = tuple[str, list[tuple[str, str]]]


def write(report: dict[str, Any], directory: Path) -> tuple[Path, Path]:
    """``bench-<date>.json`` for the record and ``latest.json`` beside it;
    a quick run's names end in ``-quick``, so as not to pass for a measure."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = report["started_at"][:19].replace(":", "-")
    suffix = "-quick" if report["quick"] else ""
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    dated = directory / f"bench-{stamp}{suffix}.json"
    latest = directory / f"latest{suffix}.json"
    for path in (dated, latest):
        path.write_text(text, encoding="utf-8")
    return dated, latest


def table(sections: list[Section]) -> str:
    """Each section's title, then its figures in two aligned columns."""
    width = max((len(label) for _, lines in sections for label, _ in lines), default=0)
    out: list[str] = []
    for title, lines in sections:
        out += ["", title, "-" * len(title)]
        out += [f"  {label:<{width}}  {value}" for label, value in lines]
    return "\n".join(out).lstrip("\n")
