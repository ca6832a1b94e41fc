"""Changes after the convocation was sent (CE 25/07/1986 n°68309: every
councillor is told): the old version stays, the dossier is compiled again,
and one message per member lists what changed, through the real SMTP
server on loopback."""

import io
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pytest_django import Settings

from convocations.changes import gather_change_notices
from convocations.documents import proof_pdf
from convocations.models import (
    ChangeNotice,
    ConvocationChange,
    Delivery,
    NoticeDelivery,
)
from convocations.sending import delivery_sent
from convocations.services import send_convocation
from convocations.tasks import send_change_notice
from convocations.tests.conftest import Mailbox, ready_seance
from documents.services import add_version
from dossiers.models import DossierBuild
from journal.models import JournalEntry
from notifications.models import Notification
from proceedings.services import open_seance
from quorum.testing import World, convened_for_today, join
from seances.models import AgendaItem, Annex, Seance
from seances.services import add_item, set_outcome
from seances.tests.access_rows import validate_point
from seances.workflow import link_annex, save_draft, update_annex_version

Status = Delivery.Status


def _item(seance: Seance) -> AgendaItem:
    return seance.items.get(title="Tarifs de la cantine scolaire")


def _annexed(world: World) -> Seance:
    """The ready séance, its point carrying the finances' budget (v2)."""
    seance = ready_seance(world)
    item = _item(seance)
    link_annex(item, by=world.personas.secretaire, document=world.finances_doc)
    validate_point(world, item)
    return seance


def _new_version(world: World) -> None:
    data = b"Budget primitif 2027, version 3 CANARI-FINANCES\n"
    add_version(
        document=world.finances_doc,
        author=world.personas.secretaire,
        stream=io.BytesIO(data),
        filename="budget-v3.txt",
        size=len(data),
    )


def _body(message: Any) -> str:
    return str(message.get_body().get_content())


def _later(minutes: int = 0) -> datetime:
    return timezone.now() + timedelta(minutes=minutes)


def _correct(world: World, item: AgendaItem, articles: str) -> None:
    item.refresh_from_db()
    save_draft(
        item,
        by=world.personas.secretaire,
        based_on=item.draft_revision,
        articles=articles,
    )


def test_two_quick_changes_make_one_message_per_member_listing_both(
    smtp: Mailbox, world: World, settings: Settings
) -> None:
    settings.QUORUM_CHANGE_NOTICE_QUIET_MINUTES = 10
    seance = _annexed(world)
    send_convocation(seance, by=world.personas.secretaire)
    smtp.messages.clear()
    item = _item(seance)
    annex = Annex.objects.get(item=item)

    _new_version(world)
    update_annex_version(annex, by=world.personas.secretaire)
    _correct(world, item, "Tarifs corrigés CANARI-CORRECTION.")

    assert gather_change_notices(_later(5)) == 0  # not quiet long enough
    assert smtp.messages == []
    assert gather_change_notices(_later(11)) == 1

    assert len(smtp.messages) == 3
    assert sorted(str(m["To"]) for m in smtp.messages) == sorted(
        d.email for d in Delivery.objects.all()
    )
    body = _body(smtp.messages[0])
    assert "Point 1. Tarifs de la cantine scolaire" in body
    assert "version 3 au lieu de la version 2" in body
    assert "projet de délibération corrigé (version 2)" in body
    assert f"/mes-seances/{seance.pk}/" in body
    assert smtp.messages[0]["Subject"].startswith("Modification du dossier")
    assert not list(smtp.messages[0].iter_attachments())
    # The old versions stay: the draft's first text, the annex's version 2.
    assert item.revisions.count() == 2
    change = ConvocationChange.objects.get(kind="annexe")
    assert (change.old_version, change.new_version.number) == (world.finances_v2, 3)
    annex.refresh_from_db()
    assert annex.version.number == 3
    item.refresh_from_db()
    assert item.state == AgendaItem.State.INSCRIT  # still on the agenda
    notice = ChangeNotice.objects.get()
    assert notice.changes.count() == 2
    assert JournalEntry.objects.filter(action="convocation.change_notice").count() == 1
    assert JournalEntry.objects.filter(action="notice.accepted").count() == 3
    assert gather_change_notices(_later(30)) == 0  # nothing left to tell


def test_a_later_change_is_told_by_the_bell_not_a_second_email(
    smtp: Mailbox, world: World
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    item = _item(seance)
    _correct(world, item, "Tarifs corrigés.")
    gather_change_notices(_later(11))
    smtp.messages.clear()

    set_outcome(item, by=world.personas.maire, outcome=AgendaItem.Outcome.REPORTE)
    assert gather_change_notices(_later(30)) == 1

    assert smtp.messages == []
    told = Notification.objects.filter(kind=Notification.Kind.POINT_CHANGED)
    assert sorted(n.recipient.email for n in told) == sorted(
        world.memberships[name].user.email
        for name in ("maire", "adjointe", "conseiller")
    )
    assert list(ChangeNotice.objects.values_list("number", flat=True)) == [1, 2]


def test_the_dossier_is_compiled_again_with_the_correction(
    world: World, smtp: Mailbox
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)

    _correct(world, _item(seance), "Tarifs corrigés.")

    builds = DossierBuild.objects.filter(seance=seance, variant="conseillers")
    assert builds.get().status == DossierBuild.Status.READY


def test_a_crash_in_the_middle_of_a_notice_then_a_new_run_sends_each_once(
    smtp: Mailbox, world: World
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    smtp.messages.clear()
    _correct(world, _item(seance), "Tarifs corrigés.")
    sent: list[NoticeDelivery] = []

    def crash_after_one(delivery: Any, **kwargs: Any) -> None:
        sent.append(delivery)
        if len(sent) == 1:
            raise RuntimeError("the worker dies here")

    delivery_sent.connect(crash_after_one, sender=NoticeDelivery)
    try:
        gather_change_notices(_later(11))
    finally:
        delivery_sent.disconnect(crash_after_one, sender=NoticeDelivery)

    assert len(smtp.messages) == 1
    statuses = Counter(NoticeDelivery.objects.values_list("status", flat=True))
    assert statuses == {Status.ACCEPTED: 1, Status.PENDING: 2}

    notice = ChangeNotice.objects.get()
    send_change_notice.enqueue(str(notice.pk))
    send_change_notice.enqueue(str(notice.pk))

    assert sorted(str(m["To"]) for m in smtp.messages) == sorted(
        d.email for d in Delivery.objects.all()
    )
    assert JournalEntry.objects.filter(action="notice.accepted").count() == 3


def test_a_member_reads_only_the_changes_of_the_points_they_may_see(
    smtp: Mailbox, world: World
) -> None:
    """A commission's agent sees only the points they are named on: the
    change of another point never reaches them, not even its title."""
    seance = ready_seance(world)
    seance.workspace = world.finances
    seance.save(update_fields=["workspace"])
    agent = world.memberships["agent"]
    join(world.finances, agent)
    ecole = add_item(
        seance,
        by=world.personas.secretaire,
        title="Travaux de l'école",
        kind="deliberation",
        rapporteur=world.memberships["adjointe"],
        agents=[agent],
    )
    save_draft(ecole, by=world.personas.secretaire, based_on=0, articles="Travaux.")
    validate_point(world, ecole)
    send_convocation(seance, by=world.personas.secretaire)
    smtp.messages.clear()

    _correct(world, _item(seance), "Tarifs corrigés CANARI-CANTINE.")
    gather_change_notices(_later(11))

    assert world.personas.agent.email not in {str(m["To"]) for m in smtp.messages}
    assert smtp.messages  # the others were told

    smtp.messages.clear()
    _correct(world, _item(seance), "Tarifs encore corrigés.")
    _correct(world, ecole, "Travaux corrigés.")
    gather_change_notices(_later(22))

    to_agent = [m for m in smtp.messages if str(m["To"]) == world.personas.agent.email]
    assert len(to_agent) == 1
    body = _body(to_agent[0])
    assert "Travaux de l'école" in body
    assert "cantine" not in body.lower()
    others = [m for m in smtp.messages if m not in to_agent]
    assert all("cantine" in _body(m).lower() for m in others)


def test_nothing_changes_once_the_seance_has_opened(
    smtp: Mailbox, world: World
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    open_seance(convened_for_today(seance), by=world.personas.maire)

    with pytest.raises(ValidationError, match="La séance est ouverte"):
        _correct(world, _item(seance), "Trop tard.")
    assert not ConvocationChange.objects.exists()


def test_the_proof_records_each_notice_what_when_and_to_whom(
    smtp: Mailbox, world: World
) -> None:
    seance = ready_seance(world)
    convocation = send_convocation(seance, by=world.personas.secretaire)
    _correct(world, _item(seance), "Tarifs corrigés.")
    gather_change_notices(_later(11))

    reader = PdfReader(io.BytesIO(proof_pdf(convocation)))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)

    assert "Modifications envoyées après la convocation" in text
    assert "Avis de modification n° 1" in text
    assert "projet de délibération corrigé (version 2)" in text
    assert world.personas.conseiller.email in text
    assert "notice.accepted" in text or "avis accepté" in text


def test_the_secretaire_follows_the_changes_and_their_notices(
    client: Client, smtp: Mailbox, world: World
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    item = _item(seance)
    client.force_login(world.personas.secretaire)

    page = client.get(
        reverse(
            "seances:draft_edit",
            kwargs={"collectivite": world.slug, "item_id": item.pk},
        )
    )
    assert "La convocation est envoyée" in page.content.decode()
    response = client.post(
        reverse(
            "seances:draft_edit",
            kwargs={"collectivite": world.slug, "item_id": item.pk},
        ),
        {
            "based_on": item.draft_revision,
            "articles": "Tarifs corrigés.",
            "nature": "1",
        },
    )
    assert response.status_code == 302
    gather_change_notices(_later(11))

    url = reverse(
        "convocations:deliveries",
        kwargs={"collectivite": world.slug, "seance_id": seance.pk},
    )
    page = client.get(url).content.decode()
    assert "projet de délibération corrigé (version 2)" in page
    assert "annoncée (avis n° 1)" in page
    assert "3 sur 3 acceptés par le serveur" in page


def test_the_councillors_dossier_says_what_changed_once_told(
    client: Client, smtp: Mailbox, world: World
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    _correct(world, _item(seance), "Tarifs corrigés CANARI-CORRIGE.")
    client.force_login(world.personas.conseiller)
    url = reverse(
        "convocations:my_dossier",
        kwargs={"collectivite": world.slug, "seance_id": seance.pk},
    )

    assert "Modifié après l'envoi" not in client.get(url).content.decode()
    gather_change_notices(_later(11))
    page = client.get(url).content.decode()

    assert "Modifié après l&#x27;envoi" in page or "Modifié après l'envoi" in page
    assert "Projet de délibération corrigé (version 2)" in page
    assert "CANARI-CORRIGE" in page
