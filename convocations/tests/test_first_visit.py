"""An élu's first visit from the convocation e-mail leads to the dossier
without a password to invent; later visits go through a login, or a login
link that lands on the same dossier."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.login_links import make_login_link
from convocations.models import Delivery
from convocations.services import send_convocation
from journal.models import JournalEntry
from quorum.testing import World
from seances.models import Seance


def _delivery(world: World, persona: str) -> Delivery:
    return Delivery.objects.get(recipient=world.memberships[persona])


def _dossier(seance: Seance) -> str:
    return reverse(
        "convocations:my_dossier",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )


def _open(client: Client, delivery: Delivery) -> object:
    return client.post(reverse("convocations:open", kwargs={"token": delivery.token}))


def _without_password(world: World, persona: str) -> None:
    user = world.memberships[persona].user
    user.set_unusable_password()
    user.save()


def test_a_councillor_without_password_lands_on_the_dossier_at_the_first_click(
    client: Client, world: World, seance: Seance
) -> None:
    _without_password(world, "conseiller")
    send_convocation(seance, by=world.personas.secretaire)
    delivery = _delivery(world, "conseiller")

    opened = _open(client, delivery)

    assert opened["Location"] == _dossier(seance)
    page = client.get(opened["Location"])
    assert page.status_code == 200
    assert "Tarifs de la cantine scolaire" in page.content.decode()
    assert "choisissez un mot de passe" in page.content.decode()
    assert JournalEntry.objects.filter(action="delivery.first_visit_login").count() == 1


def test_the_link_logs_in_only_once(
    client: Client, world: World, seance: Seance
) -> None:
    _without_password(world, "conseiller")
    send_convocation(seance, by=world.personas.secretaire)
    delivery = _delivery(world, "conseiller")
    _open(client, delivery)
    client.logout()

    again = _open(client, delivery)

    assert again["Location"].startswith(reverse("accounts:login"))
    assert client.get(_dossier(seance)).status_code == 302


def test_someone_with_a_password_is_asked_to_log_in_then_reaches_the_dossier(
    client: Client, world: World, seance: Seance
) -> None:
    send_convocation(seance, by=world.personas.secretaire)

    opened = _open(client, _delivery(world, "conseiller"))

    assert opened["Location"].startswith(reverse("accounts:login"))
    assert client.get(_dossier(seance)).status_code == 302


def test_a_former_member_without_password_is_not_logged_in(
    client: Client, world: World, seance: Seance
) -> None:
    _without_password(world, "conseiller")
    send_convocation(seance, by=world.personas.secretaire)
    delivery = _delivery(world, "conseiller")
    member = world.memberships["conseiller"]
    member.ended_on = member.started_on
    member.save()

    opened = _open(client, delivery)

    assert opened["Location"].startswith(reverse("accounts:login"))


def test_a_login_link_asked_from_the_convocation_lands_on_the_dossier(
    client: Client, world: World, seance: Seance
) -> None:
    send_convocation(seance, by=world.personas.secretaire)
    delivery = _delivery(world, "conseiller")
    mail.outbox.clear()

    asked = client.post(
        reverse("convocations:login_link", kwargs={"token": delivery.token})
    )

    assert asked["Location"] == reverse("accounts:login_link_sent")
    (message,) = mail.outbox
    assert message.to == [world.personas.conseiller.email]
    link = re.search(r"https?://\S+", message.body)
    assert link is not None
    path = "/" + link.group(0).split("/", 3)[3]
    logged = client.post(path)
    assert logged["Location"] == _dossier(seance)
    assert client.get(_dossier(seance)).status_code == 200


def test_a_login_link_never_lands_on_another_site(client: Client, world: World) -> None:
    token = make_login_link(world.personas.conseiller)
    url = reverse("accounts:login_link", kwargs={"token": token})

    logged = client.post(f"{url}?next=https://example.org/")

    assert logged["Location"] == reverse("web:home")


def test_a_password_can_be_chosen_afterwards(
    client: Client, world: World, seance: Seance
) -> None:
    _without_password(world, "conseiller")
    send_convocation(seance, by=world.personas.secretaire)
    _open(client, _delivery(world, "conseiller"))

    page = client.get(reverse("accounts:password_set"))
    assert "Choisir un mot de passe" in page.content.decode()
    chosen = client.post(
        reverse("accounts:password_set"),
        {
            "new_password1": "une phrase facile à retenir",
            "new_password2": "une phrase facile à retenir",
        },
    )

    assert chosen["Location"] == reverse("accounts:security")
    user = world.memberships["conseiller"].user
    user.refresh_from_db()
    assert user.check_password("une phrase facile à retenir")
    assert client.get(_dossier(seance)).status_code == 200
