"""What a person typed, turned into words both databases search safely.

Only words are kept: quotes, ``*``, ``-``, parentheses and every other sign
of a full-text syntax are dropped here, and each word is then quoted by the
backend, so that nothing typed can be read as an operator (``NEAR``, ``OR``).
"""

import re
import unicodedata
from dataclasses import dataclass

# Beyond this, a query is cut: nobody types more, and a pasted page would
# only slow the search down.
MAX_QUERY_CHARS = 200
MAX_TERMS = 12

# The words too common to mean anything, compared without accents; the
# French configuration of PostgreSQL drops them too.
_STOP_WORDS = """
    a au aux avec ce ces cet cette d dans de des du elle en et eux il ils
    je l la le les leur leurs lui m ma mais me meme mes moi mon n ne nos
    notre nous on ou par pas pour qu que qui s sa se ses son sur t ta te
    tes toi ton tu un une vos votre vous y c est sont ete etre avoir ai as
    avons avez ont si plus tres sans sous entre vers chez donc car ni or
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case, without accents: how words are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[str, ...]
    cut: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.text

    @property
    def has_terms(self) -> bool:
        return bool(self.terms)


def parse(raw: str) -> Query:
    """The words worth searching in ``raw``, folded, in order, once each."""
    text = " ".join(raw.split())
    cut = len(text) > MAX_QUERY_CHARS
    if cut:  # at a space, never inside a word
        text = text[: MAX_QUERY_CHARS + 1].rsplit(" ", 1)[0][:MAX_QUERY_CHARS]
    terms: list[str] = []
    for word in _WORD.findall(fold(text).replace("_", " ")):
        if word in STOP_WORDS or word in terms:
            continue
        terms.append(word)
    cut = cut or len(terms) > MAX_TERMS
    return Query(text=text, terms=tuple(terms[:MAX_TERMS]), cut=cut)
