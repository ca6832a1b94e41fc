"""What the demo shows of the shared spaces: the budget of the Commission
des finances with its history, its discussion and a review asked of the
adjointe, and the real corpus in the secrétaire's private workspaces."""

import hashlib
import io
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import Settings

from accounts.models import User
from demo import data
from demo.discussions import BUDGET_TITLE
from discussions.models import Comment, Mention, Review
from documents.models import Document
from notifications.models import Notification
from quorum.testing import pass_second_step

pytestmark = pytest.mark.django_db

ADJOINTE = "adjointe.finances@example.org"
SECRETAIRE = "secretaire@example.org"


@pytest.fixture
def no_corpus(settings: Settings, tmp_path: Path) -> None:
    settings.QUORUM_CORPUS_DIR = tmp_path / "absent"


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def budget() -> Document:
    return Document.objects.get(
        collectivite__slug="saint-exemple",
        workspace__name="Commission des finances",
        title=BUDGET_TITLE,
    )


def logged_in(email: str) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": data.PASSWORD}
    )
    response = pass_second_step(client, response, email)
    assert response.status_code == 302, f"{email} cannot log in"
    return client


def test_the_finances_budget_has_three_versions_each_with_its_note(
    no_corpus: None,
) -> None:
    seed()

    versions = budget().versions.order_by("number")

    assert [v.number for v in versions] == [1, 2, 3]
    assert all(version.note for version in versions)
    assert budget().current_version == versions.last()


def test_the_finances_budget_is_discussed_and_the_adjointe_is_mentioned(
    no_corpus: None,
) -> None:
    seed()
    adjointe = User.objects.get(email=ADJOINTE)

    comments = Comment.objects.filter(thread__document=budget())

    assert comments.count() == 3
    assert comments.values("thread").distinct().count() == 2
    assert {c.author.email for c in comments} >= {SECRETAIRE, ADJOINTE}
    assert Mention.objects.filter(comment__in=comments, user=adjointe).exists()
    assert Notification.objects.filter(
        recipient=adjointe, kind=Notification.Kind.MENTION, document=budget()
    ).exists()


def test_a_review_of_the_current_budget_awaits_the_adjointe(no_corpus: None) -> None:
    seed()

    review = Review.objects.get(request__document=budget())

    assert review.reviewer.email == ADJOINTE
    assert review.is_pending
    assert review.request.requested_by.email == SECRETAIRE
    assert review.request.version == budget().current_version
    assert review.request.due_on > timezone.localdate()


def test_the_adjointe_finds_her_review_and_her_mention_on_logging_in(
    no_corpus: None,
) -> None:
    seed()
    client = logged_in(ADJOINTE)
    slug = "saint-exemple"

    dashboard = client.get(reverse("web:dashboard", kwargs={"collectivite": slug}))
    notifications = client.get(
        reverse("notifications:list", kwargs={"collectivite": slug})
    )
    page = client.get(budget().get_absolute_url())

    assert BUDGET_TITLE in dashboard.content.decode()
    assert "non lue" in dashboard.content.decode()
    assert f"vous a mentionné(e) à propos de « {BUDGET_TITLE} »" in (
        notifications.content.decode()
    )
    assert "Donner mon avis" in page.content.decode()
    assert "version 3" in page.content.decode()


def test_every_corpus_file_comes_in_byte_for_byte_under_its_readable_name(
    corpus_dir: Path,
) -> None:
    seed()

    files = [path for path in corpus_dir.rglob("*") if path.is_file()]
    expected = Counter(
        (
            unicodedata.normalize("NFC", path.name),
            hashlib.sha256(path.read_bytes()).hexdigest(),
        )
        for path in files
    )
    imported = Document.objects.filter(
        collectivite__slug="saint-exemple",
        workspace__name__in=[data.ARCHIVES, data.TEST_FILES],
    ).select_related("current_version")
    found = Counter(
        (d.current_version.filename, d.current_version.blob_id) for d in imported
    )
    assert found == expected
    flaux = imported.filter(workspace__name=data.ARCHIVES, folder="fr-flaux-gard")
    assert flaux.count() == len(list((corpus_dir / "fr-flaux-gard").iterdir()))


def test_the_corpus_is_seen_by_the_secretaire_and_not_by_the_adjointe(
    corpus_dir: Path,
) -> None:
    seed()
    archives = Document.objects.get(
        workspace__name=data.ARCHIVES, title="PV du 16 décembre 2022"
    )

    seen = logged_in(SECRETAIRE).get(archives.get_absolute_url())
    hidden = logged_in(ADJOINTE).get(archives.get_absolute_url())

    assert seen.status_code == 200
    assert "PV du 16 décembre 2022" in seen.content.decode()
    assert hidden.status_code == 404
