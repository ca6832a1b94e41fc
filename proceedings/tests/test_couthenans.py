"""The worked cases of the comptes rendus of Couthenans (Haute-Saône),
entered through the services as the secrétaire would on the evening
(shared/corpus/SOURCES.md §2; CGCT L2121-17, L2121-20)."""

import pytest

from proceedings.record import seance_record
from proceedings.tests.helpers import held, make_council, opened
from proceedings.voting import record_open_vote

pytestmark = pytest.mark.django_db


def test_l2121_17_couthenans_28_10_2022_the_maire_absent_gives_his_procuration():
    """13 in office, 7 present, 4 procurations (the maire's to the 1st
    adjoint, who presides), 2 absent. The compte rendu reasons on "11 élus
    représentés"; the quorum is met by the 7 present alone (7 of 13), and
    the vote of 6 contre, 5 pour rejects."""
    council = make_council(13, titles=("Point rejeté",))
    m = council.members
    maire, adjoint = m[0], m[1]
    sitting = held(
        council,
        present=m[1:8],
        procurations=[(maire, adjoint), (m[8], m[2]), (m[9], m[3]), (m[10], m[4])],
        president=adjoint,
    )
    item = opened(council, council.items[0])

    vote = record_open_vote(
        item,
        by=council.secretaire,
        exceptions={member.pk: "contre" for member in m[2:5]},
    )

    assert sitting.president == adjoint
    assert (item.examination.counted_present, item.examination.threshold) == (7, 7)
    assert item.examination.quorum_met
    assert (vote.pour, vote.contre, vote.votants) == (5, 6, 11)
    assert vote.outcome == "rejetee"
    assert not vote.casting_vote
    record = seance_record(council.seance)
    assert len(record.present_at_roll_call) == 7
    assert len(record.points[0].represented) == 4
    assert len(record.points[0].vote.names["contre"]) == 6


def test_l2121_20_couthenans_29_01_2021_nine_pour_five_abstentions_adopts():
    """15 in office, 10 present, 4 procurations, 1 absent without one."""
    council = make_council(15, titles=("Budget",))
    m = council.members
    held(council, present=m[:10], procurations=list(zip(m[10:14], m[:4], strict=True)))
    item = opened(council, council.items[0])

    vote = record_open_vote(
        item,
        by=council.secretaire,
        exceptions={member.pk: "abstention" for member in m[5:10]},
    )

    assert (vote.pour, vote.abstentions, vote.votants) == (9, 5, 14)
    assert vote.outcome == "adoptee"
    assert vote.suffrages_exprimes == 9
