"""Bad values in the forms people fill in most: inviting a member,
creating a séance, adding a point, writing a comment. For each: a French
message, no error page, and not one row written."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quorum.testing import Personas
from robustness.tests.conftest import assert_french_refusal, changed, snapshot
from robustness.tests.values import (
    ABSURD_DATES,
    ACCEPTED_TEXT,
    BAD_DATES,
    BAD_TIMES,
    REFUSED_TEXT,
    too_long,
)
from seances.models import AgendaItem, Seance

pytestmark = pytest.mark.django_db

SLUG = "saint-test"


def invitation(**changes: str) -> dict[str, str]:
    return {
        "email": "nadia.nouvelle@example.test",
        "first_name": "Nadia",
        "last_name": "Nouvelle",
        "status": "elu",
        "role": "conseiller",
        "started_on": "2026-03-23",
        **changes,
    }


def seance(**changes: str) -> dict[str, str]:
    day = timezone.localdate().replace(year=timezone.localdate().year + 1)
    return {
        "day": day.isoformat(),
        "hour": "20:00",
        "place": "Salle du conseil",
        "kind": Seance.Kind.ORDINAIRE,
        **changes,
    }


def post_refused(client: Client, url: str, data: dict[str, str]) -> None:
    before = snapshot()
    response = client.post(url, data)
    assert_french_refusal(response)
    assert changed(before, snapshot()) == {}


INVITE = reverse("collectivites:member_invite", kwargs={"collectivite": SLUG})
CREATE_SEANCE = reverse("seances:create", kwargs={"collectivite": SLUG})


@pytest.mark.parametrize("field", ["first_name", "last_name"])
@pytest.mark.parametrize("value", REFUSED_TEXT.values(), ids=REFUSED_TEXT.keys())
def test_an_invitation_with_a_bad_name_is_refused(manager, field, value):
    post_refused(manager, INVITE, invitation(**{field: value}))


@pytest.mark.parametrize(
    "email",
    [
        "pas-une-adresse",
        "a@b",
        "nadia@@example.test",
        "nadia@example.test\x00",
        "nadia\n@example.test",
        "nadia@exa mple.test",
        "<nadia@example.test>",
        "😀@example.test",
        "x" * 250 + "@example.test",
        "nadia@example.test, autre@example.test",
        "",
    ],
)
def test_an_invitation_with_a_bad_address_is_refused(manager, email):
    post_refused(manager, INVITE, invitation(email=email))


@pytest.mark.parametrize("value", [too_long(150)])
@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_an_invitation_with_a_too_long_name_is_refused(manager, field, value):
    post_refused(manager, INVITE, invitation(**{field: value}))


@pytest.mark.parametrize(
    "changes",
    [
        {"status": "roi"},
        {"role": "empereur"},
        {"status": "agent", "role": "maire"},
        {"role": ""},
        {"status": ""},
    ],
    ids=["statut-inconnu", "role-inconnu", "agent-maire", "role-vide", "statut-vide"],
)
def test_an_invitation_with_an_impossible_place_is_refused(manager, changes):
    post_refused(manager, INVITE, invitation(**changes))


@pytest.mark.parametrize("value", BAD_DATES.values(), ids=BAD_DATES.keys())
def test_an_invitation_with_a_bad_date_is_refused(manager, value):
    post_refused(manager, INVITE, invitation(started_on=value))


@pytest.mark.parametrize("value", ABSURD_DATES.values(), ids=ABSURD_DATES.keys())
def test_an_invitation_with_an_absurd_date_is_refused(manager, value):
    post_refused(manager, INVITE, invitation(started_on=value))


@pytest.mark.parametrize("value", ACCEPTED_TEXT.values(), ids=ACCEPTED_TEXT.keys())
def test_an_odd_but_real_name_is_kept_as_typed(manager, value):
    from collectivites.models import Membership

    response = manager.post(INVITE, invitation(last_name=value))
    assert response.status_code == 302
    member = Membership.objects.get(user__email="nadia.nouvelle@example.test")
    assert member.user.last_name == value
    page = manager.get(
        reverse(
            "collectivites:member",
            kwargs={"collectivite": SLUG, "membership_id": member.pk},
        )
    )
    assert page.status_code == 200
    assert "<script>alert" not in page.content.decode()


@pytest.mark.parametrize("value", BAD_DATES.values(), ids=BAD_DATES.keys())
def test_a_seance_on_a_bad_date_is_refused(manager, value):
    post_refused(manager, CREATE_SEANCE, seance(day=value))


@pytest.mark.parametrize("value", ABSURD_DATES.values(), ids=ABSURD_DATES.keys())
def test_a_seance_on_an_absurd_date_is_refused(manager, value):
    post_refused(manager, CREATE_SEANCE, seance(day=value))


@pytest.mark.parametrize("value", BAD_TIMES.values(), ids=BAD_TIMES.keys())
def test_a_seance_at_a_bad_hour_is_refused(manager, value):
    post_refused(manager, CREATE_SEANCE, seance(hour=value))


@pytest.mark.parametrize(
    "value",
    [*REFUSED_TEXT.values(), too_long(255)],
    ids=[*REFUSED_TEXT.keys(), "trop-long"],
)
def test_a_seance_in_a_bad_place_is_refused(manager, value):
    post_refused(manager, CREATE_SEANCE, seance(place=value))


@pytest.mark.parametrize("kind", ["", "secrete", "ordinaire\x00", "🎉"])
def test_a_seance_of_an_unknown_kind_is_refused(manager, kind):
    post_refused(manager, CREATE_SEANCE, seance(kind=kind))


def test_a_seance_of_another_collectivites_commission_is_refused(manager, personas):
    post_refused(
        manager, CREATE_SEANCE, seance(workspace=str(personas.other_workspace.pk))
    )


@pytest.fixture
def a_seance(manager: Client, personas: Personas) -> Seance:
    manager.post(CREATE_SEANCE, seance())
    return Seance.objects.get(collectivite=personas.commune)


@pytest.mark.parametrize(
    "value",
    [*REFUSED_TEXT.values(), too_long(300)],
    ids=[*REFUSED_TEXT.keys(), "trop-long"],
)
def test_a_point_with_a_bad_title_is_refused(manager, a_seance, value):
    url = reverse(
        "seances:point_create",
        kwargs={"collectivite": SLUG, "seance_id": a_seance.pk},
    )
    post_refused(manager, url, {"title": value, "kind": AgendaItem.Kind.DELIBERATION})


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "loi"},
        {"rapporteur": "00000000-0000-0000-0000-000000000000"},
        {"rapporteur": "pas-un-identifiant"},
        {"parent": "../../etc/passwd"},
        {"agents": "1 OR 1=1"},
    ],
    ids=["nature", "rapporteur-inconnu", "rapporteur-illisible", "parent", "agents"],
)
def test_a_point_with_impossible_choices_is_refused(manager, a_seance, changes):
    url = reverse(
        "seances:point_create",
        kwargs={"collectivite": SLUG, "seance_id": a_seance.pk},
    )
    post_refused(
        manager,
        url,
        {"title": "Tarifs", "kind": AgendaItem.Kind.DELIBERATION, **changes},
    )


def test_a_rapporteur_of_another_collectivite_is_refused(manager, a_seance, personas):
    from collectivites.models import Membership

    stranger = Membership.objects.get(user=personas.outsider)
    url = reverse(
        "seances:point_create",
        kwargs={"collectivite": SLUG, "seance_id": a_seance.pk},
    )
    post_refused(
        manager,
        url,
        {
            "title": "Tarifs",
            "kind": AgendaItem.Kind.DELIBERATION,
            "rapporteur": str(stranger.pk),
        },
    )


@pytest.mark.parametrize(
    "value",
    [*REFUSED_TEXT.values(), too_long(10_000)],
    ids=[*REFUSED_TEXT.keys(), "trop-long"],
)
def test_a_comment_with_a_bad_text_is_refused(client, world, value):
    client.force_login(world.personas.secretaire)
    url = reverse(
        "discussions:new_thread",
        kwargs={"collectivite": SLUG, "document_id": world.finances_doc.pk},
    )
    post_refused(client, url, {"body": value})


@pytest.mark.parametrize(
    "data",
    [
        {"first_name": "é" * (6 * 1024 * 1024)},
        {f"champ{n}": "x" for n in range(1200)},
    ],
    ids=["texte-de-12-mo", "1200-champs"],
)
def test_a_form_far_too_big_gets_a_french_page_and_stores_nothing(manager, data):
    before = snapshot()
    response = manager.post(INVITE, invitation(**data))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Demande illisible" in page
    assert "rien n'a été enregistré" in page.replace("&#x27;", "'")
    assert changed(before, snapshot()) == {}
