"""Worked cases from the comptes rendus of Couthenans (Haute-Saône), whose
figures are in shared/corpus/SOURCES.md §2 (CGCT L2121-17, L2121-20)."""

from domain.procurations import Procuration, proxies_for_point, validate_procurations
from domain.quorum import PointAttendance, check_point_quorum
from domain.tests.people import council
from domain.votes import Choice, VoteMode, ballots_tous_pour_sauf, count_open_vote


def test_l2121_17_couthenans_28_10_2022_quorum_counts_present_not_represented() -> None:
    """13 in office, 7 present, 4 proxies (the maire's to the 1st adjoint),
    2 absent. The compte rendu says "quorum atteint avec 11 élus
    représentés"; the quorum is met, but by the 7 present (7 ≥ 7)."""
    members = council(13)
    maire, adjoint = members[0], members[1]
    present = frozenset(members[1:8])
    procurations = [
        Procuration(mandant=maire, mandataire=adjoint),
        Procuration(mandant=members[8], mandataire=members[2]),
        Procuration(mandant=members[9], mandataire=members[3]),
        Procuration(mandant=members[10], mandataire=members[4]),
    ]
    accepted = validate_procurations(procurations, frozenset(members)).accepted
    proxies = proxies_for_point(accepted, present=present)
    assert len(proxies.voting) == 4

    check = check_point_quorum(
        PointAttendance(
            in_office=frozenset(members),
            present=present,
            represented=proxies.represented,
        )
    )
    assert check.met
    assert (check.threshold, check.counted_present) == (7, 7)

    # The document's reasoning would also accept 6 present and 5 proxies.
    eleven_represented = PointAttendance(
        in_office=frozenset(members),
        present=frozenset(members[1:7]),
        represented=frozenset(members[7:12]),
    )
    assert not check_point_quorum(eleven_represented).met


def test_l2121_20_couthenans_28_10_2022_six_contre_five_pour_is_rejected() -> None:
    members = council(13)
    maire, adjoint = members[0], members[1]
    present = frozenset(members[1:8])
    proxies = {
        maire: adjoint,
        members[8]: members[2],
        members[9]: members[3],
        members[10]: members[4],
    }
    against = dict.fromkeys(members[2:5], Choice.CONTRE)
    ballots = ballots_tous_pour_sauf(
        present=present, proxies=proxies, exceptions=against
    )
    result = count_open_vote(
        ballots,
        mode=VoteMode.MAIN_LEVEE,
        present=present,
        proxies=proxies,
        president=adjoint,
    )
    assert (result.pour, result.contre, result.voix) == (5, 6, 11)
    assert not result.adopted
    assert not result.casting_vote


def test_l2121_20_couthenans_29_01_2021_nine_pour_five_abstentions_adopts() -> None:
    """15 in office, 10 present, 4 proxies, 1 absent without proxy."""
    members = council(15)
    present = frozenset(members[:10])
    proxies = dict(zip(members[10:14], members[:4], strict=True))
    assert check_point_quorum(
        PointAttendance(
            in_office=frozenset(members),
            present=present,
            represented=frozenset(proxies),
        )
    ).met

    abstaining = dict.fromkeys(members[5:10], Choice.ABSTENTION)
    ballots = ballots_tous_pour_sauf(
        present=present, proxies=proxies, exceptions=abstaining
    )
    result = count_open_vote(
        ballots,
        mode=VoteMode.MAIN_LEVEE,
        present=present,
        proxies=proxies,
        president=members[0],
    )
    assert (result.pour, result.abstentions, result.voix) == (9, 5, 14)
    assert result.adopted
    assert result.formula == "par 9 voix pour et 5 abstentions"
