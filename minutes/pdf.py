"""The PDFs of the procès-verbal and of the list of délibérations, by
WeasyPrint in the layout of Quorum's documents.

The original of a procès-verbal holds its points à huis clos in full; the
copy put online (``public=True``) leaves them out, and may mask passages
that name third parties (RULES §11, ``publication.masking``).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from domain.french import (
    Civility,
    capitalize,
    president_title,
    secretary_title,
    with_article,
)
from dossiers.pdf import pdf_of
from minutes.models import ListeDeliberations, ProcesVerbal
from proceedings.models import Sitting, Vote
from publication.masking import mask_html
from seances import richtext
from seances.models import AgendaItem


def proces_verbal_context(
    proces_verbal: ProcesVerbal,
    *,
    public: bool = False,
    masks: Sequence[str] = (),
) -> dict[str, Any]:
    body = richtext.sanitise(proces_verbal.body)
    secret = "" if public else richtext.sanitise(proces_verbal.huis_clos_body)
    return {
        "proces_verbal": proces_verbal,
        "seance": proces_verbal.seance,
        "collectivite": proces_verbal.seance.collectivite,
        "body": _safe(mask_html(body, masks)),
        "huis_clos_body": _safe(mask_html(secret, masks)),
        "public": public,
        "masked": bool(masks),
        **_signers(proces_verbal),
    }


def _signers(proces_verbal: ProcesVerbal) -> dict[str, str]:
    """Who signs the procès-verbal (L2121-15), agreed with the persons:
    « La maire, présidente de séance », « Le secrétaire de séance »."""
    sitting = (
        Sitting.objects.filter(seance=proces_verbal.seance_id)
        .select_related("president__user", "secretaire__user")
        .first()
    )
    president = sitting.president if sitting is not None else None
    secretary = sitting.secretaire if sitting is not None else None
    if president is None:
        president_heading = "Le maire, président de séance"
    else:
        civility = president.user.agreement
        president_heading = (
            f"{capitalize(president.title_with_article)}, {president_title(civility)}"
        )
    civility = secretary.user.agreement if secretary is not None else Civility.UNKNOWN
    return {
        "president_heading": president_heading,
        "secretary_heading": capitalize(
            with_article(secretary_title(civility), civility)
        ),
    }


def proces_verbal_pdf(
    proces_verbal: ProcesVerbal, *, public: bool = False, masks: Sequence[str] = ()
) -> bytes:
    context = proces_verbal_context(proces_verbal, public=public, masks=masks)
    return pdf_of("minutes/pdf/proces_verbal.html", context)


@dataclass(frozen=True)
class ListeEntry:
    number: str
    title: str
    outcome: str


def liste_entries(liste: ListeDeliberations) -> list[ListeEntry]:
    """Every délibération examined at the séance, in the order of the
    agenda, with its subject and outcome (L2121-25); a point à huis clos is
    listed without its subject. Three queries."""
    items = (
        AgendaItem.objects.filter(
            seance=liste.seance_id, kind=AgendaItem.Kind.DELIBERATION, outcome=""
        )
        .select_related("parent")
        .order_by("parent__position", "position")
    )
    votes = {
        vote.item_id: vote
        for vote in Vote.objects.filter(
            item__seance=liste.seance_id,
            kind=Vote.Kind.DELIBERATION,
            superseded_at__isnull=True,
        )
    }
    numbers = _numbers(liste)
    entries = []
    for item in items:
        vote = votes.get(item.pk)
        if vote is None:
            continue
        entries.append(
            ListeEntry(
                number=numbers.get(item.pk, ""),
                title="Point examiné à huis clos" if item.huis_clos else item.title,
                outcome="Adoptée" if vote.adopted else "Rejetée",
            )
        )
    return entries


def _numbers(liste: ListeDeliberations) -> dict[object, str]:
    from actes.models import Deliberation  # noqa: PLC0415 - actes imports minutes

    return {
        deliberation.item_id: deliberation.display_number
        for deliberation in Deliberation.objects.filter(seance=liste.seance_id)
    }


def liste_context(liste: ListeDeliberations) -> dict[str, Any]:
    return {
        "liste": liste,
        "seance": liste.seance,
        "collectivite": liste.seance.collectivite,
        "entries": liste_entries(liste),
    }


def liste_pdf(liste: ListeDeliberations) -> bytes:
    return pdf_of("minutes/pdf/liste.html", liste_context(liste))


def _safe(html: str) -> SafeString:
    return mark_safe(html)  # noqa: S308 - sanitised, then masked with escaped text
