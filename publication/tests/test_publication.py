"""Putting acts online (L2131-1, R2131-1, L2121-15, L2121-25; RULES §11)
and the public pages anyone reads without an account."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from actes.models import Deliberation
from documents.storage import open_blob
from journal.models import JournalEntry
from minutes.models import ListeDeliberations
from minutes.tests.helpers import (
    DEBATES,
    HUIS_CLOS_POINT,
    PUBLIC_POINT,
    SECRET_DEBATES,
    approve_at_next_seance,
    closed_seance,
    next_seance,
    sign_deliberation,
    sign_proces_verbal,
)
from publication.models import Publication
from publication.services import publish, withdraw
from publication.tests.crawl import MARKERS, crawl, pdf_text
from seances.models import AgendaItem
from seances.services import add_item

pytestmark = pytest.mark.django_db


def deliberations(held) -> dict[str, Deliberation]:
    rows = Deliberation.objects.filter(seance=held.council.seance).select_related(
        "item"
    )
    return {row.item.title: row for row in rows}


@pytest.fixture
def published_seance():
    """Everything of a séance online: its two délibérations signed (the one
    à huis clos as its adopted text), its list, its procès-verbal approved
    and signed with a third party's name masked."""
    held = closed_seance()
    by = held.council.secretaire
    for deliberation in deliberations(held).values():
        publish(sign_deliberation(held, deliberation), by=by)
    liste = ListeDeliberations.objects.get(seance=held.council.seance)
    publish(liste, by=by)
    approve_at_next_seance(held)
    publish(sign_proces_verbal(held), by=by, passages_text="M. Élu04")
    return held


def test_r2131_1_the_author_and_the_date_online_are_recorded_and_shown(
    client, published_seance
):
    council = published_seance.council
    publication = Publication.objects.get(deliberation__item__title=PUBLIC_POINT)
    maire = council.members[0]

    assert publication.author_name == maire.user.full_name
    assert publication.author_capacity.endswith(council.collectivite.name)
    page = client.get(
        reverse(
            "public:deliberation",
            kwargs={
                "collectivite": council.collectivite.slug,
                "publication_id": publication.pk,
            },
        )
    ).content.decode()
    assert f"Mise en ligne le {timezone.localdate():%-d}" in page
    assert maire.user.full_name in page
    assert JournalEntry.objects.filter(action="act.published").count() == 4


def test_mis_en_ligne_agrees_with_the_act_liste_and_deliberation_are_feminine(
    client, published_seance
):
    slug = published_seance.council.collectivite.slug
    listes = client.get(reverse("public:listes", kwargs={"collectivite": slug}))
    deliberations = client.get(
        reverse("public:deliberations", kwargs={"collectivite": slug})
    )
    proces_verbaux = client.get(
        reverse("public:proces_verbaux", kwargs={"collectivite": slug})
    )

    assert ", mise en ligne le" in listes.content.decode()
    assert ", mis en ligne le" not in listes.content.decode()
    assert ", mise en ligne le" in deliberations.content.decode()
    assert ", mis en ligne le" in proces_verbaux.content.decode()
    liste = Publication.objects.get(liste__isnull=False)
    page = client.get(
        reverse(
            "public:liste", kwargs={"collectivite": slug, "publication_id": liste.pk}
        )
    )
    assert "Mise en ligne le" in page.content.decode()


def test_an_act_not_final_is_not_published():
    held = closed_seance(with_huis_clos=False)
    deliberation = Deliberation.objects.get(seance=held.council.seance)

    with pytest.raises(ValidationError, match="signée"):
        publish(deliberation, by=held.council.secretaire)
    with pytest.raises(ValidationError, match="approuvé"):
        publish(held.proces_verbal, by=held.council.secretaire)
    assert not Publication.objects.exists()


def test_rules_11_a_huis_clos_deliberation_is_published_as_its_adopted_text_only(
    published_seance,
):
    publication = Publication.objects.get(deliberation__item__huis_clos=True)

    with open_blob(publication.pdf) as stream:
        text = pdf_text(stream.read())

    assert "Le conseil approuve." in text
    assert "huis clos" in text
    assert "CANARI-HUIS-CLOS" not in text
    assert publication.pdf_id != publication.deliberation.pdf_id


def test_rules_11_the_masked_copy_hides_the_passage_the_original_keeps_it(
    published_seance,
):
    proces_verbal = published_seance.proces_verbal
    publication = Publication.objects.get(proces_verbal=proces_verbal)

    with open_blob(publication.pdf) as stream:
        published = pdf_text(stream.read())
    with open_blob(proces_verbal.pdf) as stream:
        original = pdf_text(stream.read())

    assert "M. Élu04" in original
    assert "M. Élu04" not in published
    assert "[donnée masquée] regrette la hausse" in published
    # The original keeps the points à huis clos; the copy online never.
    assert SECRET_DEBATES.split(" CANARI")[0] in original
    assert "CANARI-HUIS-CLOS" not in published
    assert publication.masked


def test_rules_11_a_passage_found_nowhere_is_refused_nothing_is_published():
    held = closed_seance(with_huis_clos=False)
    approve_at_next_seance(held)
    proces_verbal = sign_proces_verbal(held)

    with pytest.raises(ValidationError) as refused:
        publish(proces_verbal, by=held.council.secretaire, passages_text="Dupond")

    assert "Dupond" in str(refused.value)
    assert not Publication.objects.exists()


def test_r2131_1_an_act_stays_online_two_months_a_deliberation_for_good(
    published_seance,
):
    by = published_seance.council.secretaire
    liste = Publication.objects.get(liste__isnull=False)
    deliberation = Publication.objects.filter(deliberation__isnull=False).first()

    with pytest.raises(ValidationError, match="deux mois"):
        withdraw(liste, by=by)
    Publication.objects.filter(pk=liste.pk).update(
        published_at=timezone.now() - timedelta(days=62)
    )
    withdraw(liste, by=by)
    Publication.objects.filter(pk=deliberation.pk).update(
        published_at=timezone.now() - timedelta(days=4000)
    )
    with pytest.raises(ValidationError, match="pour de bon"):
        withdraw(deliberation, by=by)
    liste.refresh_from_db()
    assert liste.withdrawn_at is not None


def test_an_anonymous_visitor_finds_no_draft_and_nothing_a_huis_clos(
    client, published_seance
):
    council = published_seance.council
    slug = council.collectivite.slug
    # A séance convened with a point à huis clos, and one in preparation
    # with a draft: the agenda shows the first without its title.
    from proceedings.tests.helpers import make_council

    make_council(
        3,
        titles=("Budget", "Licenciement CANARI-HUIS-CLOS"),
        collectivite=council.collectivite,
        huis_clos=("Licenciement CANARI-HUIS-CLOS",),
        days=5,
    )
    preparing = next_seance(published_seance, days=70)
    add_item(
        preparing,
        by=council.secretaire,
        title="Décision modificative CANARI-BROUILLON",
        kind=AgendaItem.Kind.DELIBERATION,
    )

    pages = crawl(client, reverse("public:index", kwargs={"collectivite": slug}))

    assert len(pages) >= 10
    assert any(b"%PDF" in body[:8] for body in pages.values())
    for url, body in pages.items():
        text = pdf_text(body) if body.startswith(b"%PDF") else body.decode()
        for marker in MARKERS:
            assert marker not in text, url
        assert DEBATES.split(" ", 1)[0] not in text or "M. Élu04" not in text, url
    index = pages[reverse("public:seances", kwargs={"collectivite": slug})].decode()
    assert "Budget" in index
    assert "Point examiné à huis clos" in index
    ics = client.get(reverse("public:seances_ics", kwargs={"collectivite": slug}))
    assert b"BEGIN:VEVENT" in ics.content
    assert b"CANARI" not in ics.content
    assert b"only works" not in ics.content
    feed = client.get(reverse("public:feed", kwargs={"collectivite": slug}))
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.count(b"<entry>") == 4
    assert b"CANARI" not in feed.content


def test_the_search_finds_by_number_date_and_title(client, published_seance):
    council = published_seance.council
    slug = council.collectivite.slug
    url = reverse("public:deliberations", kwargs={"collectivite": slug})
    cantine = Deliberation.objects.get(item__title=PUBLIC_POINT)
    day = council.seance.local_start

    by_number = client.get(url, {"q": cantine.display_number}).content.decode()
    by_title = client.get(url, {"q": "cantine"}).content.decode()
    by_date = client.get(url, {"q": f"{day:%d/%m/%Y}"}).content.decode()
    hidden = client.get(url, {"q": "Protection"}).content.decode()
    wrong = client.get(url, {"q": "31/02/2026"})

    assert PUBLIC_POINT in by_number
    assert PUBLIC_POINT in by_title
    assert PUBLIC_POINT in by_date
    assert "Délibération prise à huis clos" in by_date
    assert "Aucun acte ne correspond" in hidden
    assert "Cette date n&#x27;existe pas" in wrong.content.decode()


def test_the_lists_are_paginated_in_a_fixed_number_of_queries(
    client, published_seance, django_assert_max_num_queries
):
    council = published_seance.council
    url = reverse(
        "public:deliberations", kwargs={"collectivite": council.collectivite.slug}
    )

    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert response.status_code == 200
    assert HUIS_CLOS_POINT not in response.content.decode()
