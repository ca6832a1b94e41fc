"""The public copy of a délibération, drawn when the signed PDF cannot go
online as it is: some passages masked (RULES §11), or a point examined à
huis clos, published as its adopted text only (its articles)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from actes.models import Deliberation
from dossiers.pdf import pdf_of
from publication.masking import mask_html, mask_text
from seances import richtext

HUIS_CLOS_TITLE = "Délibération prise à huis clos"


@dataclass(frozen=True)
class PublicText:
    title: str
    expose: SafeString
    visas: SafeString
    considerants: SafeString
    articles: list[SafeString]
    huis_clos: bool


def deliberation_texts(deliberation: Deliberation) -> list[str]:
    """What a masked passage may be found in."""
    return [
        deliberation.title,
        richtext.sanitise(deliberation.expose),
        richtext.sanitise(deliberation.visas, by_line=True),
        richtext.sanitise(deliberation.considerants, by_line=True),
        richtext.sanitise(deliberation.articles, by_line=True),
    ]


def public_text(deliberation: Deliberation, masks: Sequence[str] = ()) -> PublicText:
    """The délibération as the public reads it."""

    def html(value: str, *, by_line: bool = True) -> SafeString:
        cleaned = richtext.sanitise(value, by_line=by_line)
        return mark_safe(mask_html(cleaned, masks))  # noqa: S308 - sanitised

    articles = [
        mark_safe(  # noqa: S308 - sanitised then masked with escaped text
            mask_html(article.lead + article.rest, masks)
        )
        for article in richtext.articles(deliberation.articles)
    ]
    if deliberation.item.huis_clos:
        empty = mark_safe("")  # noqa: S308 - empty
        return PublicText(HUIS_CLOS_TITLE, empty, empty, empty, articles, True)
    return PublicText(
        title=mask_text(deliberation.title, masks),
        expose=html(deliberation.expose, by_line=False),
        visas=html(deliberation.visas),
        considerants=html(deliberation.considerants),
        articles=articles,
        huis_clos=False,
    )


def copy_context(deliberation: Deliberation, masks: Sequence[str]) -> dict[str, Any]:
    return {
        "deliberation": deliberation,
        "collectivite": deliberation.collectivite,
        "seance": deliberation.seance,
        "text": public_text(deliberation, masks),
        "masked": bool(masks),
    }


def deliberation_copy_pdf(deliberation: Deliberation, *, masks: Sequence[str]) -> bytes:
    return pdf_of(
        "publication/pdf/deliberation.html", copy_context(deliberation, masks)
    )
