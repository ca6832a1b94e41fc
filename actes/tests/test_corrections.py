"""A vote corrected after the séance closed: the délibération built at the
closing follows it until it is signed; a signed act only changes by a new
délibération (CGCT L2121-23)."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse

from actes.models import Deliberation
from actes.services import build_pdfs_of
from actes.signatures import sign
from actes.tests.helpers import closed_council
from actes.tests.test_deliberations import pdf_text
from journal.models import JournalEntry
from proceedings.models import Vote
from proceedings.services import close_seance, open_point
from proceedings.tests.helpers import held, make_council
from proceedings.voting import record_open_vote

pytestmark = pytest.mark.django_db


def test_a_vote_corrected_after_closing_rebuilds_the_unsigned_deliberation() -> None:
    council, made = closed_council(titles=("Tarifs", "Subvention"))
    subvention = made[1]
    assert subvention.mentions["vote_sentence"] == "à l'unanimité"
    old_pdf = subvention.pdf_id
    members = council.members

    record_open_vote(
        council.items[1],
        by=council.secretaire,
        exceptions={members[2].pk: "contre", members[3].pk: "abstention"},
        reason="Deux voix mal notées à la séance",
    )

    subvention.refresh_from_db()
    assert (subvention.pour, subvention.contre, subvention.abstentions) == (5, 1, 1)
    assert subvention.mentions["names"]["Contre"] == [members[2].user.full_name]
    assert subvention.display_number == made[1].display_number  # same act
    assert subvention.pdf_id is None  # drawn again after the commit
    entry = JournalEntry.objects.get(action="actes.deliberation_rebuilt")
    assert entry.data["before"]["counts"]["contre"] == 0
    assert entry.data["counts"]["contre"] == 1

    build_pdfs_of([str(subvention.pk)])
    subvention.refresh_from_db()
    assert subvention.pdf_id not in (None, old_pdf)
    assert "par 5 voix pour, 1 voix contre et 1 abstention" in pdf_text(subvention)


def test_a_correction_that_rejects_the_point_changes_its_result() -> None:
    council, made = closed_council(size=5, titles=("Tarifs",))
    members = council.members
    record_open_vote(
        council.items[0],
        by=council.secretaire,
        exceptions={member.pk: "contre" for member in members[1:]},
        reason="Erreur de saisie",
    )
    made[0].refresh_from_db()
    assert made[0].outcome == Deliberation.Outcome.REJETEE


def test_a_signed_deliberation_refuses_the_correction_of_its_vote_l2121_23() -> None:
    council, made = closed_council(titles=("Tarifs", "Subvention"))
    subvention = made[1]
    maire = council.members[0]
    sign(subvention, maire, maire.user, "president")
    votes_before = Vote.objects.count()

    with pytest.raises(ValidationError, match="nouvelle délibération"):
        record_open_vote(
            council.items[1],
            by=council.secretaire,
            exceptions={council.members[2].pk: "contre"},
            reason="Une voix mal notée",
        )

    subvention.refresh_from_db()
    assert subvention.contre == 0
    assert Vote.objects.count() == votes_before
    assert not JournalEntry.objects.filter(action="vote.corrected").exists()
    assert not JournalEntry.objects.filter(action="actes.deliberation_rebuilt").exists()


def test_the_secretaire_reads_why_a_signed_act_is_not_corrected() -> None:
    council, made = closed_council(titles=("Tarifs",))
    maire = council.members[0]
    sign(made[0], maire, maire.user, "president")
    client = Client()
    client.force_login(council.secretaire)
    item = council.items[0]
    response = client.post(
        reverse(
            "proceedings:vote",
            kwargs={"collectivite": council.collectivite.slug, "item_id": item.pk},
        ),
        {"reason": "Une voix mal notée", f"voix_{council.members[2].pk}": "contre"},
    )
    assert response.status_code == 422
    page = html.unescape(response.content.decode())
    assert f"La délibération n° {made[0].display_number} est déjà signée" in page
    assert "nouvelle délibération" in page


def test_a_vote_entered_after_closing_gives_the_point_its_deliberation_r2121_9() -> (
    None
):
    council = make_council(5, titles=("Tarifs", "Subvention"))
    sitting = held(council, present=council.members)
    for item in council.items:
        open_point(item, by=council.secretaire)
    record_open_vote(council.items[0], by=council.secretaire)
    with transaction.atomic():
        close_seance(sitting, by=council.secretaire)
    assert Deliberation.objects.filter(seance=council.seance).count() == 1

    record_open_vote(
        council.items[1], by=council.secretaire, reason="Vote oublié à la saisie"
    )

    late = Deliberation.objects.get(item=council.items[1])
    assert late.order == 2
    assert late.sequence == 2
    assert late.mentions["vote_sentence"] == "à l'unanimité"
