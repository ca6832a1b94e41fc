"""A member's function is written agreed with the person (« la 1re
adjointe au maire »), on the pages and in the e-mails about that person;
a person whose civility nobody gave keeps the epicene wording."""

import html

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from collectivites.models import Membership
from journal.models import JournalEntry
from quorum.testing import Personas

pytestmark = pytest.mark.django_db


def invitation(**changes: str) -> dict[str, str]:
    return {
        "email": "emilie.andre@example.test",
        "civility": "madame",
        "first_name": "Émilie",
        "last_name": "André",
        "status": "elu",
        "role": "adjoint",
        "delegation": "écoles",
        "rank": "2",
        "function": "",
        "started_on": "2026-03-23",
        "ended_on": "",
        **changes,
    }


def text(response) -> str:
    return html.unescape(response.content.decode())


def member_page(client: Client, membership: Membership, name: str = "member") -> str:
    url = reverse(
        f"collectivites:{name}",
        kwargs={"collectivite": "saint-test", "membership_id": membership.id},
    )
    return url


def test_the_invitation_and_the_member_page_agree_with_a_woman(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.maire)

    client.post(
        reverse("collectivites:member_invite", args=["saint-test"]), invitation()
    )

    membership = Membership.objects.get(user__email="emilie.andre@example.test")
    assert membership.user.civility == "madame"
    [message] = mail.outbox
    assert "comme 1re adjointe au maire (écoles)" in message.body
    page = text(client.get(member_page(client, membership)))
    assert "1re adjointe au maire" in page
    assert "Adjoint(e)" not in page


def test_a_man_is_the_1er_adjoint_and_nobody_known_keeps_the_epicene_words(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.maire)
    invite = reverse("collectivites:member_invite", args=["saint-test"])

    client.post(invite, invitation(civility="monsieur", first_name="Alain"))
    client.post(
        invite,
        invitation(
            civility="",
            email="camille.noel@example.test",
            role="conseiller",
            rank="9",
            delegation="",
        ),
    )

    bodies = [message.body for message in mail.outbox]
    assert "comme 1er adjoint au maire (écoles)" in bodies[0]
    assert "comme conseiller(ère) municipal(e)" in bodies[1]


def test_the_civility_is_changed_with_the_role_and_journaled(
    client: Client, personas: Personas
) -> None:
    membership = Membership.objects.get(
        user=personas.conseiller, collectivite=personas.commune
    )
    client.force_login(personas.maire)

    response = client.post(
        member_page(client, membership, "member_edit"),
        {"civility": "madame", "status": "elu", "role": "conseiller"},
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.user.civility == "madame"
    entry = JournalEntry.objects.get(action="membership.changed")
    assert entry.data["changes"] == {"civility": ["", "madame"]}
    assert "Conseillère municipale" in text(client.get(response["Location"]))


def test_the_pages_elide_before_a_vowel(client: Client, personas: Personas) -> None:
    client.force_login(personas.maire)
    client.post(
        reverse("collectivites:member_invite", args=["saint-test"]), invitation()
    )
    membership = Membership.objects.get(user__email="emilie.andre@example.test")

    page = text(client.get(member_page(client, membership, "member_edit")))

    assert "Modifier le rôle d'Émilie André" in page
    assert "de Émilie" not in page
