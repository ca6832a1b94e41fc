"""A member convened to a séance finds it on their dashboard: its date,
the way to their dossier, whether they confirmed receiving the
convocation, their answer and their procuration. Those convened to
nothing see no such block; the count of queries does not grow with the
séances."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from convocations.services import acknowledge
from domain.french import elide
from domain.roles import Role
from proceedings.tests.helpers import Council, answer, make_council
from quorum.testing import MembershipFactory
from seances.models import Seance
from web.french import date_format

pytestmark = pytest.mark.django_db


def _dashboard(client: Client, council: Council, user: object) -> str:
    client.force_login(user)
    url = reverse("web:dashboard", kwargs={"collectivite": council.collectivite.slug})
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _dossier_url(council: Council) -> str:
    return reverse(
        "convocations:my_dossier",
        kwargs={
            "collectivite": council.collectivite.slug,
            "seance_id": council.seance.pk,
        },
    )


def test_a_conseiller_finds_the_convened_seance_with_its_date_and_dossier(
    client: Client,
) -> None:
    council = make_council(5)
    conseiller = council.members[4]

    page = _dashboard(client, council, conseiller.user)

    assert "Mes convocations" in page
    day = date_format(council.seance.local_start, "l j F Y")
    assert f"Conseil municipal du {day}" in page
    assert _dossier_url(council) in page
    assert "Réception non confirmée" in page
    assert "Vous n'avez pas encore dit si vous serez présent(e)" in page


def test_the_dashboard_says_the_convocation_was_received_once_confirmed(
    client: Client,
) -> None:
    council = make_council(5)
    adjoint = council.members[1]
    acknowledge(council.delivery(adjoint), by=adjoint.user)

    page = _dashboard(client, council, adjoint.user)

    assert "Réception confirmée" in page
    assert "Réception non confirmée" not in page


def test_the_procuration_shows_on_both_dashboards(client: Client) -> None:
    council = make_council(5)
    mandant, mandataire = council.members[4], council.members[3]
    answer(council, present=[mandataire], procurations=[(mandant, mandataire)])

    given = _dashboard(client, council, mandant.user)
    held = _dashboard(client, council, mandataire.user)

    assert f"Vous avez donné procuration à {mandataire.user.full_name}" in given
    assert "Votre réponse : absent(e), avec procuration" in given
    assert f"Vous portez la procuration {elide('de', mandant.user.full_name)}" in held
    assert "Votre réponse : présent(e)" in held


def test_an_agent_convened_to_nothing_has_no_convocations_block(
    client: Client,
) -> None:
    council = make_council(3)
    secretaire = council.seance.collectivite.memberships.get(role=Role.SECRETAIRE)
    agent = MembershipFactory.create(collectivite=council.collectivite, role=Role.AGENT)

    for user in (secretaire.user, agent.user):
        assert "Mes convocations" not in _dashboard(client, council, user)


def test_a_closed_seance_leaves_the_dashboard_for_mes_seances(
    client: Client,
) -> None:
    council = make_council(3)
    Seance.objects.filter(pk=council.seance.pk).update(status=Seance.Status.CLOSE)

    page = _dashboard(client, council, council.members[2].user)

    assert "Mes convocations" not in page


def test_the_convened_block_query_count_does_not_grow_with_seances(
    client: Client,
    django_assert_max_num_queries: object,
    django_assert_num_queries: object,
) -> None:
    from actes.tests.helpers import another_seance  # noqa: PLC0415

    council = make_council(4)
    mandant, mandataire = council.members[3], council.members[2]
    answer(council, procurations=[(mandant, mandataire)])
    client.force_login(mandataire.user)
    url = reverse("web:dashboard", kwargs={"collectivite": council.collectivite.slug})
    client.get(url)
    with django_assert_max_num_queries(60) as few:  # type: ignore[operator]
        client.get(url)

    for days in (20, 30):
        later = another_seance(council, ("Tarifs", "Voirie"), days=days)
        answer(later, procurations=[(mandant, mandataire)])
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        page = html.unescape(client.get(url).content.decode())

    assert (
        page.count(f"Vous portez la procuration {elide('de', mandant.user.full_name)}")
        == 3
    )
