"""How long the real corpus takes to convert and to read, file by file.

Each file of ``settings.QUORUM_CORPUS_DIR`` is uploaded through
``documents.services.create_document``, then its preview task is run here
and now, as the worker would: LibreOffice for office files, the text layer
of PDFs, OCR for scans. The figure says, per kind of file, how many there
were and how long they took, and names every file that was refused or
failed, with the reason a person would read.
"""

import hashlib
import io
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from bench.town import Town, make_town
from documents.services import create_document
from previews.models import Rendition
from previews.services import request_rendition
from previews.tasks import render_preview

# The smallest files only: a check that the figure runs, not a measure.
QUICK_FILES = 5

REFUSED = "refusé"
SAME_CONTENT = "même contenu"
STATES: dict[str, str] = {
    Rendition.State.READY: "prêt",
    Rendition.State.UNAVAILABLE: "sans aperçu",
    Rendition.State.FAILED: "échec",
}
FAILED = {REFUSED, STATES[Rendition.State.FAILED]}


@dataclass
class Outcome:
    file: str
    kind: str
    state: str
    reason: str = ""
    upload_seconds: float = 0.0
    convert_seconds: float = 0.0
    text_chars: int = 0


def measure(quick: bool) -> dict[str, Any]:
    corpus = Path(settings.QUORUM_CORPUS_DIR)
    files = corpus_files(corpus)
    if quick:
        files = sorted(files, key=lambda path: path.stat().st_size)[:QUICK_FILES]
    town = make_town()

    started = time.perf_counter()
    outcomes = [_convert(path, corpus, town) for path in files]
    total = time.perf_counter() - started

    failures = [outcome for outcome in outcomes if outcome.state in FAILED]
    return {
        "corpus": str(corpus),
        "files": len(outcomes),
        "total_seconds": round(total, 2),
        "kinds": _by_kind(outcomes),
        "states": dict(Counter(outcome.state for outcome in outcomes)),
        "failed": len(failures),
        "failure_reasons": dict(Counter(outcome.reason for outcome in failures)),
        "outcomes": [asdict(outcome) for outcome in outcomes],
    }


def rows(figure: dict[str, Any]) -> list[tuple[str, str]]:
    lines = []
    for kind, numbers in figure["kinds"].items():
        label = (
            f"{kind} : {numbers['files']} fichier{'s' if numbers['files'] > 1 else ''}"
        )
        lines.append((label, f"{numbers['seconds']:.2f} s"))
    lines.append(
        (f"Total : {figure['files']} fichiers", f"{figure['total_seconds']:.2f} s")
    )
    states = ", ".join(f"{count} {state}" for state, count in figure["states"].items())
    lines.append(("États", states or "aucun fichier"))
    lines.append(("Refusés ou en échec", str(figure["failed"])))
    for outcome in figure["outcomes"]:
        if outcome["state"] in FAILED:
            lines.append(
                (f"  {outcome['file']}", f"{outcome['state']} : {outcome['reason']}")
            )
    return lines


def corpus_files(corpus: Path) -> list[Path]:
    if not corpus.is_dir():
        return []
    return sorted(path for path in corpus.rglob("*") if path.is_file())


def _convert(path: Path, corpus: Path, town: Town) -> Outcome:
    name = path.relative_to(corpus).as_posix()
    folder = PurePosixPath(name).parent.as_posix()
    kind = path.suffix.lower().lstrip(".") or "sans extension"
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    converted_before = Rendition.objects.filter(source_id=sha256).exists()

    started = time.perf_counter()
    try:
        create_document(
            workspace=town.workspaces[0],
            author=town.secretaire,
            stream=io.BytesIO(data),
            filename=path.name,
            size=len(data),
            folder="" if folder == "." else folder,
        )
    except ValidationError as refusal:
        return Outcome(name, kind, REFUSED, reason=" ".join(refusal.messages))
    uploaded = time.perf_counter() - started
    if converted_before:
        return Outcome(name, kind, SAME_CONTENT, upload_seconds=round(uploaded, 3))

    # Asked for when the upload committed: this finds it. A queue that runs
    # tasks at once (the tests') has done it already, and the call is void.
    rendition = request_rendition(sha256)
    started = time.perf_counter()
    render_preview.call(str(rendition.id))
    convert = time.perf_counter() - started
    rendition.refresh_from_db()

    if rendition.text_source == Rendition.TextSource.OCR:
        kind = f"{kind} (OCR)"
    return Outcome(
        name,
        kind,
        STATES.get(rendition.state, rendition.state),
        reason=rendition.reason,
        upload_seconds=round(uploaded, 3),
        convert_seconds=round(convert, 3),
        text_chars=len(rendition.text),
    )


def _by_kind(outcomes: list[Outcome]) -> dict[str, dict[str, Any]]:
    kinds: dict[str, dict[str, Any]] = {}
    for outcome in sorted(outcomes, key=lambda outcome: outcome.kind):
        numbers = kinds.setdefault(
            outcome.kind, {"files": 0, "seconds": 0.0, "text_chars": 0}
        )
        numbers["files"] += 1
        numbers["seconds"] += outcome.upload_seconds + outcome.convert_seconds
        numbers["text_chars"] += outcome.text_chars
    for numbers in kinds.values():
        numbers["seconds"] = round(numbers["seconds"], 2)
    return kinds
