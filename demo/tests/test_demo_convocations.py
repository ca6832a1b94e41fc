"""What the demo shows of the convocation of Saint-Exemple's convened séance:
really sent, opened, acknowledged, answered, a procuration, a request for
paper and an address that bounced."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from convocations.models import (
    Channel,
    Convocation,
    ConvocationPreference,
    Delivery,
    Procuration,
    Reply,
)
from demo import data
from journal.models import JournalEntry
from quorum.testing import pass_second_step
from seances.models import Seance

pytestmark = pytest.mark.django_db

SLUG = "saint-exemple"


@pytest.fixture
def seeded(settings: Settings, tmp_path: Path) -> Convocation:
    settings.QUORUM_CORPUS_DIR = tmp_path / "absent"
    call_command("seed_demo", stdout=io.StringIO())
    return Convocation.objects.select_related("seance").get(
        seance__collectivite__slug=SLUG
    )


def logged_in(email: str) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": data.PASSWORD}
    )
    response = pass_second_step(client, response, email)
    assert response.status_code == 302, f"{email} cannot log in"
    return client


def test_the_convened_seance_was_sent_to_each_elu_in_office(
    seeded: Convocation,
) -> None:
    deliveries = seeded.deliveries.select_related("recipient__user")

    assert seeded.seance.status == Seance.Status.CONVOQUEE
    assert seeded.seance.items.filter(huis_clos=True).exists()
    assert deliveries.count() == 15
    assert deliveries.filter(status=Delivery.Status.ACCEPTED).count() == 14
    assert JournalEntry.objects.filter(action="convocation.sent").count() == 1


def test_one_address_bounced_with_the_servers_550(seeded: Convocation) -> None:
    [bounced] = seeded.deliveries.filter(status=Delivery.Status.REFUSED)

    assert bounced.recipient.user.last_name == "Haddad"
    assert bounced.error.startswith("550 5.1.1 <karim.haddad@example.org>")
    assert JournalEntry.objects.filter(action="delivery.refused").count() == 1


def test_some_opened_some_acknowledged_one_asked_for_paper(
    seeded: Convocation,
) -> None:
    deliveries = seeded.deliveries

    opened = deliveries.exclude(first_opened_at=None).count()
    acknowledged = deliveries.exclude(acknowledged_at=None).count()
    assert 0 < acknowledged < opened < 15
    paper = ConvocationPreference.objects.get(
        membership__collectivite__slug=SLUG, wants_paper=True
    )
    assert paper.membership.user.last_name == "Vasseur"
    assert paper.postal_address


def test_a_few_answered_one_by_phone_and_one_gave_a_procuration(
    seeded: Convocation,
) -> None:
    replies = Reply.objects.filter(delivery__convocation=seeded)

    assert replies.filter(answer=Reply.Answer.PRESENT).count() == 9
    assert replies.filter(answer=Reply.Answer.ABSENT).count() == 1
    assert replies.filter(channel=Channel.PHONE).count() == 1
    [procuration] = Procuration.objects.filter(seance=seeded.seance)
    assert procuration.in_force
    assert procuration.mandataire.user.email == "conseiller@example.org"


def test_the_secretaire_reads_the_likely_quorum_on_the_seance_page(
    seeded: Convocation,
) -> None:
    client = logged_in("secretaire@example.org")

    page = client.get(seeded.seance.get_absolute_url()).content.decode()

    assert (
        "Quorum probablement atteint : 9 présents annoncés sur 15, il en faut 8."
        in page
    )
    assert "La procuration ne compte pas pour le quorum (CGCT L2121-17)." in page
    assert "550 5.1.1" in page
    assert "Convocations sur papier (PDF, 1)" in page


def test_the_conseiller_finds_the_seance_and_the_procuration_he_holds(
    seeded: Convocation,
) -> None:
    client = logged_in("conseiller@example.org")

    mine = client.get(reverse("convocations:my_seances", kwargs={"collectivite": SLUG}))
    page = client.get(seeded.seance.get_absolute_url()).content.decode()
    dossier = client.get(
        reverse(
            "convocations:my_dossier",
            kwargs={"collectivite": SLUG, "seance_id": seeded.seance_id},
        )
    ).content.decode()

    assert "Vous n'avez pas encore répondu" in mine.content.decode()
    # "procuration" links to its glossary entry.
    assert "Émilie Garnier vous a donné" in page
    assert "vous voterez aussi en son nom" in page
    assert "Serez-vous présent(e) à la séance ?" in page
    assert "CANARI-HUIS-CLOS" in dossier
    assert "Mes notes sur ce point" in dossier


def test_a_draft_corrected_after_the_sending_was_told_to_the_council(
    seeded: Convocation,
) -> None:
    from convocations.models import ChangeNotice  # noqa: PLC0415

    notice = ChangeNotice.objects.get(convocation=seeded)
    assert [change.summary for change in notice.changes.all()] == [
        "projet de délibération corrigé (version 2)"
    ]
    statuses = sorted(notice.deliveries.values_list("status", flat=True))
    assert statuses.count("refusee") == 1  # the address that bounced
    assert statuses.count("acceptee") == len(statuses) - 1
