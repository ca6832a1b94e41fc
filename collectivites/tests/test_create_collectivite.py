"""manage.py create_collectivite: the first collectivité of an installation
and its first administrator, invited by e-mail (docs/deploiement.md)."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from collectivites.models import Collectivite, Membership
from journal.models import JournalEntry
from journal.services import verify

pytestmark = pytest.mark.django_db


def _create(*extra: str) -> None:
    call_command(
        "create_collectivite",
        "Commune de Saint-Yan",
        "--insee",
        "71482",
        "--population",
        "1050",
        "--admin-email",
        "Secretariat@Saint-Yan.TEST",
        "--admin-prenom",
        "Claire",
        "--admin-nom",
        "Martin",
        *extra,
    )


def test_it_creates_the_collectivite_and_invites_its_administrator():
    _create()

    commune = Collectivite.objects.get(slug="commune-de-saint-yan")
    assert (commune.insee_code, commune.population_municipale) == ("71482", 1050)
    membership = Membership.objects.get(collectivite=commune)
    assert membership.role == "secretaire"
    assert membership.is_admin
    assert membership.user.email == "secretariat@saint-yan.test"
    assert not membership.user.has_usable_password()
    (invitation,) = mail.outbox
    assert invitation.to == ["secretariat@saint-yan.test"]
    assert "mot de passe" in invitation.body
    actions = set(
        JournalEntry.objects.filter(collectivite=commune).values_list(
            "action", flat=True
        )
    )
    assert {"collectivite.created", "membership.invitation_sent"} <= actions
    assert verify() == []


def test_a_slug_already_taken_is_refused_and_nothing_is_sent():
    _create()
    mail.outbox.clear()

    with pytest.raises(CommandError, match="déjà l'identifiant"):
        _create("--admin-email", "autre@saint-yan.test")

    assert Collectivite.objects.count() == 1
    assert mail.outbox == []


def test_the_maire_may_be_the_first_administrator():
    _create("--slug", "saint-yan", "--admin-role", "maire")

    assert Membership.objects.get(collectivite__slug="saint-yan").role == "maire"
