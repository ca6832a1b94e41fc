"""The member import keeps to the seats of the council, as the single
invitation does (CGCT L2121-2)."""

import html

import pytest
from django.test import Client

from collectivites.models import Membership
from collectivites.tests.test_member_import_flow import CONFIRM, PREVIEW, upload
from domain.roles import Status
from quorum.testing import Personas

pytestmark = pytest.mark.django_db


def _list(count: int) -> bytes:
    lines = ["Prénom;Nom;Courriel;Fonction"] + [
        f"Élu{n};NOUVEAU;elu{n}@example.test;Conseiller municipal"
        for n in range(1, count + 1)
    ]
    return ("\n".join(lines) + "\n").encode()


def test_l2121_2_the_import_refuses_the_elus_beyond_the_seats_naming_the_lines(
    client: Client, personas: Personas
) -> None:
    commune = personas.commune
    sitting = Membership.objects.current().filter(
        collectivite=commune, status=Status.ELU
    )
    commune.council_seats = sitting.count() + 2
    commune.save(update_fields=["council_seats"])
    client.force_login(personas.secretaire)

    upload(client, _list(4))
    page = client.get(PREVIEW)
    text = html.unescape(page.content.decode())

    assert (page.context["ready_count"], page.context["faulty_count"]) == (2, 2)
    assert f"Le conseil compte {commune.council_seats} sièges (CGCT L2121-2)" in text
    assert "les lignes 4 et 5 en ajouteraient trop" in text

    client.post(CONFIRM, {"digest": page.context["confirm_form"]["digest"].value()})

    assert sitting.count() == commune.council_seats
    assert not Membership.objects.filter(
        user__email__in=["elu3@example.test", "elu4@example.test"]
    ).exists()


def test_l2121_2_an_import_within_the_seats_is_not_refused(
    client: Client, personas: Personas
) -> None:
    commune = personas.commune
    client.force_login(personas.secretaire)
    commune.council_seats = 30
    commune.save(update_fields=["council_seats"])

    upload(client, _list(4))

    assert client.get(PREVIEW).context["faulty_count"] == 0
