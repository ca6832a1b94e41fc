"""The second factor: asked after the password, required of the people who
run a commune, offered to everyone."""

import html
import re
from typing import Any

import pyotp
import pytest
from django.test import Client
from django.urls import reverse

from accounts import two_factor
from accounts.login_flow import AUTH_AT
from accounts.models import RecoveryCode, TotpDevice
from journal.models import JournalEntry
from quorum.testing import (
    PASSWORD,
    Personas,
    enrol_second_factor,
    second_factor_code,
)

pytestmark = pytest.mark.django_db

CODES = re.compile(r"<code>([a-z0-9]{4}(?:-[a-z0-9]{4}){3})</code>")


def page(response: Any) -> str:
    return html.unescape(response.content.decode())


def log_in(client: Client, email: str) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": email, "password": PASSWORD}
    )


def logged_in_as(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def test_the_maire_gives_a_code_after_the_password(client: Client, personas: Personas):
    response = log_in(client, personas.maire.email)

    assert response["Location"] == reverse("accounts:two_factor")
    assert logged_in_as(client) is None
    assert client.get(reverse("web:home")).status_code == 302

    done = client.post(
        reverse("accounts:two_factor"), {"code": second_factor_code(personas.maire)}
    )

    assert done["Location"] == reverse("web:home")
    assert logged_in_as(client) == str(personas.maire.pk)


def test_a_wrong_code_is_refused_in_french_and_nobody_logs_in(
    client: Client, personas: Personas
):
    log_in(client, personas.maire.email)

    response = client.post(reverse("accounts:two_factor"), {"code": "000000"})

    assert response.status_code == 200
    assert "Ce code ne convient pas" in page(response)
    assert logged_in_as(client) is None


def test_a_code_serves_only_once(client: Client, personas: Personas):
    code = second_factor_code(personas.maire)
    log_in(client, personas.maire.email)
    client.post(reverse("accounts:two_factor"), {"code": code})
    other = Client()
    log_in(other, personas.maire.email)

    response = other.post(reverse("accounts:two_factor"), {"code": code})

    assert "Ce code ne convient pas" in page(response)
    assert other.session.get("_auth_user_id") is None


def test_a_recovery_code_logs_in_once(client: Client, personas: Personas):
    [code, *_] = two_factor.new_recovery_codes(personas.maire)
    log_in(client, personas.maire.email)

    done = client.post(reverse("accounts:two_factor"), {"code": code.upper()})

    assert done.status_code == 302
    assert logged_in_as(client) == str(personas.maire.pk)
    again = Client()
    log_in(again, personas.maire.email)
    refused = again.post(reverse("accounts:two_factor"), {"code": code})
    assert "Ce code ne convient pas" in page(refused)


def test_the_second_step_needs_the_first(client: Client, personas: Personas):
    response = client.post(
        reverse("accounts:two_factor"), {"code": second_factor_code(personas.maire)}
    )

    assert response["Location"] == reverse("accounts:login")
    assert logged_in_as(client) is None


def test_a_conseiller_without_second_factor_logs_in_with_the_password(
    client: Client, personas: Personas
):
    response = log_in(client, personas.conseiller.email)

    assert response["Location"] == reverse("web:home")
    assert logged_in_as(client) == str(personas.conseiller.pk)


def test_a_secretaire_not_enrolled_sets_it_up_before_anything_else(
    client: Client, personas: Personas
):
    TotpDevice.objects.filter(user=personas.secretaire).delete()

    response = log_in(client, personas.secretaire.email)

    assert response["Location"] == reverse("accounts:two_factor_setup")
    dashboard = reverse("web:dashboard", args=["saint-test"])
    assert client.get(dashboard)["Location"] == reverse("accounts:two_factor_setup")
    setup = client.get(reverse("accounts:two_factor_setup"))
    assert "Votre rôle dans la commune demande" in page(setup)

    secret = client.session["accounts_enrol_secret"]
    done = client.post(
        reverse("accounts:two_factor_setup"), {"code": pyotp.TOTP(secret).now()}
    )

    assert "La double authentification est activée" in page(done)
    assert len(CODES.findall(page(done))) == 10
    assert client.get(dashboard).status_code == 200
    assert TotpDevice.objects.get(user=personas.secretaire).secret == secret


def test_force_login_is_not_asked_for_a_second_factor(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)

    assert client.get(reverse("web:dashboard", args=["saint-test"])).status_code == 200


def test_anyone_may_enable_it_with_a_qr_code_and_gets_recovery_codes(
    client: Client, personas: Personas
):
    client.force_login(personas.conseiller)

    setup = client.get(reverse("accounts:two_factor_setup"))

    assert setup.status_code == 200
    assert 'src="data:image/svg+xml' in setup.content.decode()
    assert "style=" not in setup.content.decode()
    assert not TotpDevice.objects.filter(user=personas.conseiller).exists()
    secret = client.session["accounts_enrol_secret"]
    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "123"})
    assert "Ce code ne correspond pas" in page(wrong)
    assert not TotpDevice.objects.filter(user=personas.conseiller).exists()

    done = client.post(
        reverse("accounts:two_factor_setup"), {"code": pyotp.TOTP(secret).now()}
    )

    codes = CODES.findall(page(done))
    assert len(set(codes)) == 10
    stored = RecoveryCode.objects.filter(user=personas.conseiller)
    assert stored.count() == 10
    assert not any(code in {r.code_hash for r in stored} for code in codes)
    entry = JournalEntry.objects.get(action="account.two_factor_enabled")
    assert (entry.actor, entry.collectivite) == (personas.conseiller, personas.commune)
    client.logout()
    assert log_in(client, personas.conseiller.email)["Location"] == reverse(
        "accounts:two_factor"
    )


def test_removing_it_asks_for_the_password(client: Client, personas: Personas):
    enrol_second_factor(personas.conseiller)
    client.force_login(personas.conseiller)

    wrong = client.post(
        reverse("accounts:two_factor_disable"), {"password": "pas le bon"}
    )
    assert "Ce mot de passe n'est pas le bon" in page(wrong)
    assert TotpDevice.objects.filter(user=personas.conseiller).exists()

    done = client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})

    assert done["Location"] == reverse("accounts:security")
    assert not TotpDevice.objects.filter(user=personas.conseiller).exists()
    assert JournalEntry.objects.filter(
        action="account.two_factor_disabled", actor=personas.conseiller
    ).exists()


def test_the_maire_who_removes_it_must_set_up_a_new_one(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)

    done = client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})

    assert done["Location"] == reverse("accounts:two_factor_setup")
    assert client.get(reverse("web:home"))["Location"] == reverse(
        "accounts:two_factor_setup"
    )


def test_changing_the_second_factor_asks_for_the_password_after_ten_minutes(
    client: Client, personas: Personas
):
    client.force_login(personas.maire)
    session = client.session
    session[AUTH_AT] -= 11 * 60
    session.save()

    response = client.get(reverse("accounts:two_factor_disable"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:reauth"))


def test_new_recovery_codes_replace_the_old_ones(client: Client, personas: Personas):
    [old, *_] = two_factor.new_recovery_codes(personas.maire)
    client.force_login(personas.maire)

    response = client.post(reverse("accounts:recovery_codes_renew"))

    assert len(CODES.findall(page(response))) == 10
    assert not two_factor.use_recovery_code(personas.maire, old)
    assert "Il vous reste 10 codes de secours" in page(
        client.get(reverse("accounts:security"))
    )


def test_the_demo_shows_the_code_of_its_published_secret_only(
    client: Client, personas: Personas, settings: Any
):
    TotpDevice.objects.filter(user=personas.maire).update(secret=two_factor.DEMO_SECRET)
    log_in(client, personas.maire.email)
    shown = page(client.get(reverse("accounts:two_factor")))
    assert "Compte de démonstration" in shown
    code = re.search(r"le code du moment est <strong>(\d{6})</strong>", shown)
    assert code is not None
    assert client.post(reverse("accounts:two_factor"), {"code": code.group(1)})[
        "Location"
    ] == reverse("web:home")

    other = Client()
    log_in(other, personas.secretaire.email)
    assert "Compte de démonstration" not in page(
        other.get(reverse("accounts:two_factor"))
    )

    settings.PRODUCTION = True
    third = Client()
    log_in(third, personas.maire.email)
    assert "Compte de démonstration" not in page(
        third.get(reverse("accounts:two_factor"))
    )


def test_a_new_password_by_e_mail_does_not_skip_the_second_step(
    client: Client, personas: Personas
):
    from django.core import mail

    client.post(reverse("accounts:password_reset"), {"email": personas.maire.email})
    link = re.search(
        r"http://\S+(/compte/nouveau-mot-de-passe/\S+/\S+/)", mail.outbox[0].body
    )
    assert link is not None
    form = client.get(link.group(1))
    new = "une phrase facile à retenir"
    done = client.post(form["Location"], {"new_password1": new, "new_password2": new})

    assert done["Location"] == reverse("accounts:two_factor")
    assert logged_in_as(client) is None


def test_the_security_page_tells_the_state_in_few_queries(
    client: Client, personas: Personas, django_assert_max_num_queries: Any
):
    two_factor.new_recovery_codes(personas.maire)
    client.force_login(personas.maire)

    with django_assert_max_num_queries(9):
        response = client.get(reverse("accounts:security"))

    shown = page(response)
    assert "Activée le" in shown
    assert "Il vous reste 10 codes de secours" in shown
    assert "Changer d'application" in shown
