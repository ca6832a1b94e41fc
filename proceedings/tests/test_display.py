"""The screen of the council room, as the public in the room or online
sees it: no login, the point under discussion, the present and the quorum,
each result once announced, never a point à huis clos (CGCT L2121-18)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from collectivites.models import Workspace
from collectivites.services import create_workspace
from proceedings.services import close_seance, record_movement
from proceedings.tests.helpers import held, make_council, opened
from proceedings.voting import record_open_vote
from quorum.testing import CollectiviteFactory
from seances.models import Seance
from seances.services import create_seance

pytestmark = pytest.mark.django_db

HUIS_CLOS = "Protection fonctionnelle du garde champêtre"
HTMX = {"HX-Request": "true"}


def display_url(seance: Seance, slug: str | None = None) -> str:
    return reverse(
        "proceedings:display",
        kwargs={
            "collectivite": slug or seance.collectivite.slug,
            "seance_id": seance.pk,
        },
    )


def test_anyone_sees_the_room_without_logging_in(client: Client):
    council = make_council(9)
    m = council.members
    held(council, present=m[:6], procurations=[(m[8], m[0])])
    opened(council, council.items[0])

    response = client.get(display_url(council.seance))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Point 1" in body
    assert "Tarifs de la cantine" in body
    assert "<strong>6</strong> présents sur 9 membres en exercice" in body
    assert "Quorum atteint : 5 présents requis." in body
    assert "1 procuration (elles ne comptent pas pour le quorum)" in body
    assert m[5].user.full_name in body
    assert m[7].user.full_name not in body
    assert 'aria-live="polite"' in body
    assert 'hx-trigger="every 1s"' in body


def test_each_result_shows_once_announced_with_its_headers(client: Client):
    council = make_council(7)
    m = council.members
    held(council, present=m[:6])
    item = opened(council, council.items[0])
    record_open_vote(item, by=council.secretaire, exceptions={m[3].pk: "contre"})

    body = client.get(display_url(council.seance)).content.decode()

    assert '<th scope="col">Contre</th>' in body
    assert '<th scope="row" class="q-break">1. Tarifs de la cantine</th>' in body
    assert "<td>5</td><td>1</td><td>0</td><td>0</td>" in body
    assert "Point 1, Tarifs de la cantine : Adoptée." in body
    # The draft of the délibération is never on the screen.
    assert "Le conseil approuve." not in body


def test_a_point_a_huis_clos_never_shows_its_title_nor_its_result_l2121_18(
    client: Client,
):
    council = make_council(
        5, titles=["Tarifs de la cantine", HUIS_CLOS], huis_clos=[HUIS_CLOS]
    )
    m = council.members
    held(council, present=m[:5])
    secret = opened(council, council.items[1])

    during = client.get(display_url(council.seance)).content.decode()
    record_open_vote(secret, by=council.secretaire)
    after = client.get(display_url(council.seance)).content.decode()

    assert "Point 2" in during
    assert "Point à huis clos" in during
    assert "point à huis clos." in during  # the announcement
    for body in (during, after):
        assert HUIS_CLOS not in body
        assert "Protection" not in body
    assert "Adoptée" not in after
    assert "Aucun résultat pour l'instant." in after


def test_a_seance_in_preparation_shows_nothing(client: Client):
    council = make_council(5)
    draft = create_seance(
        collectivite=council.collectivite,
        by=council.secretaire,
        starts_at=council.seance.starts_at,
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
    )

    assert client.get(display_url(draft)).status_code == 404


def test_a_commission_meeting_is_not_on_the_public_screen(client: Client):
    council = make_council(5)
    commission = create_workspace(
        collectivite=council.collectivite,
        by=None,
        name="Commission des finances",
        kind=Workspace.Kind.COMMISSION,
        description="",
    )
    meeting = create_seance(
        collectivite=council.collectivite,
        by=council.secretaire,
        starts_at=council.seance.starts_at,
        place="Salle des commissions",
        kind=Seance.Kind.ORDINAIRE,
        workspace=commission,
    )

    assert client.get(display_url(meeting)).status_code == 404


def test_another_collectivites_slug_leads_nowhere(client: Client):
    council = make_council(5)
    other = CollectiviteFactory.create()

    response = client.get(display_url(council.seance, slug=other.slug))

    assert response.status_code == 404


def test_a_convened_seance_not_yet_open_says_so(client: Client):
    council = make_council(5)

    body = client.get(display_url(council.seance)).content.decode()

    assert "La séance n'est pas encore ouverte" in body
    assert "Tarifs de la cantine" not in body


def test_the_screen_changes_only_when_the_room_does(client: Client):
    """Polled every second, the screen answers 204 (htmx swaps nothing, a
    screen reader hears nothing again) until something happens; then the
    screen comes back with the announcement swapped into its live region."""
    council = make_council(7)
    m = council.members
    sitting = held(council, present=m[:5])
    url = display_url(council.seance)
    first = client.get(url, headers=HTMX)
    state = first.content.decode().split("etat=", 1)[1].split('"', 1)[0]

    unchanged = client.get(url, {"etat": state}, headers=HTMX)
    record_movement(sitting, by=council.secretaire, member=m[5], kind="arrivee")
    changed = client.get(url, {"etat": state}, headers=HTMX)

    assert unchanged.status_code == 204
    body = changed.content.decode()
    assert changed.status_code == 200
    assert "<html" not in body
    assert "<strong>6</strong> présents" in body
    assert '<p id="annonce" hx-swap-oob="innerHTML">' in body


def test_a_closed_seance_says_when_it_closed(client: Client):
    council = make_council(5)
    sitting = held(council, present=council.members[:4])
    close_seance(sitting, by=council.secretaire)

    body = client.get(display_url(council.seance)).content.decode()

    assert "Séance close" in body
    assert "La séance est close." in body


@pytest.mark.parametrize("size", [5, 15])
def test_the_polled_screen_costs_the_same_few_queries_whatever_the_size(
    client: Client, django_assert_num_queries, size: int
):
    council = make_council(size, titles=[f"Point {n}" for n in range(size // 2)])
    m = council.members
    held(council, present=m[: size - 1], procurations=[(m[-1], m[0])])
    for item in council.items:
        record_open_vote(opened(council, item), by=council.secretaire)
    client.force_login(council.secretaire)

    # The session and its user, the séance, then ``screen_of``'s seven.
    with django_assert_num_queries(10):
        response = client.get(display_url(council.seance), headers=HTMX)

    assert response.status_code == 200
    assert (
        response.content.decode().count("<td>Adoptée à l&#x27;unanimité</td>")
        == size // 2
    )


FIGURES = re.compile(
    r'<span class="q-ecran__nombre">(\d+)</span> '
    r'<span class="q-ecran__libelle">([^<]+)</span>'
)


def test_the_vote_just_taken_shows_its_result_and_counts_in_large_figures(
    client: Client,
):
    council = make_council(7)
    m = council.members
    held(council, present=m[:6])
    item = opened(council, council.items[0])
    record_open_vote(
        item,
        by=council.secretaire,
        exceptions={m[3].pk: "contre", m[4].pk: "abstention"},
    )

    body = client.get(display_url(council.seance)).content.decode()

    assert '<p class="q-ecran__resultat q-ecran__resultat--adopte">Adoptée</p>' in body
    assert FIGURES.findall(body) == [
        ("4", "pour"),
        ("1", "contre"),
        ("1", "abstention"),
        ("0", "ne prennent pas part"),
    ]


def test_a_rejected_vote_is_shown_as_such_and_a_huis_clos_one_without_figures(
    client: Client,
):
    council = make_council(
        5, titles=("Vente du presbytère", HUIS_CLOS), huis_clos=(HUIS_CLOS,)
    )
    m = council.members
    held(council, present=m)
    first = opened(council, council.items[0])
    record_open_vote(
        first,
        by=council.secretaire,
        exceptions={member.pk: "contre" for member in m[1:]},
    )
    rejected = client.get(display_url(council.seance)).content.decode()
    secret = opened(council, council.items[1])
    record_open_vote(secret, by=council.secretaire)
    huis_clos = client.get(display_url(council.seance)).content.decode()

    assert "q-ecran__resultat--rejete" in rejected
    assert FIGURES.findall(rejected)[:2] == [("1", "pour"), ("4", "contre")]
    assert FIGURES.findall(huis_clos) == []
    assert HUIS_CLOS not in huis_clos
