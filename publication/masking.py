"""Masking the personal data of third parties in the copy of an act put
online (CRPA L312-1-2, as the CADA reads it with R2131-1; RULES §11): the
signed original stays whole in the registre, the published copy shows a
mark in place of each passage the secrétaire chose.
"""

from collections.abc import Iterable, Sequence
from html import escape

MASK = "[donnée masquée]"


def passages_of(text: str) -> list[str]:
    """The passages typed one per line, without blanks nor repeats, the
    longest first so that a passage inside a longer one never leaves a
    piece of it visible."""
    seen = {line.strip() for line in text.splitlines() if line.strip()}
    return sorted(seen, key=lambda passage: (-len(passage), passage))


def mask_text(text: str, passages: Iterable[str]) -> str:
    for passage in passages:
        text = text.replace(passage, MASK)
    return text


def mask_html(html: str, passages: Sequence[str]) -> str:
    """``html`` with every passage (plain text, as a person reads it)
    replaced by the mark; a passage is found as the HTML writes it."""
    for passage in passages:
        for form in {escape(passage, quote=False), escape(passage)}:
            html = html.replace(form, f"<strong>{MASK}</strong>")
    return html


def missing(passages: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The passages found in none of ``texts``: a typing error would
    otherwise leave the data it meant to hide online."""
    whole = "\n".join(texts)
    return [passage for passage in passages if passage not in whole]
