"""The personal link, the acknowledgement, the proof and the paper."""

import io
from urllib.parse import quote

from django.core import mail
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from convocations.models import Convocation, ConvocationPreference, Delivery
from convocations.services import send_convocation, set_paper_preference
from journal.models import JournalEntry
from quorum.testing import World
from seances.models import Seance


def _url(name: str, seance: Seance) -> str:
    return reverse(
        f"convocations:{name}",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )


def _text(response: object) -> str:
    data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    reader = PdfReader(io.BytesIO(data))
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in reader.pages
    )


def _delivery(world: World, persona: str) -> Delivery:
    return Delivery.objects.get(recipient=world.memberships[persona])


def test_following_the_link_records_nothing_until_the_button_then_asks_to_log_in(
    client: Client, world: World, seance: Seance
) -> None:
    send_convocation(seance, by=world.personas.secretaire)
    delivery = _delivery(world, "conseiller")
    link = reverse("convocations:link", kwargs={"token": delivery.token})

    page = client.get(link)

    assert page.status_code == 200
    assert "Ouvrir ma convocation" in page.content.decode()
    delivery.refresh_from_db()
    assert delivery.first_opened_at is None

    opened = client.post(reverse("convocations:open", kwargs={"token": delivery.token}))

    assert opened.status_code == 302
    login = reverse("accounts:login")
    dossier = reverse(
        "convocations:my_dossier",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )
    assert opened["Location"] == f"{login}?next={quote(dossier)}"
    delivery.refresh_from_db()
    first = delivery.first_opened_at
    assert first is not None

    client.post(reverse("convocations:open", kwargs={"token": delivery.token}))

    delivery.refresh_from_db()
    assert delivery.first_opened_at == first
    assert JournalEntry.objects.filter(action="delivery.opened").count() == 1


def test_an_unknown_link_leads_nowhere(client: Client, db: None) -> None:
    response = client.get(reverse("convocations:link", kwargs={"token": "x" * 43}))

    assert response.status_code == 404


def test_a_recipient_acknowledges_once_from_the_seance_page(
    client: Client, world: World, seance: Seance
) -> None:
    send_convocation(seance, by=world.personas.secretaire)
    client.force_login(world.personas.conseiller)
    assert (
        "J'ai bien reçu ma convocation"
        in client.get(seance.get_absolute_url()).content.decode()
    )

    client.post(_url("acknowledge", seance))
    client.post(_url("acknowledge", seance))

    delivery = _delivery(world, "conseiller")
    assert delivery.acknowledged_at is not None
    entry = JournalEntry.objects.get(action="delivery.acknowledged")
    assert entry.actor == world.personas.conseiller
    assert entry.target_id == str(delivery.pk)
    page = client.get(seance.get_absolute_url()).content.decode()
    assert "Vous avez confirmé avoir reçu votre convocation" in page


def test_the_proof_lists_each_recipient_with_times_and_journal_hashes(
    client: Client, world: World, seance: Seance
) -> None:
    send_convocation(seance, by=world.personas.secretaire)
    client.force_login(world.personas.conseiller)
    client.post(_url("acknowledge", seance))
    client.force_login(world.personas.secretaire)

    response = client.get(_url("proof", seance))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _text(response)
    assert "Preuve de convocation" in text
    for name in ("maire", "adjointe", "conseiller"):
        assert world.personas.by_name()[name].full_name in text  # type: ignore[union-attr]
    assert "Acceptée par le serveur" in text
    backing = JournalEntry.objects.filter(
        action__in=["delivery.accepted", "delivery.acknowledged", "convocation.sent"]
    )
    assert backing.count() == 5
    compact = text.replace(" ", "")
    for entry in backing:
        assert entry.hash in compact


def test_the_paper_convocations_are_addressed_to_those_who_asked(
    client: Client, world: World, seance: Seance
) -> None:
    set_paper_preference(
        world.memberships["conseiller"],
        by=world.personas.secretaire,
        wants_paper=True,
        postal_address="12 chemin des Vignes\n00000 Saint-Test",
    )
    send_convocation(seance, by=world.personas.secretaire)
    client.force_login(world.personas.secretaire)
    assert (
        "Convocations sur papier (PDF, 1)"
        in client.get(seance.get_absolute_url()).content.decode()
    )

    text = _text(client.get(_url("paper", seance)))

    assert "12 chemin des Vignes" in text
    assert world.personas.conseiller.full_name in text
    assert text.count("J’ai l’honneur de vous convoquer") == 1
    assert "Tarifs de la cantine scolaire" in text
    # Paper comes in addition: the e-mail left too.
    assert world.personas.conseiller.email in [m.to[0] for m in mail.outbox]


def test_the_secretaire_records_a_request_for_paper(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.secretaire)
    url = reverse(
        "convocations:preference_edit",
        kwargs={
            "collectivite": world.slug,
            "membership_id": world.memberships["adjointe"].pk,
        },
    )

    missing = client.post(url, {"wants_paper": "on", "postal_address": ""})
    saved = client.post(url, {"wants_paper": "on", "postal_address": "1 rue Basse"})

    assert missing.status_code == 200
    assert "Indiquez l&#x27;adresse" in missing.content.decode()
    assert saved.status_code == 302
    preference = ConvocationPreference.objects.get()
    assert (preference.wants_paper, preference.postal_address) == (True, "1 rue Basse")
    listing = client.get(
        reverse("convocations:preferences", kwargs={"collectivite": world.slug})
    ).content.decode()
    assert "1 rue Basse" in listing
    assert JournalEntry.objects.filter(action="convocation.paper_preference").exists()


def test_a_convocation_is_never_sent_for_another_collectivite(
    client: Client, world: World, seance: Seance
) -> None:
    client.force_login(world.personas.outsider)
    url = reverse(
        "convocations:send",
        kwargs={"collectivite": world.other.slug, "seance_id": seance.pk},
    )

    assert client.post(url).status_code == 404
    assert not Convocation.objects.exists()


def test_someone_else_logged_in_does_not_open_a_members_convocation(
    client: Client, world: World, seance: Seance
) -> None:
    send_convocation(seance, by=world.personas.secretaire)
    delivery = _delivery(world, "conseiller")
    client.force_login(world.personas.secretaire)

    response = client.post(
        reverse("convocations:open", kwargs={"token": delivery.token})
    )

    assert response["Location"] == seance.get_absolute_url()
    delivery.refresh_from_db()
    assert delivery.first_opened_at is None
