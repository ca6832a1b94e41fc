"""Fewer e-mails: the daily summary by default, the maire's weekly summary of
the commune's activity, and subjects that say what each e-mail is about and
what is expected of its reader."""

from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification, NotificationPreference
from notifications.services import notify, set_email_mode
from notifications.tasks import (
    queue_daily_digests,
    queue_grouped_emails,
    queue_weekly_summaries,
)
from notifications.weekly import send_weekly_summary
from quorum.testing import World
from scheduling.jobs import PARIS, Weekly
from seances.services import create_seance


def _mention(world: World, user: object) -> None:
    notify(
        Notification.Kind.MENTION,
        recipients=[user],
        document=world.finances_doc,
        actor=world.personas.secretaire,
    )


def test_by_default_notifications_wait_for_the_daily_summary(world: World) -> None:
    _mention(world, world.personas.adjointe)

    queue_grouped_emails(timezone.now() + timedelta(hours=2))
    assert mail.outbox == []
    queue_daily_digests()

    (digest,) = mail.outbox
    assert digest.to == [world.personas.adjointe.email]
    assert digest.subject.startswith("Votre résumé du jour (Saint-Test)")


def test_the_maire_chooses_a_weekly_summary_instead_of_individual_messages(
    client: Client, world: World
) -> None:
    p = world.personas
    client.force_login(p.maire)
    url = reverse("notifications:preferences", kwargs={"collectivite": world.slug})

    chosen = client.post(url, {"email_mode": "weekly"})

    assert chosen.status_code == 302
    create_seance(
        collectivite=world.commune,
        by=p.secretaire,
        starts_at=timezone.now() + timedelta(days=5),
        place="Salle du conseil",
        kind="ordinaire",
    )
    _mention(world, p.maire)
    queue_grouped_emails(timezone.now() + timedelta(hours=2))
    queue_daily_digests()
    assert mail.outbox == []

    assert queue_weekly_summaries() == 1
    assert queue_weekly_summaries() == 1  # queued again, sent once

    (summary,) = mail.outbox
    assert summary.to == [p.maire.email]
    assert summary.subject == (
        "Résumé de la semaine de Saint-Test — pour information, rien à faire"
    )
    assert "1 séance(s) créée(s)" in summary.body
    assert "convocation pas encore envoyée" in summary.body
    assert "vous a mentionné(e)" in summary.body
    assert not Notification.objects.filter(
        recipient=p.maire, emailed_at__isnull=True
    ).exists()


def test_the_weekly_summary_leaves_again_the_next_week(world: World) -> None:
    membership = world.memberships["maire"]
    set_email_mode(membership, "weekly")
    now = timezone.now()

    assert send_weekly_summary(membership.pk, now) is True
    assert send_weekly_summary(membership.pk, now + timedelta(days=2)) is False
    assert send_weekly_summary(membership.pk, now + timedelta(days=7)) is True
    assert len(mail.outbox) == 2


def test_only_the_maire_is_offered_the_weekly_summary(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.conseiller)
    url = reverse("notifications:preferences", kwargs={"collectivite": world.slug})

    refused = client.post(url, {"email_mode": "weekly"})

    assert refused.status_code == 200
    assert "weekly" not in client.get(url).content.decode()
    assert not NotificationPreference.objects.filter(
        membership=world.memberships["conseiller"]
    ).exists()


@pytest.mark.parametrize(
    ("local", "due"),
    [
        ("2027-01-18 07:00", True),  # a Monday, at the hour
        ("2027-01-18 06:59", False),
        ("2027-01-19 07:00", False),  # Tuesday: next week
    ],
)
def test_the_weekly_summary_leaves_on_monday_morning(local: str, due: bool) -> None:
    now = datetime.fromisoformat(local).replace(tzinfo=PARIS)

    assert Weekly(0, 7).is_due(None, now) is due
    assert Weekly(0, 7).is_due(now - timedelta(days=7), now) is due
    assert Weekly(0, 7).is_due(now - timedelta(hours=1), now) is False


# Each e-mail's subject: what it is about, then, after the dash, what is
# expected of the reader.
_SEANCE = SimpleNamespace(title="Conseil municipal")
_CITY = SimpleNamespace(name="Saint-Test")
SUBJECTS = {
    "convocations/emails/convocation": (
        {"seance": _SEANCE, "when": "lundi 18 janvier à 20 h"},
        "Convocation : Conseil municipal du lundi 18 janvier à 20 h",
        "merci d'en accuser réception",
    ),
    "convocations/emails/reminder": (
        {"seance": _SEANCE, "when": "lundi 18 janvier à 20 h"},
        "Rappel : Conseil municipal",
        "ouvrez votre convocation et accusez-en réception",
    ),
    "convocations/emails/change_notice": (
        {"seance": _SEANCE, "when": "lundi 18 janvier à 20 h"},
        "Modification du dossier : Conseil municipal",
        "à relire avant la séance, rien à renvoyer",
    ),
    "notifications/emails/grouped": (
        {"about": SimpleNamespace(title="Budget"), "asks_review": True},
        "Relecture demandée : « Budget »",
        "votre avis est attendu",
    ),
    "notifications/emails/digest": (
        {"collectivite": _CITY, "notifications": [1, 2]},
        "Votre résumé du jour (Saint-Test)",
        "2 nouveautés à lire, rien d'urgent",
    ),
    "notifications/emails/weekly": (
        {"collectivite": _CITY},
        "Résumé de la semaine de Saint-Test",
        "pour information, rien à faire",
    ),
    "accounts/emails/invitation": (
        {"collectivite": _CITY},
        "Saint-Test : ",
        "choisissez votre mot de passe",
    ),
    "accounts/emails/added": (
        {"collectivite": _CITY},
        "Saint-Test : vous avez maintenant accès à Quorum",
        "connectez-vous quand vous voulez",
    ),
    "accounts/emails/login_link": (
        {"minutes": 15},
        "Quorum : votre lien de connexion",
        "à ouvrir dans les 15 minutes",
    ),
    "accounts/emails/password_reset": (
        {},
        "Quorum : ",
        "choisissez un nouveau mot de passe",
    ),
}


@pytest.mark.parametrize("template", sorted(SUBJECTS))
def test_each_subject_says_what_it_is_about_and_what_is_expected(
    template: str,
) -> None:
    context, about, expected = SUBJECTS[template]

    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())

    assert subject.startswith(about)
    assert expected in subject
    assert len(subject) <= 140


def test_the_grouped_subject_says_when_there_is_nothing_to_do() -> None:
    context = {"about": SimpleNamespace(title="Budget"), "asks_review": False}

    subject = render_to_string("notifications/emails/grouped_subject.txt", context)

    assert "pour information" in subject


def test_every_email_subject_of_quorum_is_reviewed_above() -> None:
    found = set()
    for config in apps.get_app_configs():
        root = Path(config.path) / "templates"
        ours = Path(settings.BASE_DIR) in root.parents
        if not root.is_dir() or not ours or "site-packages" in root.parts:
            continue
        for path in root.rglob("*_subject.txt"):
            name = str(path.relative_to(root).with_suffix(""))
            found.add(name.removesuffix("_subject"))

    assert found == set(SUBJECTS)
