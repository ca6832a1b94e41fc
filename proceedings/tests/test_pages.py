"""The pages that hold a séance, as the secrétaire uses them on a tablet."""

import html
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from proceedings.models import Sitting, Vote
from proceedings.tests.helpers import held, make_council, on_its_day, opened
from seances.models import Seance

pytestmark = pytest.mark.django_db


def test_a_unanimous_vote_takes_three_actions(client: Client):
    council = make_council(9)
    held(council, present=council.members[:8])
    item = council.items[0]
    slug = council.collectivite.slug
    client.force_login(council.secretaire)
    kwargs = {"collectivite": slug, "item_id": item.pk}

    # 1. Open the point.
    opened_page = client.post(
        reverse("proceedings:point_open", kwargs=kwargs), follow=True
    )
    # 2. "Unanimité": the confirmation comes back in place (htmx).
    confirm = client.get(
        reverse("proceedings:vote_preview", kwargs=kwargs),
        {"unanimite": "1"},
        headers={"HX-Request": "true"},
    )
    # 3. Confirm.
    done = client.post(reverse("proceedings:vote", kwargs=kwargs), follow=True)

    assert "Unanimité" in opened_page.content.decode()
    assert "à l&#x27;unanimité" in confirm.content.decode()
    assert "<html" not in confirm.content.decode()
    assert "Vote enregistré" in done.content.decode()
    vote = Vote.objects.get(item=item)
    assert (vote.pour, vote.contre, vote.outcome) == (8, 0, "adoptee")


def test_a_named_exception_is_one_more_action(client: Client):
    council = make_council(7)
    m = council.members
    held(council, present=m[:6])
    item = opened(council, council.items[0])
    client.force_login(council.secretaire)
    kwargs = {"collectivite": council.collectivite.slug, "item_id": item.pk}

    confirm = client.get(
        reverse("proceedings:vote_preview", kwargs=kwargs),
        {f"voix_{m[3].pk}": "contre"},
        headers={"HX-Request": "true"},
    )
    client.post(
        reverse("proceedings:vote", kwargs=kwargs), {f"voix_{m[3].pk}": "contre"}
    )

    assert "5 voix pour et 1 voix contre" in confirm.content.decode()
    vote = Vote.objects.get(item=item)
    assert vote.choices.get(member=m[3]).choice == "contre"


def test_the_running_page_links_from_the_seance_page(client: Client):
    council = make_council(5)
    client.force_login(council.secretaire)

    page = client.get(council.seance.get_absolute_url())

    assert "Tenir la séance" in page.content.decode()


@pytest.mark.parametrize("size", [5, 15])
def test_the_pages_query_count_does_not_grow_with_the_council(
    client: Client, django_assert_max_num_queries, size: int
):
    council = make_council(size, titles=[f"Point {n}" for n in range(size // 2)])
    m = council.members
    held(council, present=m[: size - 1], procurations=[(m[-1], m[0])])
    item = opened(council, council.items[0])
    client.force_login(council.secretaire)
    slug = council.collectivite.slug

    with django_assert_max_num_queries(40):
        run = client.get(
            reverse(
                "proceedings:run",
                kwargs={"collectivite": slug, "seance_id": council.seance.pk},
            )
        )
    with django_assert_max_num_queries(40):
        point = client.get(
            reverse(
                "proceedings:point", kwargs={"collectivite": slug, "item_id": item.pk}
            )
        )

    assert run.status_code == point.status_code == 200


def test_an_arrival_through_htmx_updates_the_room(client: Client):
    council = make_council(5)
    m = council.members
    held(council, present=m[:2])
    client.force_login(council.secretaire)
    url = reverse(
        "proceedings:movement",
        kwargs={
            "collectivite": council.collectivite.slug,
            "seance_id": council.seance.pk,
        },
    )

    response = client.post(
        url, {"member": str(m[3].pk), "kind": "arrivee"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert 'id="salle"' in body
    assert "<strong>3</strong> présents" in body
    assert "Quorum atteint" in body


def test_the_running_page_opens_before_the_roll_call(client: Client):
    """Opened, the séance has no president nor secrétaire yet: the page
    says they are to be designated."""
    council = make_council(5)
    on_its_day(council)
    client.force_login(council.secretaire)
    kwargs = {"collectivite": council.collectivite.slug, "seance_id": council.seance.pk}

    page = client.post(reverse("proceedings:open", kwargs=kwargs), follow=True)

    body = page.content.decode()
    assert page.status_code == 200
    assert "Secrétaire de séance : à désigner" in body
    assert "Confirmer l&#x27;appel" in body or "Confirmer l'appel" in body


def test_l2121_12_a_seance_cannot_be_opened_before_its_convened_day(
    client: Client,
) -> None:
    """The convocation gives the day of the séance and the jours francs run
    up to it (L2121-10, L2121-12): opened earlier, the delay is cut. The
    page says so instead of offering the button, and a POST is refused."""
    council = make_council(5)
    client.force_login(council.secretaire)
    kwargs = {"collectivite": council.collectivite.slug, "seance_id": council.seance.pk}

    page = html.unescape(
        client.get(reverse("proceedings:run", kwargs=kwargs)).content.decode()
    )
    refused = html.unescape(
        client.post(
            reverse("proceedings:open", kwargs=kwargs), follow=True
        ).content.decode()
    )

    assert "ne peut pas être ouverte avant ce jour" in page
    assert "Ouvrir la séance</button>" not in page
    assert 'name="other_day"' not in page
    assert "jours francs serait raccourci" in refused
    assert not Sitting.objects.exists()
    council.seance.refresh_from_db()
    assert council.seance.status == Seance.Status.CONVOQUEE


def test_l2121_10_a_seance_not_held_on_its_day_needs_a_new_convocation(
    client: Client,
) -> None:
    """The day after the convened one, it would be another meeting, to
    which nobody was convened (L2121-10): refused, with what to do."""
    council = make_council(5)
    client.force_login(council.secretaire)
    kwargs = {"collectivite": council.collectivite.slug, "seance_id": council.seance.pk}
    Seance.objects.filter(pk=council.seance.pk).update(
        starts_at=timezone.now() - timedelta(days=1)
    )

    refused = html.unescape(
        client.post(
            reverse("proceedings:open", kwargs=kwargs), {"other_day": "1"}, follow=True
        ).content.decode()
    )

    assert "envoyez une nouvelle convocation" in refused
    assert "faute de quorum" in refused
    assert not Sitting.objects.exists()


def test_a_refused_roll_call_says_each_error_once(client: Client):
    """The president chosen among the absent: the reason is given beside
    the field, and only there."""
    council = make_council(5)
    on_its_day(council)
    client.force_login(council.secretaire)
    kwargs = {"collectivite": council.collectivite.slug, "seance_id": council.seance.pk}
    client.post(reverse("proceedings:open", kwargs=kwargs))
    absent, *present = council.members
    data = {f"status_{member.pk}": "present" for member in present}
    data.update(
        {
            f"status_{absent.pk}": "absent",
            "president": str(absent.pk),
            "secretaire": str(present[0].pk),
        }
    )

    response = client.post(reverse("proceedings:roll_call", kwargs=kwargs), data)

    assert response.status_code == 422
    body = html.unescape(response.content.decode())
    assert body.count("Le président de séance est un membre présent.") == 1
