"""The import once confirmed: run by the background worker, followed on a
page that says how far it is, and that says afterwards what came of it."""

from datetime import date, timedelta
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collectivites import import_runs
from collectivites.import_runs import settings_to_data, start_import
from collectivites.member_import import (
    Settings,
    build_preview,
    existing_for,
    guess_columns,
    read_table,
)
from collectivites.models import MemberImport, Membership
from collectivites.tasks import run_member_import
from domain.roles import Role, Status
from journal.models import JournalEntry
from quorum.testing import Personas

pytestmark = pytest.mark.django_db

SLUG = "saint-test"
MEMBERS = reverse("collectivites:members", args=[SLUG])


def staff_list(count: int) -> bytes:
    """``count`` agents, and one line without a name, last."""
    lines = ["Prénom;Nom;Courriel"]
    lines += [f"Agent{n};NUMERO{n};agent{n}@example.test" for n in range(count)]
    lines.append(";;sans.nom@example.test")
    return ("\n".join(lines) + "\n").encode()


def waiting_import(personas: Personas, content: bytes, *, invite: bool) -> MemberImport:
    """An import confirmed by the secrétaire, not yet taken by a worker."""
    has_header, mapping = guess_columns(read_table(content))
    settings = Settings(
        kind=Status.AGENT,
        default_role=Role.AGENT,
        started_on=date(2026, 1, 5),
        has_header=has_header,
        mapping=mapping,
    )
    return MemberImport.objects.create(
        collectivite=personas.commune,
        requested_by=personas.secretaire,
        filename="agents.csv",
        content=content,
        file_sha256="0" * 64,
        settings=settings_to_data(settings),
        invite=invite,
    )


@pytest.fixture
def secretaire(client: Client, personas: Personas) -> Client:
    client.force_login(personas.secretaire)
    return client


def test_the_page_says_how_many_lines_are_done_and_follows_the_worker(
    secretaire: Client, personas: Personas
) -> None:
    run = waiting_import(personas, staff_list(6), invite=False)
    MemberImport.objects.filter(pk=run.pk).update(
        status=MemberImport.Status.RUNNING, lines_done=3, lines_total=7
    )

    page = secretaire.get(run.get_absolute_url()).content.decode()
    polled = secretaire.get(
        run.get_absolute_url(), headers={"HX-Request": "true"}
    ).content.decode()

    assert "Import de la liste « agents.csv » : création des comptes." in page
    assert "3 sur 7 lignes (43 %)" in polled
    assert 'hx-trigger="every 2s"' in polled
    assert "Vous pouvez quitter cette page" in polled
    assert "<html" not in polled  # the poll gets the part, not the page


def test_once_done_the_followed_page_says_so_and_lists_what_was_created(
    secretaire: Client, personas: Personas
) -> None:
    run = waiting_import(personas, staff_list(30), invite=False)
    run_member_import.enqueue(str(run.pk))

    polled = secretaire.get(
        run.get_absolute_url() + "?suivi=1", headers={"HX-Request": "true"}
    )
    text = polled.content.decode()

    assert "hx-trigger" not in text, "nothing left to follow"
    assert "Import terminé : 30 personnes ajoutées, 1 ligne laissée de côté." in text
    assert "Voir les membres" in text
    assert [row.line for row in polled.context["added_rows"]] == list(range(2, 32))
    assert "agent29@example.test" in text
    assert [row.line for row in polled.context["left_aside"]] == [32]
    assert "sans.nom@example.test" in text
    assert Membership.objects.filter(user__email__startswith="agent").count() == 30


def test_a_task_delivered_again_after_a_crash_creates_nobody_twice(
    personas: Personas,
) -> None:
    run = waiting_import(personas, staff_list(40), invite=True)
    claimed = start_import(str(run.pk))
    assert claimed is not None
    settings = import_runs.settings_from_data(claimed.settings)
    preview = build_preview(
        read_table(staff_list(40)),
        settings,
        existing_for(personas.commune),
        timezone.localdate(),
    )
    # The worker kept its first batch, then died before the second.
    import_runs._import_batch(
        claimed, list(preview.rows[: import_runs.BATCH]), settings
    )
    assert start_import(str(run.pk)) is None, "still its worker's"
    MemberImport.objects.filter(pk=run.pk).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )

    run_member_import.enqueue(str(run.pk))  # delivered again
    run_member_import.enqueue(str(run.pk))  # and once more, once over

    run.refresh_from_db()
    assert run.status == MemberImport.Status.DONE
    assert (run.lines_done, run.lines_total) == (41, 41)
    assert len(run.added) == 40
    emails = list(
        Membership.objects.filter(collectivite=personas.commune)
        .filter(user__email__startswith="agent")
        .values_list("user__email", flat=True)
    )
    assert sorted(emails) == sorted(f"agent{n}@example.test" for n in range(40))
    invited = sorted(message.to[0] for message in mail.outbox)
    assert invited == sorted(emails), "one invitation each, no more"
    assert JournalEntry.objects.filter(action="membership.imported").count() == 1


def test_an_interrupted_import_is_resumed_from_its_page(
    secretaire: Client, personas: Personas
) -> None:
    run = waiting_import(personas, staff_list(3), invite=False)
    MemberImport.objects.filter(pk=run.pk).update(
        status=MemberImport.Status.FAILED, error=import_runs.UNEXPECTED
    )

    page = unescape(secretaire.get(run.get_absolute_url()).content.decode())
    resumed = secretaire.post(
        reverse("collectivites:member_import_resume", args=[SLUG, run.pk]),
        follow=True,
    )

    assert "L'import s'est interrompu" in page
    assert "Reprendre l'import" in page
    run.refresh_from_db()
    assert run.status == MemberImport.Status.DONE
    text = unescape(resumed.content.decode())
    assert "3 personnes ajoutées" in text
    assert "L'import reprend là où il s'était arrêté" in text


def test_whoever_left_the_page_finds_the_import_from_the_member_list(
    client: Client, personas: Personas
) -> None:
    run = waiting_import(personas, staff_list(2), invite=False)
    run_member_import.enqueue(str(run.pk))

    client.force_login(personas.maire)  # not the secrétaire who started it
    members = client.get(MEMBERS).content.decode()
    result = client.get(run.get_absolute_url())

    assert "Import de la liste « agents.csv » terminé." in members
    assert run.get_absolute_url() in members
    assert result.status_code == 200
    assert "2 personnes ajoutées" in result.content.decode()


@pytest.mark.parametrize("persona", ["conseiller", "adjointe", "agent", "outsider"])
def test_only_those_who_may_import_see_an_import(
    client: Client, personas: Personas, persona: str
) -> None:
    run = waiting_import(personas, staff_list(2), invite=False)
    client.force_login(getattr(personas, persona))

    assert client.get(run.get_absolute_url()).status_code == 404
    assert run.get_absolute_url() not in client.get(MEMBERS).content.decode()
    resume = reverse("collectivites:member_import_resume", args=[SLUG, run.pk])
    assert client.post(resume).status_code == 404
