"""HTML to PDF with WeasyPrint, in the fonts and layout of Quorum's documents."""

import hashlib
import logging
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

MARIANNE = {
    ("normal", "normal"): "Marianne-Regular",
    ("bold", "normal"): "Marianne-Bold",
    ("normal", "italic"): "Marianne-Regular_Italic",
    ("bold", "italic"): "Marianne-Bold_Italic",
}


def html_of(template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, context)


def pdf_from_html(html: str, css: str | None = None) -> bytes:
    """The PDF of a page of Quorum's print templates; ``css`` replaces the
    documents' stylesheet (the page footers of a dossier have their own)."""
    import weasyprint  # noqa: PLC0415 - slow to import, needed by workers only

    document = weasyprint.HTML(string=html, base_url=str(settings.BASE_DIR))
    layout = weasyprint.CSS(string=css) if css else weasyprint.CSS(_stylesheet())
    stylesheets = [weasyprint.CSS(string=_font_faces()), layout]
    data = document.write_pdf(stylesheets=stylesheets)
    if data is None:  # only when writing to a target
        raise RuntimeError("WeasyPrint n'a pas produit de PDF")
    return data


def pdf_of(template: str, context: dict[str, Any]) -> bytes:
    return pdf_from_html(html_of(template, context))


@cache
def _stylesheet() -> str:
    path = finders.find("dossiers/pdf.css")
    if not isinstance(path, str):
        raise RuntimeError("dossiers/pdf.css est introuvable")
    return path


@cache
def _font_faces() -> str:
    """Marianne from the DSFR's own files while the State's identity is on
    (STACK.md: it is reserved to State services); DejaVu Sans otherwise,
    which every Debian carries."""
    if not settings.QUORUM_STATE_BRAND:
        return "@font-face { font-family: Quorum; src: local('DejaVu Sans'); }"
    faces = []
    for (weight, style), name in MARIANNE.items():
        found = finders.find(f"dsfr/dist/fonts/{name}.woff2")
        if not isinstance(found, str):
            logger.warning("font missing font=%s", name)
            continue
        faces.append(
            "@font-face { font-family: Quorum; "
            f"src: url('{Path(found).as_uri()}'); "
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(faces)


@cache
def style_version() -> str:
    """Changes with the stylesheet and the fonts: parts drawn before a change
    of layout are drawn again."""
    with open(_stylesheet(), "rb") as stream:
        css = stream.read()
    return hashlib.sha256(css + _font_faces().encode()).hexdigest()
