"""Answering the convocation before the séance: present, absent, or absent
with a written procuration to a colleague in office (CGCT L2121-20)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from collectivites.models import Membership
from convocations.models import Channel, Delivery, Procuration, Reply
from convocations.services import record_reply, send_convocation
from convocations.tests.conftest import ready_seance
from journal.models import JournalEntry
from proceedings.services import open_seance
from quorum.testing import World, convened_for_today
from seances.models import AgendaItem, Seance
from seances.services import add_item, create_seance

PROCURATION = Reply.Answer.PROCURATION


@pytest.fixture
def convened(world: World) -> Seance:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    return seance


def _delivery(seance: Seance, member: Membership) -> Delivery:
    return Delivery.objects.select_related(
        "convocation__seance", "recipient__user"
    ).get(convocation__seance=seance, recipient=member)


def _reply_url(seance: Seance) -> str:
    return reverse(
        "convocations:reply",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )


def _record_url(seance: Seance, member: Membership) -> str:
    return reverse(
        "convocations:reply_for",
        kwargs={
            "collectivite": seance.collectivite.slug,
            "seance_id": seance.pk,
            "membership_id": member.pk,
        },
    )


def _give(world: World, seance: Seance, mandant: str, mandataire: str) -> Reply:
    member = world.memberships[mandant]
    return record_reply(
        _delivery(seance, member),
        by=member.user,
        answer=PROCURATION,
        mandataire=world.memberships[mandataire],
    )


def test_a_convened_councillor_answers_from_the_seance_page_and_so_acknowledges(
    client: Client, world: World, convened: Seance
) -> None:
    client.force_login(world.personas.conseiller)

    page = client.get(convened.get_absolute_url()).content.decode()
    response = client.post(_reply_url(convened), {"answer": "present"}, follow=True)

    assert "Serez-vous présent(e) à la séance ?" in page
    assert "Votre réponse est enregistrée : présent(e)." in response.content.decode()
    delivery = _delivery(convened, world.memberships["conseiller"])
    assert delivery.reply.answer == Reply.Answer.PRESENT
    assert delivery.reply.channel == Channel.ONLINE
    assert delivery.reply.recorded_by == world.personas.conseiller
    assert delivery.acknowledged_at is not None
    entry = JournalEntry.objects.get(action="reply.recorded")
    assert entry.actor == world.personas.conseiller
    assert entry.data["answer"] == "present"
    assert entry.data["on_behalf"] is False


def test_the_answer_can_be_changed_until_the_seance_opens(
    client: Client, world: World, convened: Seance
) -> None:
    client.force_login(world.personas.conseiller)
    client.post(_reply_url(convened), {"answer": "present"})
    client.post(_reply_url(convened), {"answer": "absent"})
    open_seance(convened_for_today(convened), by=world.personas.maire)

    response = client.post(_reply_url(convened), {"answer": "present"}, follow=True)

    reply = _delivery(convened, world.memberships["conseiller"]).reply
    assert reply.answer == Reply.Answer.ABSENT
    assert "La séance est ouverte" in response.content.decode()
    assert JournalEntry.objects.filter(action="reply.recorded").count() == 2


def test_a_councillor_cannot_hold_two_procurations_l2121_20(
    client: Client, world: World, convened: Seance
) -> None:
    _give(world, convened, "maire", "adjointe")
    client.force_login(world.personas.conseiller)

    response = client.post(
        _reply_url(convened),
        {"answer": PROCURATION, "mandataire": world.memberships["adjointe"].pk},
        follow=True,
    )

    page = response.content.decode()
    name = world.personas.adjointe.full_name
    assert f"{name} détient déjà une procuration pour cette séance." in page
    assert "ne peut détenir qu&#x27;une seule procuration par séance" in page
    assert "CGCT L2121-20" in page
    assert Procuration.objects.filter(revoked_at__isnull=True).count() == 1
    assert not Reply.objects.filter(
        delivery__recipient=world.memberships["conseiller"]
    ).exists()


def test_two_councillors_cannot_give_each_other_their_procuration_l2121_20(
    client: Client, world: World, convened: Seance
) -> None:
    _give(world, convened, "adjointe", "conseiller")
    client.force_login(world.personas.conseiller)

    response = client.post(
        _reply_url(convened),
        {"answer": PROCURATION, "mandataire": world.memberships["adjointe"].pk},
        follow=True,
    )

    page = response.content.decode()
    assert f"{world.personas.adjointe.full_name} a lui-même donné procuration" in page
    assert "ne pourra voter pour personne" in page
    assert Procuration.objects.filter(revoked_at__isnull=True).count() == 1
    assert not Reply.objects.filter(
        delivery__recipient=world.memberships["conseiller"]
    ).exists()


def test_a_mandant_cannot_give_a_procuration_to_themselves(
    world: World, convened: Seance
) -> None:
    with pytest.raises(ValidationError, match="à soi-même"):
        _give(world, convened, "conseiller", "conseiller")

    assert not Procuration.objects.exists()


def test_the_form_does_not_offer_oneself_as_mandataire(
    client: Client, world: World, convened: Seance
) -> None:
    client.force_login(world.personas.conseiller)
    me = world.memberships["conseiller"]

    page = client.get(convened.get_absolute_url()).content.decode()
    client.post(_reply_url(convened), {"answer": PROCURATION, "mandataire": me.pk})

    assert f'value="{me.pk}"' not in page
    assert f'value="{world.memberships["adjointe"].pk}"' in page
    assert not Procuration.objects.exists()


def test_a_procuration_to_someone_not_in_office_is_refused(
    world: World, convened: Seance
) -> None:
    with pytest.raises(ValidationError) as refused:
        _give(world, convened, "conseiller", "former")

    assert "n'est pas membre en exercice du conseil" in str(refused.value)
    assert not Procuration.objects.exists()


def test_a_procuration_to_an_agent_is_refused(world: World, convened: Seance) -> None:
    with pytest.raises(ValidationError, match="pas membre en exercice"):
        _give(world, convened, "conseiller", "secretaire")


def test_a_procuration_by_phone_is_refused_since_it_must_be_written(
    world: World, convened: Seance
) -> None:
    member = world.memberships["conseiller"]

    with pytest.raises(ValidationError, match="Une procuration est écrite"):
        record_reply(
            _delivery(convened, member),
            by=world.personas.secretaire,
            answer=PROCURATION,
            mandataire=world.memberships["adjointe"],
            channel=Channel.PHONE,
        )

    assert not Procuration.objects.exists()
    assert not Reply.objects.exists()


def test_changing_the_answer_revokes_the_procuration_and_keeps_it_on_record(
    world: World, convened: Seance
) -> None:
    _give(world, convened, "maire", "adjointe")
    maire = world.memberships["maire"]

    record_reply(_delivery(convened, maire), by=maire.user, answer=Reply.Answer.PRESENT)

    revoked = Procuration.objects.get()
    assert revoked.revoked_at is not None
    assert _delivery(convened, maire).reply.answer == Reply.Answer.PRESENT
    actions = list(JournalEntry.objects.values_list("action", flat=True))
    assert actions.count("procuration.given") == 1
    assert actions.count("procuration.revoked") == 1
    assert actions.count("reply.recorded") == 2


def test_a_procuration_revoked_frees_its_mandataire_for_another(
    world: World, convened: Seance
) -> None:
    _give(world, convened, "maire", "adjointe")
    _give(world, convened, "maire", "conseiller")

    given = _give(world, convened, "conseiller", "adjointe")

    assert given.answer == PROCURATION
    in_force = Procuration.objects.filter(revoked_at__isnull=True)
    assert {(p.mandant.user, p.mandataire.user) for p in in_force} == {
        (world.personas.maire, world.personas.conseiller),
        (world.personas.conseiller, world.personas.adjointe),
    }


def test_the_secretaire_records_an_answer_received_by_phone_under_her_name(
    client: Client, world: World, convened: Seance
) -> None:
    member = world.memberships["conseiller"]
    client.force_login(world.personas.secretaire)

    form = client.get(_record_url(convened, member))
    response = client.post(
        _record_url(convened, member), {"answer": "absent", "channel": "telephone"}
    )

    assert form.status_code == 200
    assert response.status_code == 302
    reply = _delivery(convened, member).reply
    assert reply.answer == Reply.Answer.ABSENT
    assert reply.channel == Channel.PHONE
    assert reply.recorded_by == world.personas.secretaire
    assert _delivery(convened, member).acknowledged_at is None
    entry = JournalEntry.objects.get(action="reply.recorded")
    assert entry.actor == world.personas.secretaire
    assert entry.data["on_behalf"] is True
    assert entry.data["channel"] == "telephone"


def test_the_secretaire_records_a_signed_paper_procuration(
    client: Client, world: World, convened: Seance
) -> None:
    member = world.memberships["conseiller"]
    client.force_login(world.personas.secretaire)

    client.post(
        _record_url(convened, member),
        {
            "answer": PROCURATION,
            "mandataire": world.memberships["maire"].pk,
            "channel": "papier",
        },
    )

    procuration = Procuration.objects.get()
    assert (procuration.mandant, procuration.mandataire) == (
        member,
        world.memberships["maire"],
    )
    assert procuration.channel == Channel.PAPER
    entry = JournalEntry.objects.get(action="procuration.given")
    assert entry.actor == world.personas.secretaire
    assert entry.data["mandataire"] == str(world.memberships["maire"].pk)


def test_a_member_who_left_office_has_no_answer_recorded_for_them(
    client: Client, world: World, convened: Seance
) -> None:
    member = world.memberships["conseiller"]
    Membership.objects.filter(pk=member.pk).update(ended_on=date(2026, 1, 1))
    client.force_login(world.personas.secretaire)

    response = client.get(_record_url(convened, member))

    assert response.status_code == 404


def test_a_commission_meeting_offers_no_procuration(world: World) -> None:
    seance = create_seance(
        collectivite=world.commune,
        by=world.personas.secretaire,
        starts_at=ready_seance(world).starts_at,
        place="Salle des commissions",
        kind="ordinaire",
        workspace=world.finances,
    )
    add_item(
        seance,
        by=world.personas.secretaire,
        title="Préparation du budget",
        kind=AgendaItem.Kind.INFORMATION,
    )
    send_convocation(seance, by=world.personas.secretaire)
    adjointe = world.memberships["adjointe"]

    with pytest.raises(ValidationError, match="pas pour les réunions de commission"):
        record_reply(
            _delivery(seance, adjointe),
            by=adjointe.user,
            answer=PROCURATION,
            mandataire=world.memberships["secretaire"],
        )
