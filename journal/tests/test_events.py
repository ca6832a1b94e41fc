"""Every legally meaningful event of a council lands in the journal, with
French words for its managers; reading a point à huis clos too."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collectivites.models import Membership
from collectivites.services import change_membership, end_membership
from convocations.services import acknowledge, record_opening
from domain.roles import Role
from journal.labels import ACTION_LABELS
from journal.models import JournalEntry
from journal.services import verify
from proceedings.services import close_seance
from proceedings.tests.helpers import held, make_council, opened
from proceedings.voting import record_open_vote

pytestmark = pytest.mark.django_db

HUIS_CLOS = "Acquisition amiable d'un bien"


def actions(council) -> list[str]:  # noqa: ANN001
    return list(
        JournalEntry.objects.filter(collectivite=council.collectivite)
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_council_cycle_leaves_every_legal_event_in_the_journal():
    """Convocation sent, opened, acknowledged (CGCT L2121-10); séance
    opened and closed; vote recorded and corrected (L2121-20); roles
    changed and mandates ended."""
    council = make_council(5)
    member = council.members[4]
    delivery = council.delivery(member)
    record_opening(delivery, by=member.user)
    acknowledge(delivery, by=member.user)
    sitting = held(council, present=council.members[:4])
    item = opened(council, council.items[0])
    record_open_vote(item, by=council.secretaire)
    record_open_vote(
        item,
        by=council.secretaire,
        exceptions={council.members[3].pk: "contre"},
        reason="Erreur de saisie.",
    )
    close_seance(sitting, by=council.secretaire)
    change_membership(council.members[3], by=council.secretaire, role=Role.ADJOINT)
    end_membership(
        council.members[4],
        by=council.secretaire,
        ended_on=timezone.localdate() + timedelta(days=1),
        reason="démission",
    )

    done = actions(council)
    for action in (
        "convocation.sent",
        "delivery.accepted",
        "delivery.opened",
        "delivery.acknowledged",
        "seance.opened",
        "point.opened",
        "vote.recorded",
        "vote.corrected",
        "seance.closed",
        "membership.changed",
        "membership.ended",
    ):
        assert action in done, action
    assert set(done) <= set(ACTION_LABELS), set(done) - set(ACTION_LABELS)
    assert verify() == []


# Actions are written as literals given to the journal: to ``record(`` or
# to a helper that calls it (``_record_step``, ``record_outcome``…), or
# built from a family and an outcome ("delivery.{outcome}").
RECORDED = re.compile(
    r"(?:record\w*|_journal|_record_step)\(\s*[\"']([a-z_]+\.[a-z_]+)[\"']"
)
# Dotted names that are modules or files, not actions.
NOT_ACTIONS = {"urls", "json", "csv", "html", "txt", "py", "views", "models"}
LITERAL = re.compile(r"[\"']([a-z_]+\.[a-z_]+)[\"']")


def test_every_action_written_in_the_code_has_french_words():
    families = {action.split(".")[0] for action in ACTION_LABELS}
    base = Path(settings.BASE_DIR)
    missing = set()
    for path in base.glob("*/**/*.py"):
        if {".venv", "tests", "migrations"} & set(path.parts):
            continue
        text = path.read_text()
        found = set(RECORDED.findall(text)) | {
            name
            for name in LITERAL.findall(text)
            if name.split(".")[0] in families and name.split(".")[1] not in NOT_ACTIONS
        }
        missing |= {
            f"{name} ({path.relative_to(base)})" for name in found - set(ACTION_LABELS)
        }
    assert missing == set()


@pytest.fixture
def closed_council():  # noqa: ANN201
    return make_council(5, titles=("Tarifs", HUIS_CLOS), huis_clos=(HUIS_CLOS,))


def reads(council) -> list[JournalEntry]:  # noqa: ANN001
    return list(
        JournalEntry.objects.filter(
            collectivite=council.collectivite, action="point.huis_clos_read"
        ).order_by("id")
    )


def test_l2121_18_reading_a_point_a_huis_clos_is_journaled(
    client: Client, closed_council
):
    council = closed_council
    reader = council.members[4]
    item = council.items[1]
    client.force_login(reader.user)
    url = reverse(
        "seances:point",
        kwargs={"collectivite": council.collectivite.slug, "item_id": item.pk},
    )
    assert client.get(url).status_code == 200

    [entry] = reads(council)
    assert entry.actor_label == reader.user.email
    assert entry.data["items"] == [str(item.pk)]
    assert entry.data["page"] == "point"
    assert entry.target_id == str(item.pk)
    assert verify() == []


def test_reading_a_public_point_writes_nothing(client: Client, closed_council):
    council = closed_council
    client.force_login(council.members[4].user)
    before = JournalEntry.objects.count()
    url = reverse(
        "seances:point",
        kwargs={
            "collectivite": council.collectivite.slug,
            "item_id": council.items[0].pk,
        },
    )
    assert client.get(url).status_code == 200
    assert JournalEntry.objects.count() == before


def test_the_dossier_of_mes_seances_journals_its_points_a_huis_clos(
    client: Client, closed_council
):
    council = closed_council
    client.force_login(council.members[2].user)
    url = reverse(
        "convocations:my_dossier",
        kwargs={
            "collectivite": council.collectivite.slug,
            "seance_id": council.seance.pk,
        },
    )
    assert client.get(url).status_code == 200
    [entry] = reads(council)
    assert entry.data["items"] == [str(council.items[1].pk)]
    assert entry.data["page"] == "mes séances"


def test_downloading_the_note_de_synthese_journals_the_points_a_huis_clos(
    client: Client, closed_council
):
    council = closed_council
    client.force_login(council.members[3].user)
    url = reverse(
        "dossiers:note",
        kwargs={
            "collectivite": council.collectivite.slug,
            "seance_id": council.seance.pk,
        },
    )
    response = client.get(url)
    assert response.status_code == 200
    [entry] = reads(council)
    assert entry.data["page"] == "note de synthèse"


def test_a_refused_reader_leaves_no_trace_and_sees_nothing(
    client: Client, closed_council
):
    council = closed_council
    stranger = Membership.objects.exclude(collectivite=council.collectivite).first()
    other = make_council(3)
    client.force_login(other.members[1].user)
    url = reverse(
        "seances:point",
        kwargs={
            "collectivite": council.collectivite.slug,
            "item_id": council.items[1].pk,
        },
    )
    assert client.get(url).status_code == 404
    assert reads(council) == []
    assert stranger is None or stranger.collectivite != council.collectivite
