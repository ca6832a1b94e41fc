"""Choosing a new password by e-mail, from the login page."""

import html
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from quorum.testing import PASSWORD, Personas

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"http://\S+(/compte/nouveau-mot-de-passe/\S+/\S+/)")
NEW_PASSWORD = "une phrase facile à retenir"


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def ask_reset(client: Client, email: str) -> Any:
    return client.post(reverse("accounts:password_reset"), {"email": email})


def link_in(message: Any) -> str:
    found = RESET_LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def choose(client: Client, link: str, password: str = NEW_PASSWORD) -> Any:
    form = client.get(link)
    assert form.status_code == 302
    return client.post(
        form["Location"], {"new_password1": password, "new_password2": password}
    )


def test_the_login_page_offers_a_forgotten_password_link(client: Client, db: None):
    shown = page(client.get(reverse("accounts:login")))

    assert "Mot de passe oublié ?" in shown
    assert reverse("accounts:password_reset") in shown


def test_a_member_receives_a_link_and_chooses_a_new_password(
    client: Client, personas: Personas
):
    response = ask_reset(client, personas.conseiller.email.upper())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    [message] = mail.outbox
    assert message.to == [personas.conseiller.email]
    assert message.subject == "Quorum : choisissez un nouveau mot de passe"
    assert message.attachments == []
    assert "votre mot de passe actuel reste valable" in message.body

    done = choose(client, link_in(message))

    assert done.status_code == 302
    assert done["Location"] == reverse("web:home")
    home = client.get(done["Location"], follow=True)
    assert "Votre nouveau mot de passe est enregistré" in page(home)
    assert home.context["user"] == personas.conseiller
    personas.conseiller.refresh_from_db()
    assert personas.conseiller.check_password(NEW_PASSWORD)
    assert not personas.conseiller.check_password(PASSWORD)


def test_the_answer_does_not_tell_whether_an_address_has_an_account(
    client: Client, personas: Personas
):
    known = ask_reset(client, personas.conseiller.email)
    unknown = ask_reset(client, "personne@ailleurs.test")

    assert (known.status_code, known["Location"]) == (
        unknown.status_code,
        unknown["Location"],
    )
    assert [m.to for m in mail.outbox] == [[personas.conseiller.email]]
    shown = page(client.get(unknown["Location"]))
    assert "Si un compte Quorum correspond à cette adresse" in shown
    assert "personne@ailleurs.test" not in shown


def test_a_link_serves_once(client: Client, personas: Personas):
    ask_reset(client, personas.agent.email)
    link = link_in(mail.outbox[0])
    choose(client, link)
    client.logout()

    response = client.get(link)

    assert response.status_code == 200
    assert "Ce lien ne fonctionne plus" in page(response)


def test_a_link_expires(client: Client, personas: Personas, settings: Any):
    ask_reset(client, personas.agent.email)
    settings.PASSWORD_RESET_TIMEOUT = -1

    response = client.get(link_in(mail.outbox[0]))

    assert "Ce lien ne fonctionne plus" in page(response)


def test_two_different_passwords_are_refused_in_french(
    client: Client, personas: Personas
):
    ask_reset(client, personas.agent.email)

    form = client.get(link_in(mail.outbox[0]))
    response = client.post(
        form["Location"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "!"},
    )

    assert response.status_code == 200
    assert "Les deux mots de passe ne sont pas identiques." in page(response)
    personas.agent.refresh_from_db()
    assert personas.agent.check_password(PASSWORD)


def test_a_weak_password_is_refused(client: Client, personas: Personas):
    ask_reset(client, personas.agent.email)

    response = choose(client, link_in(mail.outbox[0]), password="12345678")

    assert response.status_code == 200
    assert "Ce mot de passe est trop court" in page(response)
    assert "Ce mot de passe est entièrement numérique" in page(response)
    personas.agent.refresh_from_db()
    assert personas.agent.check_password(PASSWORD)


def test_someone_invited_who_lost_the_invitation_gets_a_link_too(
    client: Client, personas: Personas
):
    personas.agent.set_unusable_password()
    personas.agent.save()

    ask_reset(client, personas.agent.email)
    choose(client, link_in(mail.outbox[0]))

    personas.agent.refresh_from_db()
    assert personas.agent.check_password(NEW_PASSWORD)


def test_a_disabled_account_gets_nothing(client: Client, personas: Personas):
    User.objects.filter(pk=personas.agent.pk).update(is_active=False)

    response = ask_reset(client, personas.agent.email)

    assert response.status_code == 302
    assert mail.outbox == []


def test_logging_out_is_a_post(client: Client, personas: Personas):
    client.force_login(personas.agent)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("web:home")).status_code == 302
