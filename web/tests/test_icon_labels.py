"""Every button or link that shows an icon also says what it does: a DSFR
``fr-btn`` with an icon class alone is drawn as an icon only, its text
hidden, and a screen reader or a secrétaire reads nothing useful."""

import re

from web.tests.test_consistency import _project_templates

ICONED = re.compile(
    r"<(a|button)\b([^>]*\bclass=\"[^\"]*\bfr-icon-[^\"]*\"[^>]*)>(.*?)</\1>", re.S
)
GROUP = re.compile(r"class=\"[^\"]*\bfr-btns-group\b[^\"]*\"")
# The header's tool links are drawn with their text by the DSFR itself.
HEADER_TOOLS = {"web/header.html", "notifications/bell.html"}


def _name_of(attributes: str, inner: str) -> str:
    label = re.search(r"\baria-label=\"([^\"]+)\"", attributes)
    return label[1] if label else re.sub(r"<[^>]+>", "", inner).strip()


def _drawn_with_text(name: str, text: str, start: int, attributes: str) -> bool:
    if name in HEADER_TOOLS or re.search(r"--icon-(left|right)\b", attributes):
        return True
    groups = list(GROUP.finditer(text[:start]))
    return bool(groups) and bool(re.search(r"--icon-(left|right)", groups[-1][0]))


def test_every_button_with_an_icon_has_a_label_and_shows_it() -> None:
    unnamed, icon_only = [], []
    for name, path in _project_templates().items():
        text = path.read_text()
        for match in ICONED.finditer(text):
            attributes, inner = match[2], match[3]
            line = text[: match.start()].count("\n") + 1
            if not _name_of(attributes, inner):
                unnamed.append(f"{name}:{line}")
            if "fr-btn" in attributes and not _drawn_with_text(
                name, text, match.start(), attributes
            ):
                icon_only.append(f"{name}:{line}")

    assert not unnamed, unnamed
    assert not icon_only, icon_only
