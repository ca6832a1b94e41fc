"""The rich text of a draft délibération: what a délibération needs, nothing more.

Paragraphs, bold, italic, bulleted and numbered lists and tables, stored as
HTML restricted to an allow-list. ``sanitise`` is the only gate: the service
passes every text through it before storing it, and every page, PDF and index
reads the texts through it again, so that an earlier revision written in
plain text (one paragraph per line, or per blank line for the exposé) and a
collectivité imported from an export are shown the same way as a text saved
today. The browser's editor is a convenience; nothing it sends is trusted.
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
CELL_ATTRIBUTES = frozenset({"colspan", "rowspan"})
# What editors and pasted text write for the same things: renamed, or for a
# div made a paragraph, rather than lost (a stripped div would glue two
# paragraphs together).
SYNONYMS = {"b": "strong", "i": "em", "div": "p"}
# The draft's texts, and whether a plain text of it was written one
# paragraph per line (the visas, considérants and articles) or in paragraphs
# separated by a blank line (the exposé).
DRAFT_TEXTS: dict[str, bool] = {
    "expose": False,
    "visas": True,
    "considerants": True,
    "articles": True,
}

BLOCKS = frozenset({"p", "ul", "ol", "li", "table", "thead", "tbody", "tr"})
# Dropped when they hold no text; an empty row or cell keeps a table's shape.
DROPPED_EMPTY = frozenset({"p", "ul", "ol", "li", "table"})
# Removed with what they hold, which is never text of the draft.
DROPPED_WHOLE = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template"}
    | {"svg", "math", "textarea", "select", "title", "head"}
)
VOID = frozenset({"br"})
MAX_SPAN = 50
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
# Marks put between the pieces of text while it is flattened.
_UNIT, _LINE = "\x00", "\x01"


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["_Node"] = field(default_factory=list)


_Node = _Element | str


@dataclass(frozen=True)
class Article:
    """One article of the dispositif: its first paragraph (``lead``, shown
    after « Article n — ») and the lists or tables that follow it."""

    lead: SafeString
    rest: SafeString


def sanitise(value: str, *, by_line: bool = False) -> str:
    """The text as it may be stored and shown: HTML with the allow-list's
    tags only, no attribute but a cell's colspan and rowspan, no empty
    paragraph, text outside any block put in a paragraph.

    A value that does not begin with a tag is plain text: escaped, and made
    paragraphs (one per line with ``by_line``, else one per blank line)."""
    if not is_html(value):
        value = from_plain_text(value, by_line=by_line)
    cleaned = nh3.clean(
        value,
        tags=set(ALLOWED_TAGS | SYNONYMS.keys()),
        attributes={"td": set(CELL_ATTRIBUTES), "th": set(CELL_ATTRIBUTES)},
        attribute_filter=_cell_span,
        clean_content_tags=set(DROPPED_WHOLE),
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    )
    return _serialise(_normalise(_parse(cleaned)))


def is_html(value: str) -> bool:
    """What the editor and ``from_plain_text`` write always begins with a
    tag; a plain text of before the rich text practically never does."""
    return value.lstrip().startswith("<")


def from_plain_text(text: str, *, by_line: bool = False) -> str:
    """Plain text as paragraphs: every line one (``by_line``), or every block
    separated by a blank line, its lines kept apart by a line break."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if by_line:
        blocks = [[line] for line in text.split("\n")]
    else:
        blocks = [block.split("\n") for block in re.split(r"\n[ \t]*\n", text)]
    paragraphs = []
    for block in blocks:
        lines = [escape(line.strip(), quote=False) for line in block if line.strip()]
        if lines:
            paragraphs.append("<p>" + "<br>".join(lines) + "</p>")
    return "".join(paragraphs)


def as_html(value: str, *, by_line: bool = False) -> SafeString:
    """The text to put in a page or a PDF, whatever its age."""
    return mark_safe(sanitise(value, by_line=by_line))  # noqa: S308 - sanitised


def paragraphs(value: str, *, by_line: bool = False) -> list[str]:
    """The text without tags, one string per paragraph, list item, line
    (``<br>``) or table row (its cells separated by « | »): what a
    comparison of two revisions lines up, and what the search indexes."""
    return [line for unit in _units(value, by_line) for line in unit]


def to_plain_text(value: str, *, by_line: bool = False) -> str:
    """The text for a textarea without JavaScript, which writes plain text
    back: one paragraph per line (``by_line``), else paragraphs separated by
    a blank line, each of its lines on a line."""
    if not is_html(value):
        return value
    units = _units(value, by_line)
    if by_line:
        return "\n".join(line for unit in units for line in unit)
    return "\n\n".join("\n".join(unit) for unit in units)


def articles(value: str) -> list[Article]:
    """The dispositif's articles: each paragraph begins one; a list or a
    table belongs to the article of the paragraph before it (or begins one
    when nothing comes before it)."""
    groups: list[tuple[list[_Node], list[_Node]]] = []
    for block in _parse(sanitise(value, by_line=True)):
        if isinstance(block, _Element) and block.tag == "p":
            groups.append((block.children, []))
        elif groups:
            groups[-1][1].append(block)
        else:
            groups.append(([], [block]))
    # Pieces of the sanitised text, serialised again: safe as it is.
    return [
        Article(
            lead=mark_safe(_serialise(lead)),  # noqa: S308
            rest=mark_safe(_serialise(rest)),  # noqa: S308
        )
        for lead, rest in groups
    ]


def _cell_span(element: str, attribute: str, value: str) -> str | None:
    """A cell spans 1 to ``MAX_SPAN`` rows or columns, written in digits."""
    spans = attribute in CELL_ATTRIBUTES and value.isdigit()
    return value if spans and 1 <= int(value) <= MAX_SPAN else None


class _TreeBuilder(HTMLParser):
    """Reads HTML that nh3 wrote: well formed, every element closed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(_CONTROL.sub("", data))


def _parse(html: str) -> list[_Node]:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root.children


def _normalise(nodes: list[_Node], *, top: bool = True) -> list[_Node]:
    """Synonyms renamed, a paragraph (a former div) holding blocks
    unwrapped, empty paragraphs, lists and tables dropped, and at the top,
    text outside any block put in a paragraph."""
    result: list[_Node] = []
    for node in nodes:
        if isinstance(node, str):
            result.append(node)
            continue
        node.tag = SYNONYMS.get(node.tag, node.tag)
        node.children = _normalise(node.children, top=False)
        if node.tag == "p" and any(_is_block(child) for child in node.children):
            result += node.children
        elif node.tag in DROPPED_EMPTY and not _has_text(node):
            continue
        else:
            result.append(node)
    if not top:
        return result
    blocks: list[_Node] = []
    loose: _Element | None = None
    for node in result:
        if _is_block(node):
            blocks.append(node)
            loose = None
            continue
        if loose is None:
            loose = _Element("p")
            blocks.append(loose)
        loose.children.append(node)
    return [block for block in blocks if _has_text(block)]


def _is_block(node: _Node) -> bool:
    return isinstance(node, _Element) and node.tag in BLOCKS


def _has_text(node: _Node) -> bool:
    if isinstance(node, str):
        return bool(node.strip())
    return any(_has_text(child) for child in node.children)


def _serialise(nodes: list[_Node]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(escape(node, quote=False))
            continue
        attrs = "".join(
            f' {name}="{escape(value)}"'
            for name, value in sorted(node.attrs.items())
            if name in CELL_ATTRIBUTES
        )
        parts.append(f"<{node.tag}{attrs}>")
        if node.tag not in VOID:
            parts.append(_serialise(node.children))
            parts.append(f"</{node.tag}>")
    return "".join(parts)


def _units(value: str, by_line: bool) -> list[list[str]]:
    """Paragraphs (list items, table rows), each as its lines."""
    pieces: list[str] = []
    _flatten(_parse(sanitise(value, by_line=by_line)), pieces)
    units = []
    for unit in "".join(pieces).split(_UNIT):
        lines = [line.strip() for line in unit.split(_LINE)]
        if any(lines):
            units.append([line for line in lines if line])
    return units


def _flatten(nodes: list[_Node], pieces: list[str]) -> None:
    for node in nodes:
        if isinstance(node, str):
            pieces.append(_SPACE.sub(" ", node))
        elif node.tag == "br":
            pieces.append(_LINE)
        elif node.tag == "tr":
            # Empty cells keep their place, so that the columns line up.
            cells = [
                _inline(cell) for cell in node.children if isinstance(cell, _Element)
            ]
            pieces += [_UNIT, " | ".join(cells) if any(cells) else "", _UNIT]
        elif node.tag in BLOCKS:
            pieces.append(_UNIT)
            _flatten(node.children, pieces)
            pieces.append(_UNIT)
        else:
            _flatten(node.children, pieces)


def _inline(node: _Node) -> str:
    pieces: list[str] = []
    _flatten([node], pieces)
    text = "".join(pieces).replace(_UNIT, " ").replace(_LINE, " ")
    return _SPACE.sub(" ", text).strip()
