"""The page of a closed séance says what became of each point: adopté,
rejeté, reporté, the counts of its vote, its délibération and the
procès-verbal; a point à huis clos only to those who may see it
(L2121-18, RULES §5)."""

import html

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from domain.roles import Role
from proceedings.services import close_seance, set_point_outcome
from proceedings.tests.helpers import Council, held, make_council, opened
from proceedings.voting import record_open_vote, record_secret_vote
from quorum.testing import MembershipFactory

ADOPTED = "Tarifs de la cantine"
REJECTED = "Vente du presbytère"
POSTPONED = "Plan de circulation"
SECRET = "Protection fonctionnelle CANARI-HUIS-CLOS"


def _closed(
    titles: tuple[str, ...] = (ADOPTED, REJECTED, POSTPONED, SECRET),
) -> Council:
    council = make_council(7, titles=titles, huis_clos=(SECRET,))
    m = council.members
    by = council.secretaire
    sitting = held(council, present=m[:6])
    points = dict(zip(titles, council.items, strict=True))
    if ADOPTED in points:
        record_open_vote(
            opened(council, points[ADOPTED]), by=by, exceptions={m[3].pk: "contre"}
        )
    if REJECTED in points:
        record_open_vote(
            opened(council, points[REJECTED]),
            by=by,
            exceptions={member.pk: "contre" for member in m[1:6]},
        )
    if POSTPONED in points:
        set_point_outcome(points[POSTPONED], by=by, outcome="reporte")
    if SECRET in points:
        record_secret_vote(
            opened(council, points[SECRET]),
            by=by,
            pour=4,
            contre=1,
            blancs_ou_nuls=1,
            secret_requests=3,
        )
    with transaction.atomic():
        close_seance(sitting, by=by)
    return council


def _page(client: Client, council: Council, user: object) -> str:
    client.force_login(user)
    response = client.get(council.seance.get_absolute_url())
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.mark.django_db
def test_a_conseiller_reads_the_outcome_and_the_counts_of_each_point(
    client: Client,
) -> None:
    council = _closed()
    seance = council.seance

    page = _page(client, council, council.members[5].user)

    assert "Inscrit" not in page
    assert "Adopté" in page
    assert "Pour : 5 — contre : 1 — abstentions : 0" in page
    assert "Rejeté" in page
    assert "Pour : 1 — contre : 5 — abstentions : 0" in page
    assert "Reporté" in page
    # An élu sees the point à huis clos, and its secret ballot by totals.
    assert SECRET in page
    assert "(scrutin secret)" in page
    # Blank and spoiled papers are not abstentions (L2121-21).
    assert (
        "Pour : 4 — contre : 1 — bulletins blancs ou nuls : 1 (scrutin secret)" in page
    )
    deliberations = list(seance.deliberations.order_by("order"))
    assert len(deliberations) == 3
    for deliberation in deliberations:
        assert f"Délibération n° {deliberation.display_number}" in page
    assert seance.proces_verbal.get_absolute_url() in page


@pytest.mark.django_db
def test_an_agent_never_sees_the_point_a_huis_clos_nor_the_minutes(
    client: Client,
) -> None:
    council = _closed()
    agent = MembershipFactory.create(collectivite=council.collectivite, role=Role.AGENT)

    page = _page(client, council, agent.user)

    assert "CANARI" not in page
    assert "(scrutin secret)" not in page
    assert council.seance.proces_verbal.get_absolute_url() not in page


@pytest.mark.django_db
def test_the_closed_seance_page_query_count_does_not_grow_with_points(
    client: Client,
) -> None:
    small = _closed((ADOPTED, POSTPONED))
    large = _closed((ADOPTED, REJECTED, POSTPONED, SECRET))

    counts = []
    for council in (small, large):
        client.force_login(council.members[5].user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(council.seance.get_absolute_url()).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
