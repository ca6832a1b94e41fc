"""A login link by e-mail: single use, fifteen minutes, and the answer never
tells whether an address has an account."""

import html
import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import LoginLink, User
from journal.models import JournalEntry
from quorum.testing import Personas, second_factor_code

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\S+(/compte/lien-de-connexion/[^/\s]+/)")


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def ask(client: Client, email: str) -> Any:
    return client.post(reverse("accounts:login_link_request"), {"email": email})


def link_in(message: Any) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def test_the_login_page_offers_a_login_link(client: Client, db: None):
    shown = page(client.get(reverse("accounts:login")))

    assert "Recevoir un lien de connexion" in shown
    assert reverse("accounts:login_link_request") in shown


def test_an_elu_receives_a_link_and_logs_in_with_it(client: Client, personas: Personas):
    response = ask(client, personas.conseiller.email.upper())

    assert response["Location"] == reverse("accounts:login_link_sent")
    [message] = mail.outbox
    assert message.to == [personas.conseiller.email]
    assert (
        message.subject
        == "Quorum : votre lien de connexion — à ouvrir dans les 15 minutes"
    )
    assert "valable 15 minutes" in message.body
    link = link_in(message)

    opened = client.get(link)
    assert opened.status_code == 200
    assert "Me connecter" in page(opened)
    assert "_auth_user_id" not in client.session
    assert LoginLink.objects.get().used_at is None

    done = client.post(link)

    assert done["Location"] == reverse("web:home")
    assert client.session["_auth_user_id"] == str(personas.conseiller.pk)
    entry = JournalEntry.objects.get(action="account.login_link_used")
    assert (entry.actor, entry.collectivite) == (personas.conseiller, personas.commune)


def test_the_answer_does_not_tell_whether_an_address_has_an_account(
    client: Client, personas: Personas
):
    known = ask(client, personas.conseiller.email)
    unknown = ask(client, "personne@ailleurs.test")

    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [[personas.conseiller.email]]
    shown = page(client.get(unknown["Location"]))
    assert "Si un compte Quorum correspond à cette adresse" in shown


def test_a_link_serves_once(client: Client, personas: Personas):
    ask(client, personas.conseiller.email)
    link = link_in(mail.outbox[0])
    client.post(link)
    client.logout()

    again = client.post(link)

    assert again.status_code == 410
    assert "Ce lien de connexion ne fonctionne plus" in page(again)
    assert "_auth_user_id" not in client.session
    assert client.get(link).status_code == 410


def test_a_link_expires_after_fifteen_minutes(client: Client, personas: Personas):
    ask(client, personas.conseiller.email)
    LoginLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(link_in(mail.outbox[0]))

    assert response.status_code == 410
    assert "_auth_user_id" not in client.session


def test_a_signature_older_than_the_delay_is_refused(
    client: Client, personas: Personas, settings: Any
):
    ask(client, personas.conseiller.email)
    settings.QUORUM_LOGIN_LINK_MINUTES = -1

    assert client.post(link_in(mail.outbox[0])).status_code == 410


def test_a_forged_link_leads_nowhere(client: Client, personas: Personas):
    ask(client, personas.conseiller.email)
    link = link_in(mail.outbox[0])
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]

    assert client.post(forged).status_code == 410


def test_a_disabled_account_cannot_use_its_link(client: Client, personas: Personas):
    ask(client, personas.conseiller.email)
    User.objects.filter(pk=personas.conseiller.pk).update(is_active=False)

    assert client.post(link_in(mail.outbox[0])).status_code == 410


def test_the_maire_still_gives_her_second_factor(client: Client, personas: Personas):
    ask(client, personas.maire.email)

    response = client.post(link_in(mail.outbox[0]))

    assert response["Location"] == reverse("accounts:two_factor")
    assert "_auth_user_id" not in client.session
    done = client.post(
        reverse("accounts:two_factor"), {"code": second_factor_code(personas.maire)}
    )
    assert client.session["_auth_user_id"] == str(personas.maire.pk)
    assert done.status_code == 302
