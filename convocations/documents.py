"""The printed documents of a convocation: its proof, and the paper
convocations of those who asked for them."""

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.contrib.staticfiles import finders
from django.utils import timezone

from convocations.models import (
    ChangeNotice,
    Convocation,
    ConvocationPreference,
    Delivery,
    NoticeDelivery,
)
from dossiers.content import seance_content
from dossiers.pdf import html_of, pdf_from_html
from journal.models import JournalEntry
from web.french import date_format

STEPS = {
    "delivery.accepted": "acceptée par le serveur",
    "delivery.refused": "refusée",
    "delivery.opened": "ouverte",
    "delivery.acknowledged": "réception confirmée",
    "delivery.reminded": "rappel envoyé",
    "notice.accepted": "avis accepté par le serveur",
    "notice.refused": "avis refusé",
}


@dataclass(frozen=True)
class Step:
    label: str
    entry: JournalEntry


@dataclass
class ProofRow:
    delivery: Delivery
    steps: list[Step] = field(default_factory=list)


@dataclass
class NoticeRow:
    row: NoticeDelivery
    steps: list[Step] = field(default_factory=list)


@dataclass
class NoticeProof:
    """One change notice: what it told, when, to whom, and its journal."""

    notice: ChangeNotice
    entries: list[JournalEntry]
    rows: list[NoticeRow]


def proof_pdf(convocation: Convocation) -> bytes:
    """Every recipient with the times of sending, acceptance, opening and
    acknowledgement (in Europe/Paris), and the journal entries that back
    each of them, with their hashes: ``make verify-journal`` shows that
    none was changed since. Four queries whatever the council's size."""
    seance = convocation.seance
    deliveries = list(
        convocation.deliveries.select_related("recipient__user").order_by(
            "recipient__rank", "recipient__user__last_name", "pk"
        )
    )
    rows = {str(delivery.pk): ProofRow(delivery) for delivery in deliveries}
    entries = JournalEntry.objects.filter(collectivite_id=seance.collectivite_id)
    for entry in entries.filter(
        target_type=Delivery._meta.label_lower, target_id__in=list(rows)
    ):
        step = Step(STEPS.get(entry.action, entry.action), entry)
        rows[entry.target_id].steps.append(step)
    sending = list(
        entries.filter(
            target_type=Convocation._meta.label_lower,
            target_id=str(convocation.pk),
            action="convocation.sent",
        )
    ) + list(
        entries.filter(
            target_type=seance._meta.label_lower,
            target_id=str(seance.pk),
            action="seance.convened",
        )
    )
    html = html_of(
        "convocations/pdf/proof.html",
        {
            "convocation": convocation,
            "seance": seance,
            "rows": list(rows.values()),
            "sending": sorted(sending, key=lambda entry: entry.pk),
            "notices": _notices(convocation, entries),
            "drawn_at": timezone.now(),
        },
    )
    return pdf_from_html(html, _stylesheet())


def _notices(convocation: Convocation, entries: Any) -> list[NoticeProof]:
    """The change notices sent after the convocation, each with its
    changes, its recipients and the journal behind them: four queries."""
    notices = list(
        convocation.change_notices.prefetch_related(
            "changes__item", "deliveries__delivery__recipient__user"
        )
    )
    if not notices:
        return []
    rows = {
        str(row.pk): NoticeRow(row)
        for notice in notices
        for row in notice.deliveries.all()
    }
    made: dict[str, list[JournalEntry]] = {}
    for entry in entries.filter(
        target_type=NoticeDelivery._meta.label_lower, target_id__in=list(rows)
    ):
        rows[entry.target_id].steps.append(
            Step(STEPS.get(entry.action, entry.action), entry)
        )
    for entry in entries.filter(
        target_type=ChangeNotice._meta.label_lower,
        target_id__in=[str(notice.pk) for notice in notices],
    ):
        made.setdefault(entry.target_id, []).append(entry)
    return [
        NoticeProof(
            notice,
            made.get(str(notice.pk), []),
            [rows[str(row.pk)] for row in notice.deliveries.all()],
        )
        for notice in notices
    ]


def paper_recipients(convocation: Convocation) -> list[ConvocationPreference]:
    """The members convened by this convocation who asked for paper."""
    return list(
        ConvocationPreference.objects.filter(
            wants_paper=True,
            membership__convocation_deliveries__convocation=convocation,
        )
        .select_related("membership__user")
        .order_by("membership__rank", "membership__user__last_name", "pk")
    )


def paper_pdf(convocation: Convocation) -> bytes:
    """One convocation per member who asked for paper, addressed to them at
    the postal address they gave, to print and post (CGCT L2121-10)."""
    html = html_of(
        "convocations/pdf/paper.html",
        {
            "content": seance_content(convocation.seance),
            "convocation": convocation,
            "recipients": paper_recipients(convocation),
            "signed_on": _day(convocation.sent_on),
        },
    )
    return pdf_from_html(html, _stylesheet())


@cache
def _stylesheet() -> str:
    """The documents' stylesheet, and what these two add to it."""
    parts = []
    for name in ("dossiers/pdf.css", "convocations/pdf.css"):
        path = finders.find(name)
        if not isinstance(path, str):
            raise RuntimeError(f"{name} est introuvable")
        with open(path, encoding="utf-8") as stream:
            parts.append(stream.read())
    return "\n".join(parts)


def _day(day: date) -> str:
    """« 1er décembre 2026 », as the convocation of the dossiers is dated."""
    return date_format(day, "j F Y")
