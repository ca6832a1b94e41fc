"""The list of the délibérations examined (CGCT L2121-25): made when the
séance closes, posted at the mairie and put online within a week, the
days left counted on the dashboard."""

import io
from datetime import timedelta

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from minutes.deadlines import countdowns
from minutes.models import ListeDeliberations
from minutes.pdf import liste_pdf
from minutes.services import post_liste, render_liste_pdf
from minutes.tests.helpers import PUBLIC_POINT, closed_seance
from publication.services import publish

pytestmark = pytest.mark.django_db


def test_l2121_25_the_list_gives_each_deliberation_its_subject_and_outcome():
    held = closed_seance()
    liste = ListeDeliberations.objects.get(seance=held.council.seance)

    blob = render_liste_pdf(liste)

    reader = pypdf.PdfReader(io.BytesIO(liste_pdf(liste)))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert blob.size > 0
    assert PUBLIC_POINT in text
    assert "Adoptée" in text
    assert "L2121-25" in text
    # A point à huis clos is listed, without its subject.
    assert "Point examiné à huis clos" in text
    assert "CANARI-HUIS-CLOS" not in text


def test_l2121_25_the_posting_date_is_recorded_never_before_the_seance():
    held = closed_seance(with_huis_clos=False)
    liste = ListeDeliberations.objects.get(seance=held.council.seance)
    seance_day = held.council.seance.local_start.date()

    with pytest.raises(ValidationError, match="avant la séance"):
        post_liste(liste, by=held.council.secretaire, on=seance_day - timedelta(1))
    with pytest.raises(ValidationError, match="à venir"):
        post_liste(
            liste, by=held.council.secretaire, on=timezone.localdate() + timedelta(30)
        )


def test_the_posting_form_says_what_is_wrong(client):
    held = closed_seance(with_huis_clos=False)
    liste = ListeDeliberations.objects.get(seance=held.council.seance)
    client.force_login(held.council.secretaire)
    url = reverse(
        "minutes:liste_post",
        kwargs={"collectivite": held.council.collectivite.slug, "liste_id": liste.pk},
    )

    response = client.post(url, {"posted_on": "pas une date"})

    assert response.status_code == 400
    assert "Saisissez une date valide" in response.content.decode()


def test_l2121_25_the_dashboard_counts_the_days_left(client):
    held = closed_seance(with_huis_clos=False)
    council = held.council
    seance_day = council.seance.local_start.date()
    # The séance of the helpers is ten days ahead: seen from its evening.
    rows = countdowns(council.collectivite, today=seance_day + timedelta(days=2))
    liste_row = next(row for row in rows if row.article == "L2121-25")
    pv_row = next(row for row in rows if row.article == "L2121-15")

    assert liste_row.due == seance_day + timedelta(days=7)
    assert liste_row.message == "5 jours restants"
    assert pv_row.due is None
    assert pv_row.message.startswith("À inscrire")

    late = countdowns(council.collectivite, today=seance_day + timedelta(days=9))
    assert next(r for r in late if r.article == "L2121-25").message == (
        "En retard de 2 jours"
    )

    liste = ListeDeliberations.objects.get(seance=council.seance)
    # The helpers' séance is ahead of today, when no posting can be dated.
    ListeDeliberations.objects.filter(pk=liste.pk).update(posted_on=seance_day)
    publish(liste, by=council.secretaire)
    done = countdowns(council.collectivite, today=seance_day, pending_only=True)
    assert [row.article for row in done] == ["L2121-15"]

    client.force_login(council.secretaire)
    page = client.get(
        reverse("web:dashboard", args=[council.collectivite.slug])
    ).content.decode()
    assert "À publier après les séances" in page
    assert "Procès-verbal du" in page
