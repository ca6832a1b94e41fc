"""The moments of a séance and its base: arrivals and departures between
the opening and now, the closing too, procurations held by members
present, and the members in office fixed at the opening (CGCT L2121-2,
L2121-17, L2121-20)."""

import html
import re
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actes.models import Deliberation
from domain.roles import Role
from minutes.build import draft_of
from proceedings.models import Movement, Sitting, Vote, VoteChoice
from proceedings.record import seance_record
from proceedings.services import (
    close_seance,
    record_movement,
    record_roll_call,
)
from proceedings.tests.helpers import Council, held, make_council, opened
from proceedings.voting import record_open_vote
from quorum.testing import MembershipFactory
from seances.models import PARIS

pytestmark = pytest.mark.django_db


def _opened_earlier(sitting: Sitting) -> datetime:
    """The sitting opened a while ago today, so that a time before it can
    be typed: at most 90 minutes ago, never before midnight."""
    now = timezone.now().astimezone(PARIS)
    midnight = datetime.combine(now.date(), time(0, 1), tzinfo=PARIS)
    opened_at = max(midnight, now - timedelta(minutes=90))
    Sitting.objects.filter(pk=sitting.pk).update(
        opened_at=opened_at, roll_call_at=opened_at
    )
    sitting.refresh_from_db()
    return opened_at


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _post(client: Client, council: Council, name: str, data: dict) -> str:
    kwargs = {"collectivite": council.collectivite.slug, "seance_id": council.seance.pk}
    response = client.post(reverse(f"proceedings:{name}", kwargs=kwargs), data)
    if response.status_code == 302:
        response = client.get(response["Location"])
    return html.unescape(response.content.decode())


def test_l2121_17_a_departure_before_the_opening_is_refused_and_counts_for_nothing(
    client: Client,
) -> None:
    council = make_council(7)
    m = council.members
    sitting = held(council, present=m[:6])
    opened_at = _opened_earlier(sitting)
    client.force_login(council.secretaire)
    before = (opened_at - timedelta(minutes=1)).astimezone(PARIS)

    page = _post(
        client,
        council,
        "movement",
        {"member": str(m[3].pk), "kind": "depart", "at": f"{before:%H:%M}"},
    )

    assert "Le mouvement est enregistré" not in page
    assert "ne peut pas être" in page
    assert not Movement.objects.exists()
    item = opened(council, council.items[0])
    vote = record_open_vote(item, by=council.secretaire)
    assert vote.pour == 6
    assert "quitte la séance" not in draft_of(seance_record(council.seance)).body


def test_l2121_17_a_departure_later_than_now_is_refused() -> None:
    council = make_council(5)
    sitting = held(council, present=council.members[:4])

    with pytest.raises(ValidationError) as refused:
        record_movement(
            sitting,
            by=council.secretaire,
            member=council.members[2],
            kind="depart",
            at=timezone.now() + timedelta(minutes=5),
        )

    assert "encore à venir" in str(refused.value)
    assert not Movement.objects.exists()


def test_l2121_20_who_left_votes_on_no_later_point_but_by_his_procuration() -> None:
    council = make_council(7)
    m = council.members
    sitting = held(council, present=m[:6])
    by = council.secretaire

    record_movement(sitting, by=by, member=m[4], kind="depart")
    record_movement(sitting, by=by, member=m[5], kind="depart", mandataire=m[1])
    item = opened(council, council.items[0])
    vote = record_open_vote(item, by=by)

    assert vote.pour == 5  # four in the room, and m[5] through m[1]
    voices = {
        c.member_id: c.mandataire_id for c in VoteChoice.objects.filter(vote=vote)
    }
    assert m[4].pk not in voices
    assert voices[m[5].pk] == m[1].pk
    record = seance_record(council.seance)
    point = next(p for p in record.points if p.item == item)
    assert point.examination.counted_present == 4
    body = draft_of(record).body
    assert f"{m[4].user.full_name} quitte la séance" in body
    assert f"{m[5].user.full_name} quitte la séance" in body
    assert f"donne procuration à {m[1].user.full_name}" in body


def test_l2121_17_a_departure_dated_before_a_recorded_vote_is_refused() -> None:
    council = make_council(5)
    m = council.members
    sitting = held(council, present=m[:4])
    opened_at = _opened_earlier(sitting)
    item = opened(council, council.items[0])
    record_open_vote(item, by=council.secretaire)
    Vote.objects.filter(item=item).update(at=timezone.now())

    with pytest.raises(ValidationError) as refused:
        record_movement(
            sitting,
            by=council.secretaire,
            member=m[2],
            kind="depart",
            at=opened_at + timedelta(minutes=1),
        )

    assert "déjà ouvert ou voté" in str(refused.value)


def test_l2121_17_closing_before_the_opening_is_refused_in_french(
    client: Client,
) -> None:
    council = make_council(5)
    sitting = held(council, present=council.members[:4])
    opened_at = _opened_earlier(sitting)
    client.force_login(council.secretaire)
    before = (opened_at - timedelta(minutes=1)).astimezone(PARIS)

    page = _post(client, council, "close", {"at": f"{before:%H:%M}", "confirme": "oui"})

    assert "La clôture ne peut pas être" in page
    assert "La séance est close" not in page
    sitting.refresh_from_db()
    assert sitting.closed_at is None
    with pytest.raises(ValidationError, match="encore à venir"):
        close_seance(
            sitting, by=council.secretaire, at=timezone.now() + timedelta(hours=1)
        )


def test_l2121_17_the_closing_at_its_time_is_printed_as_typed(client: Client) -> None:
    council = make_council(5)
    sitting = held(council, present=council.members[:4])
    client.force_login(council.secretaire)
    now = timezone.now().astimezone(PARIS)

    _post(client, council, "close", {"at": f"{now:%H:%M}", "confirme": "oui"})

    sitting.refresh_from_db()
    assert sitting.closed_at is not None
    assert f"{sitting.closed_at.astimezone(PARIS):%H:%M}" == f"{now:%H:%M}"


def test_l2121_20_a_procuration_to_a_member_absent_at_the_roll_call_is_refused():
    council = make_council(6)
    m = council.members
    sitting = held(council, present=m[:4])

    with pytest.raises(ValidationError) as refused:
        record_roll_call(
            sitting,
            by=council.secretaire,
            entries={m[4].pk: ("represente", m[5].pk)},
            president=m[0],
            secretaire=m[1],
        )

    assert f"{m[5].user.full_name} n'est pas présent(e) à l'appel" in str(refused.value)
    assert "L2121-20" in str(refused.value)
    assert sitting.attendances.get(member=m[4]).mandataire is None


def test_l2121_20_the_mandataire_leaving_is_told_what_becomes_of_the_procuration(
    client: Client,
) -> None:
    council = make_council(7)
    m = council.members
    held(council, present=m[:5], procurations=[(m[5], m[1])])
    client.force_login(council.secretaire)

    page = _post(
        client, council, "movement", {"member": str(m[1].pk), "kind": "depart"}
    )

    assert f"{m[1].user.full_name} détenait la procuration" in page
    assert "cette procuration ne vote plus" in page
    item = opened(council, council.items[0])
    assert record_open_vote(item, by=council.secretaire).pour == 4


def test_l2121_17_the_members_in_office_are_fixed_when_the_seance_opens(
    client: Client,
) -> None:
    """A 16th élu added afterwards changes no page, screen, procès-verbal
    nor délibération of the séance: 15 in office, quorum 8."""
    council = make_council(15)
    sitting = held(council, present=council.members[:9])
    MembershipFactory.create(
        collectivite=council.collectivite,
        role=Role.CONSEILLER,
        started_on=timezone.localdate() - timedelta(days=30),
    )
    item = opened(council, council.items[0])
    record_open_vote(item, by=council.secretaire)
    close_seance(sitting, by=council.secretaire)
    client.force_login(council.secretaire)
    kwargs = {"collectivite": council.collectivite.slug, "seance_id": council.seance.pk}

    run = html.unescape(
        client.get(reverse("proceedings:run", kwargs=kwargs)).content.decode()
    )
    screen = html.unescape(
        client.get(reverse("proceedings:display", kwargs=kwargs)).content.decode()
    )

    sitting.refresh_from_db()
    assert sitting.members_in_office == 15
    assert "sur 15 membres en exercice" in _text(run)
    assert "sur 16" not in _text(run)
    assert "16 membres" not in _text(screen)
    assert item.examination.members_in_office == 15
    assert "Membres en exercice : 15." in draft_of(seance_record(council.seance)).body
    assert Deliberation.objects.get(item=item).en_exercice == 15
