"""The convocation, the ordre du jour and the note explicative de synthèse."""

from datetime import date

from django.utils import timezone

from dossiers.content import seance_content
from dossiers.pdf import pdf_of
from seances.models import Seance
from web.french import date_format


def convocation(seance: Seance) -> bytes:
    """The convocation in the maire's name, with the agenda (CGCT L2121-10);
    dated the day it was sent, or today while it is prepared."""
    content = seance_content(seance)
    signed_on = seance.convened_on or timezone.localdate()
    return pdf_of(
        "dossiers/pdf/convocation.html",
        {"content": content, "signed_on": _day(signed_on)},
    )


def ordre_du_jour(seance: Seance) -> bytes:
    return pdf_of(
        "dossiers/pdf/ordre_du_jour.html", {"content": seance_content(seance)}
    )


def note_de_synthese(seance: Seance) -> bytes:
    """The exposés of the points; says whether L2121-12 requires it."""
    return pdf_of(
        "dossiers/pdf/note_de_synthese.html", {"content": seance_content(seance)}
    )


def _day(day: date) -> str:
    return date_format(day, "j F Y")
