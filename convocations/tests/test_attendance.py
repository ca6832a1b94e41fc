"""The attendance announced before the séance, and the likely quorum: more
than half of the members in office physically present; procurations never
count (CGCT L2121-17)."""

import html

import pytest
from django.test import Client

from collectivites.models import Membership
from convocations.attendance import expected_attendance
from convocations.models import Delivery, Reply
from convocations.services import record_reply, send_convocation
from convocations.tests.conftest import ready_seance
from domain.french import elide
from quorum.testing import MembershipFactory, World
from seances.models import Seance


@pytest.fixture
def council(world: World) -> list[Membership]:
    """Fifteen élus in office: the world's three and twelve conseillers."""
    for _ in range(12):
        MembershipFactory.create(collectivite=world.commune, role="conseiller")
    return list(
        Membership.objects.current()
        .elus()
        .filter(collectivite=world.commune)
        .select_related("user")
        .order_by("pk")
    )


def _answer(
    seance: Seance, member: Membership, answer: str, to: Membership | None = None
) -> None:
    delivery = Delivery.objects.select_related("convocation").get(
        convocation__seance=seance, recipient=member
    )
    record_reply(delivery, by=member.user, answer=answer, mandataire=to)


def test_the_expected_quorum_counts_only_physically_present_members_l2121_17(
    world: World, council: list[Membership]
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    present, mandants = council[:7], council[7:11]
    for member in present:
        _answer(seance, member, Reply.Answer.PRESENT)
    for mandant, mandataire in zip(mandants, present, strict=False):
        _answer(seance, mandant, Reply.Answer.PROCURATION, mandataire)

    short = expected_attendance(seance)
    _answer(seance, council[11], Reply.Answer.PRESENT)
    reached = expected_attendance(seance)

    assert short.likely is False
    assert short.quorum.startswith(
        "Quorum pas encore assuré : 7 présents annoncés sur 15, il en faut 8 ; "
        "4 élus n'ont pas encore répondu."
    )
    assert "Les 4 procurations ne comptent pas pour le quorum (CGCT L2121-17)." in (
        short.quorum
    )
    assert (short.present, short.absent, short.unanswered) == (7, 4, 4)
    assert reached.likely is True
    assert reached.quorum.startswith(
        "Quorum probablement atteint : 8 présents annoncés sur 15, il en faut 8."
    )


def test_the_forecast_says_when_the_quorum_is_out_of_reach(
    world: World, council: list[Membership]
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    for member in council[:9]:
        _answer(seance, member, Reply.Answer.ABSENT)

    attendance = expected_attendance(seance)

    assert attendance.likely is False
    assert attendance.quorum.startswith(
        "Quorum compromis : 0 présent annoncé sur 15, il en faut 8, et les 6 élus "
        "sans réponse n'y suffiraient pas."
    )
    assert "convoqué à nouveau (CGCT L2121-17)" in attendance.quorum


def test_the_base_is_the_members_in_office_not_the_legal_size_of_the_council(
    world: World,
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    _answer(seance, world.memberships["maire"], Reply.Answer.PRESENT)
    _answer(seance, world.memberships["adjointe"], Reply.Answer.PRESENT)

    attendance = expected_attendance(seance)

    # Three élus in office; the councillor who resigned is not one of them.
    assert attendance.in_office == 3
    assert attendance.quorum == (
        "Quorum probablement atteint : 2 présents annoncés sur 3, il en faut 2."
    )


def test_a_procuration_held_by_someone_announced_absent_is_flagged(
    world: World,
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    maire, adjointe = world.memberships["maire"], world.memberships["adjointe"]
    _answer(seance, maire, Reply.Answer.PROCURATION, adjointe)
    _answer(seance, adjointe, Reply.Answer.ABSENT)

    attendance = expected_attendance(seance)

    assert attendance.warnings == [
        f"{adjointe.user.full_name} détient la procuration de "
        f"{maire.user.full_name} mais a annoncé son absence : cette procuration "
        "ne pourra pas être exercée."
    ]


def test_the_secretaire_sees_who_answered_what_on_the_seance_page(
    client: Client, world: World
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    _answer(
        seance,
        world.memberships["maire"],
        Reply.Answer.PROCURATION,
        world.memberships["adjointe"],
    )
    _answer(seance, world.memberships["adjointe"], Reply.Answer.PRESENT)
    client.force_login(world.personas.secretaire)

    # Names are HTML-escaped: « d&#x27;Émilie » reads « d'Émilie ».
    page = html.unescape(client.get(seance.get_absolute_url()).content.decode())

    assert "Présences annoncées" in page
    assert (
        "Quorum probablement atteint : 1 présent annoncé sur 3, il en faut 2."
        not in (page)
    )
    assert "Quorum pas encore assuré : 1 présent annoncé sur 3, il en faut 2" in page
    assert f"donnée à {world.personas.adjointe.full_name}" in page
    assert f"détient celle {elide('de', world.personas.maire.full_name)}" in page
    assert "Pas de réponse" in page
    assert "Noter<span" in page


def test_a_councillor_sees_only_their_own_answer(client: Client, world: World) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    _answer(seance, world.memberships["adjointe"], Reply.Answer.ABSENT)
    client.force_login(world.personas.conseiller)

    page = client.get(seance.get_absolute_url()).content.decode()

    assert "Présences annoncées" not in page
    assert "présent annoncé" not in page
    assert "Ma réponse" in page


def test_the_followed_seance_page_query_count_does_not_grow_with_the_answers(
    client: Client,
    world: World,
    council: list[Membership],
    django_assert_max_num_queries: object,
) -> None:
    seance = ready_seance(world)
    send_convocation(seance, by=world.personas.secretaire)
    _answer(seance, council[0], Reply.Answer.PROCURATION, council[1])
    client.force_login(world.personas.maire)
    url = seance.get_absolute_url()
    client.get(url)
    with django_assert_max_num_queries(60) as few:  # type: ignore[operator]
        client.get(url)
    limit = len(few.captured_queries)
    for member in council[2:9]:
        _answer(seance, member, Reply.Answer.PRESENT)
    for mandant, mandataire in zip(council[9:], council[2:], strict=False):
        _answer(seance, mandant, Reply.Answer.PROCURATION, mandataire)

    with django_assert_max_num_queries(limit):  # type: ignore[operator]
        response = client.get(url)

    assert response.status_code == 200
