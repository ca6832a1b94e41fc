"""French typography for the printed documents: the spaces that must not
break a line.

Before « ; : ! ? », inside « » and between a number and its unit, French
puts a space that never ends a line (a councillor should never read a lone
« : » at the start of a line, nor « 12 » at the end of one and « € » on
the next). Typed text has ordinary spaces, or none: they are made
non-breaking here, in the text between the tags only. U+00A0 rather than
the narrow U+202F, which Marianne does not draw.
"""

import re

from django.utils.safestring import SafeData, mark_safe

NBSP = "\u00a0"
_TAG = re.compile(r"(<[^>]*>)")
# « ; ! ? : » after a word, a number or a sign, followed by a space or the
# end: never the « ? » of an address, nor the « : » of 19:00 or https://.
_HIGH = re.compile(r"(?<=[^\s;!?:«])[ \u00a0\u202f]?([;!?]+)(?=\s|$|[»)\]])")
_COLON = re.compile(r"(?<=[^\s;!?:«])[ \u00a0\u202f]?:(?=\s|$)")
_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
UNITS = (
    "€|%|‰|euros?|EUR|HT|TTC|k€|M€|m²|m2|m³|m3|km|cm|mm|m|ha|a|ca|kg|g|t|l|L|"
    "kWh|MWh|kW|h|min|s|ans?|jours?|mois|semaines?|heures?|habitants?|élèves?|"
    "places?|logements?|ml"
)
_UNIT = re.compile(rf"(?<=\d) (?=(?:{UNITS})(?![\w]))")
# 1 240 habitants, 12 500 €: the groups of a number stay together.
_GROUP = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
# A character reference of HTML, kept whole as one character of the
# Supplementary Private Use Area while the spaces are set (no text has one).
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ASIDE = 0x100000
_ASIDE_CHAR = re.compile("[\U00100000-\U0010fffd]")


def french_spacing(value: str) -> str:
    """``value`` with its breakable spaces made non-breaking where French
    wants them; HTML stays HTML (tags and attributes are left as they are)
    and safe stays safe."""
    parts = _TAG.split(str(value))
    for index in range(0, len(parts), 2):  # the texts, between the tags
        parts[index] = _text(parts[index])
    result = "".join(parts)
    return mark_safe(result) if isinstance(value, SafeData) else result  # noqa: S308


def _text(text: str) -> str:
    """The spaces of one text between tags. Its character references
    (« &amp; », « &lt; », « &#x27; ») are set aside first: the « ; » that
    ends one is no punctuation, and a space put before it would break the
    reference, printing « & ; »."""
    if _ASIDE_CHAR.search(text):  # never typed; left as it is if it were
        return _spaced(text)
    references: list[str] = []

    def aside(match: re.Match[str]) -> str:
        references.append(match.group(0))
        return chr(_ASIDE + len(references) - 1)

    text = _REFERENCE.sub(aside, text)
    text = _spaced(text)
    return _ASIDE_CHAR.sub(lambda match: references[ord(match.group(0)) - _ASIDE], text)


def _spaced(text: str) -> str:
    text = _OPEN.sub("«" + NBSP, text)
    text = _CLOSE.sub(NBSP + "»", text)
    text = _HIGH.sub(lambda match: NBSP + match.group(1), text)
    text = _COLON.sub(NBSP + ":", text)
    text = _UNIT.sub(NBSP, text)
    return _GROUP.sub(NBSP, text)
