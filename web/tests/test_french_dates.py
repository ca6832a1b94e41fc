"""The first of the month is written « 1er » wherever a date names its
month: on a page, in an e-mail, in a PDF (the ``date`` filter of every
template and ``web.french.date_format`` in the code)."""

import html
import io
import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from collectivites.models import Membership
from convocations.emails import reminder_message
from convocations.models import Convocation, Delivery
from dossiers.documents import convocation as convocation_pdf
from proceedings.tests.helpers import make_council
from quorum.testing import Personas
from seances.models import Seance
from web.french import date_format

pytestmark = pytest.mark.django_db

FIRST = date(2026, 12, 1)


def test_a_page_writes_the_first_of_the_month_1er(
    client: Client, personas: Personas
) -> None:
    membership = Membership.objects.get(
        user=personas.conseiller, collectivite=personas.commune
    )
    Membership.objects.filter(pk=membership.pk).update(started_on=FIRST)
    client.force_login(personas.maire)

    page = html.unescape(
        client.get(
            reverse(
                "collectivites:member",
                kwargs={"collectivite": "saint-test", "membership_id": membership.pk},
            )
        ).content.decode()
    )

    assert "depuis le 1er décembre 2026" in page
    assert "le 1 décembre" not in page


def test_an_email_and_a_pdf_write_the_first_of_the_month_1er() -> None:
    council = make_council(3)
    convocation = Convocation.objects.get(seance=council.seance)
    Convocation.objects.filter(pk=convocation.pk).update(sent_on=FIRST)
    Seance.objects.filter(pk=council.seance.pk).update(convened_on=FIRST)
    convocation.refresh_from_db()
    council.seance.refresh_from_db()
    delivery = Delivery.objects.filter(convocation=convocation).first()
    assert delivery is not None

    body = reminder_message(delivery, convocation).body
    pdf = PdfReader(io.BytesIO(convocation_pdf(council.seance)))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pdf.pages))

    assert "envoyée le 1er décembre 2026" in body
    assert "Fait à Commune" in text
    assert "le 1er décembre 2026." in text


@pytest.mark.parametrize(
    ("day", "pattern", "expected"),
    [
        (FIRST, "j F Y", "1er décembre 2026"),
        (FIRST, "l j F Y", "mardi 1er décembre 2026"),
        (FIRST, "d/m/Y", "01/12/2026"),
        (date(2026, 12, 2), "j F Y", "2 décembre 2026"),
        (date(2027, 1, 1), None, "1er janvier 2027"),
    ],
)
def test_the_code_formats_dates_as_the_templates_do(day, pattern, expected) -> None:
    assert date_format(day, pattern) == expected
