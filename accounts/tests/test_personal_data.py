"""A member's personal data: downloaded by them (GDPR art. 15 and 20) and
journaled; an ended mandate closes the commune's space but keeps the
author's name on the records; logs about people erased after their
retention period, the journal kept; élus' private contact details never
shown to other members nor to the public."""

import html
import io
import json
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from accounts.models import EmailRequest, LoginLink
from collectivites.models import Membership
from collectivites.services import end_membership
from convocations.models import ConvocationPreference
from discussions.services import start_thread
from journal.models import JournalEntry
from notifications.models import Notification
from quorum.testing import World
from scheduling.jobs import jobs
from web.tests.matrix import collect_rows

PRIVATE_PHONE = "06 12 34 56 78"
PRIVATE_ADDRESS = "12 chemin des Peupliers CANARI-ADRESSE"


def download(client: Client) -> dict:
    response = client.post(reverse("accounts:my_data"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_a_member_downloads_what_quorum_holds_about_them_and_it_is_journaled(
    client: Client, world: World
) -> None:
    adjointe = world.personas.adjointe
    start_thread(
        author=adjointe, body="Le chiffre page 3 est faux.", document=world.finances_doc
    )
    client.force_login(adjointe)

    page = html.unescape(client.get(reverse("accounts:my_data")).content.decode())
    data = download(client)

    assert "Télécharger mes données" in page
    assert data["person"]["email"] == adjointe.email
    assert [row["role"] for row in data["collectivites.membership"]["rows"]] == [
        "adjoint"
    ]
    assert data["collectivites.workspacemember"]["rows"][0]["is_manager"] is True
    assert data["discussions.comment"]["rows"][0]["body"] == (
        "Le chiffre page 3 est faux."
    )
    # She added the second version of the budget.
    assert any(row["number"] == 2 for row in data["documents.version"]["rows"])
    # The journal entries where she acted: her first download is one.
    again = download(client)
    assert [row["action"] for row in again["journal.journalentry"]["rows"]] == [
        "personal_data.exported"
    ]
    # Nothing that opens an account.
    text = json.dumps(data)
    assert "password" not in text
    assert "argon2" not in text
    assert "md5$" not in text
    assert (
        JournalEntry.objects.filter(
            action="personal_data.exported", actor=adjointe, collectivite=world.commune
        ).count()
        == 2
    )


def test_the_download_holds_nobody_else_s_private_details(
    client: Client, world: World
) -> None:
    world.personas.conseiller.phone = PRIVATE_PHONE
    world.personas.conseiller.save()
    client.force_login(world.personas.adjointe)

    text = json.dumps(download(client))

    assert PRIVATE_PHONE not in text
    assert world.personas.conseiller.email not in text


def test_a_get_of_the_page_writes_nothing(client: Client, world: World) -> None:
    client.force_login(world.personas.conseiller)
    before = JournalEntry.objects.count()

    client.get(reverse("accounts:my_data"))

    assert JournalEntry.objects.count() == before


def test_an_ended_mandate_closes_the_commune_but_keeps_the_author_s_name(
    client: Client, world: World
) -> None:
    adjointe = world.personas.adjointe
    start_thread(
        author=adjointe, body="Avis de l'adjointe", document=world.finances_doc
    )
    membership = Membership.objects.get(user=adjointe)
    end_membership(
        membership,
        by=world.personas.maire,
        ended_on=timezone.localdate(),
        reason="démission",
    )

    client.force_login(adjointe)
    dashboard = client.get(
        reverse("web:dashboard", kwargs={"collectivite": world.slug})
    )
    document = client.get(world.finances_doc.get_absolute_url())
    client.force_login(world.personas.maire)
    seen_by_maire = html.unescape(
        client.get(world.finances_doc.get_absolute_url()).content.decode()
    )

    assert dashboard.status_code == 404
    assert document.status_code == 404
    assert "Avis de l'adjointe" in seen_by_maire
    assert adjointe.full_name in seen_by_maire
    # Her own data stays hers to download.
    client.force_login(adjointe)
    assert download(client)["discussions.comment"]["rows"]


# --- Retention ------------------------------------------------------------------


def test_old_notifications_and_security_logs_are_erased_the_journal_kept(
    world: World, settings: Settings
) -> None:
    settings.QUORUM_NOTIFICATION_RETENTION_DAYS = 30
    settings.QUORUM_SECURITY_LOG_RETENTION_DAYS = 10
    now = timezone.now()
    user = world.personas.conseiller
    old = Notification.objects.create(
        collectivite=world.commune,
        recipient=user,
        kind=Notification.Kind.choices[0][0],
        actor=world.personas.maire,
        document=world.finances_doc,
    )
    recent = Notification.objects.create(
        collectivite=world.commune,
        recipient=user,
        kind=Notification.Kind.choices[0][0],
        actor=world.personas.maire,
        document=world.finances_doc,
    )
    Notification.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=31))
    link = LoginLink.objects.create(user=user, expires_at=now - timedelta(days=20))
    LoginLink.objects.filter(pk=link.pk).update(created_at=now - timedelta(days=20))
    request = EmailRequest.objects.create(
        kind="login_link", key="k" * 64, at=now - timedelta(days=11)
    )
    EmailRequest.objects.filter(pk=request.pk).update(
        created_at=now - timedelta(days=11)
    )
    attempt = AccessAttempt.objects.create(
        username=user.email,
        ip_address="10.0.0.1",
        user_agent="",
        failures_since_start=1,
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(
        attempt_time=now - timedelta(days=11)
    )
    journal = JournalEntry.objects.count()
    JournalEntry.objects.update(at=now - timedelta(days=4000))

    call_command("purge_personal_logs", stdout=io.StringIO())

    assert list(Notification.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not LoginLink.objects.filter(pk=link.pk).exists()
    assert not EmailRequest.objects.filter(pk=request.pk).exists()
    assert not AccessAttempt.objects.exists()
    assert JournalEntry.objects.count() == journal


def test_the_purge_is_one_of_the_scheduled_jobs() -> None:
    assert "purge_personal_logs" in {job.name for job in jobs()}


# --- Private contact details -------------------------------------------------------


@pytest.fixture
def private_details(world: World) -> None:
    conseiller = world.personas.conseiller
    conseiller.phone = PRIVATE_PHONE
    conseiller.first_name = conseiller.last_name = ""  # the list then needs a name
    conseiller.save()
    ConvocationPreference.objects.create(
        membership=Membership.objects.get(user=conseiller),
        wants_paper=True,
        postal_address=PRIVATE_ADDRESS,
    )


@pytest.mark.usefixtures("private_details")
@pytest.mark.parametrize("persona", ["adjointe", "agent", "former", "outsider"])
def test_other_members_never_see_an_elu_s_private_contact_details(
    client: Client, world: World, persona: str
) -> None:
    client.force_login(world.user(persona))
    pages = [
        reverse("collectivites:members", kwargs={"collectivite": world.slug}),
        reverse("web:dashboard", kwargs={"collectivite": world.slug}),
    ]

    for url in pages:
        text = client.get(url).content.decode()
        assert PRIVATE_PHONE not in text
        assert PRIVATE_ADDRESS not in text
        assert world.personas.conseiller.email not in text


@pytest.mark.usefixtures("private_details")
def test_anonymous_visitors_never_see_an_elu_s_private_contact_details(
    client: Client, world: World
) -> None:
    """Every page that the access matrix opens to anonymous visitors."""
    seen = []
    for name, rows in collect_rows().items():
        for row in rows:
            if not (row.public and row.method == "GET"):
                continue
            # Each row's objects made, requested, then undone.
            with transaction.atomic():
                url = reverse(name, kwargs=row.kwargs(world))
                response = client.get(url, follow=True)
                transaction.set_rollback(True)
            body = (
                b"".join(response.streaming_content)
                if response.streaming
                else response.content
            ).decode("utf-8", "replace")
            seen.append(url)
            assert PRIVATE_PHONE not in body, url
            assert PRIVATE_ADDRESS not in body, url
            assert world.personas.conseiller.email not in body, url
    assert "/compte/connexion/" in seen
