"""Procurations: RULES §3 (CGCT L2121-20, L2121-14, L2131-11)."""

import pytest

from domain.council import Councillor
from domain.procurations import (
    Procuration,
    gives_to_an_absent,
    proxies_for_point,
    validate_procurations,
)
from domain.tests.people import JEAN, LUCIE, MARIE, PAUL

IN_OFFICE = frozenset({MARIE, JEAN, LUCIE, PAUL})
FORMER = Councillor("ancien", "Gérard Ancien")


def reasons(*procurations: Procuration, covid_rules: bool = False) -> list[str]:
    check = validate_procurations(procurations, IN_OFFICE, covid_rules=covid_rules)
    return [refusal.reason for refusal in check.refused]


def test_l2121_20_a_valid_procuration_is_accepted() -> None:
    proxy = Procuration(mandant=JEAN, mandataire=MARIE)
    check = validate_procurations([proxy], IN_OFFICE)
    assert check.accepted == (proxy,)
    assert check.refused == ()


def test_l2121_20_mandataire_cannot_hold_two_procurations() -> None:
    first = Procuration(mandant=JEAN, mandataire=MARIE)
    second = Procuration(mandant=LUCIE, mandataire=MARIE)
    check = validate_procurations([first, second], IN_OFFICE)
    assert check.accepted == (first,)
    assert [r.procuration for r in check.refused] == [second]
    assert check.refused[0].reason == (
        "Marie Dupont détient déjà une procuration pour cette séance."
    )


def test_l2121_20_covid_regime_allowed_two_procurations_not_three() -> None:
    first = Procuration(mandant=JEAN, mandataire=MARIE)
    second = Procuration(mandant=LUCIE, mandataire=MARIE)
    third = Procuration(mandant=PAUL, mandataire=MARIE)
    assert reasons(first, second, covid_rules=True) == []
    assert reasons(first, second, third, covid_rules=True) == [
        "Marie Dupont détient déjà 2 procurations pour cette séance."
    ]


def test_l2121_20_a_refused_procuration_does_not_use_up_the_mandataire() -> None:
    too_long = Procuration(mandant=JEAN, mandataire=MARIE, seances_covered=4)
    valid = Procuration(mandant=LUCIE, mandataire=MARIE)
    check = validate_procurations([too_long, valid], IN_OFFICE)
    assert check.accepted == (valid,)


def test_l2121_20_mandant_gives_one_procuration_per_seance() -> None:
    assert reasons(
        Procuration(mandant=JEAN, mandataire=MARIE),
        Procuration(mandant=JEAN, mandataire=LUCIE),
    ) == ["Jean Martin a déjà donné une procuration pour cette séance."]


def test_l2121_20_nobody_gives_a_procuration_to_himself() -> None:
    assert reasons(Procuration(mandant=JEAN, mandataire=JEAN)) == [
        "Jean Martin ne peut pas se donner procuration à soi-même."
    ]


def test_l2121_20_mandant_and_mandataire_are_members_in_office() -> None:
    assert reasons(Procuration(mandant=FORMER, mandataire=MARIE)) == [
        "Gérard Ancien n'est pas membre en exercice du conseil et ne peut donc "
        "pas donner procuration."
    ]
    assert reasons(Procuration(mandant=MARIE, mandataire=FORMER)) == [
        "Gérard Ancien n'est pas membre en exercice du conseil et ne peut donc "
        "pas recevoir de procuration."
    ]


def test_l2121_20_three_consecutive_seances_at_most() -> None:
    assert reasons(Procuration(mandant=JEAN, mandataire=MARIE, seances_covered=3)) == []
    assert reasons(Procuration(mandant=JEAN, mandataire=MARIE, seances_covered=4)) == [
        "La procuration de Jean Martin vaut pour plus de trois séances consécutives, "
        "ce qui n'est permis qu'en cas de maladie dûment constatée (CGCT L2121-20)."
    ]


def test_l2121_20_certified_illness_lifts_the_three_seance_limit() -> None:
    proxy = Procuration(
        mandant=JEAN, mandataire=MARIE, seances_covered=8, illness_certified=True
    )
    assert reasons(proxy) == []


def test_a_procuration_covers_at_least_one_seance() -> None:
    with pytest.raises(ValueError, match="au moins une séance"):
        Procuration(mandant=JEAN, mandataire=MARIE, seances_covered=0)


# Which procurations vote on a point.


def test_l2121_20_a_procuration_votes_when_mandant_absent_and_mandataire_present() -> (
    None
):
    proxy = Procuration(mandant=JEAN, mandataire=MARIE)
    point = proxies_for_point([proxy], present=frozenset({MARIE, LUCIE}))
    assert point.voting == {JEAN: MARIE}
    assert point.represented == {JEAN}
    assert point.not_voting == ()


def test_l2121_20_procuration_lapses_while_the_mandant_is_present() -> None:
    proxy = Procuration(mandant=JEAN, mandataire=MARIE)
    point = proxies_for_point([proxy], present=frozenset({MARIE, JEAN}))
    assert point.voting == {}
    assert point.not_voting[0].reason == (
        "Jean Martin siège en personne : sa procuration est sans effet pendant "
        "sa présence."
    )


def test_l2121_20_procuration_needs_its_mandataire_in_the_room() -> None:
    proxy = Procuration(mandant=JEAN, mandataire=MARIE)
    point = proxies_for_point([proxy], present=frozenset({LUCIE}))
    assert point.voting == {}
    assert point.not_voting[0].reason == (
        "Marie Dupont, qui détient la procuration de Jean Martin, n'est pas en "
        "séance : la procuration ne peut pas être exercée."
    )


def test_l2131_11_interested_mandant_is_not_voted_for() -> None:
    proxy = Procuration(mandant=JEAN, mandataire=MARIE)
    point = proxies_for_point(
        [proxy], present=frozenset({MARIE}), interested=frozenset({JEAN})
    )
    assert point.voting == {}
    assert point.not_voting[0].reason == (
        "Jean Martin a un intérêt personnel à l'affaire (CGCT L2131-11) : sa voix "
        "ne peut pas être exprimée, même par procuration."
    )


def test_l2131_11_interested_mandataire_cannot_vote_for_his_mandant() -> None:
    proxy = Procuration(mandant=JEAN, mandataire=MARIE)
    point = proxies_for_point(
        [proxy], present=frozenset({MARIE}), interested=frozenset({MARIE})
    )
    assert point.voting == {}
    assert point.not_voting[0].reason == (
        "Marie Dupont a un intérêt personnel à l'affaire (CGCT L2131-11) et ne "
        "peut donc pas voter pour Jean Martin."
    )


def test_l2121_14_maire_gives_no_procuration_for_his_compte_administratif() -> None:
    maire = PAUL
    proxy = Procuration(mandant=maire, mandataire=MARIE)
    point = proxies_for_point(
        [proxy], present=frozenset({MARIE}), compte_administratif_of=maire
    )
    assert point.voting == {}
    assert point.not_voting[0].reason == (
        "Paul Petit ne prend pas part au vote de son propre compte administratif "
        "(CGCT L2121-14) : sa procuration ne s'applique pas à ce point."
    )
    other_point = proxies_for_point([proxy], present=frozenset({MARIE}))
    assert other_point.voting == {maire: MARIE}


def test_l2121_14_maire_cannot_vote_for_his_mandant_on_his_compte_administratif() -> (
    None
):
    maire = PAUL
    proxy = Procuration(mandant=JEAN, mandataire=maire)
    point = proxies_for_point(
        [proxy], present=frozenset({maire}), compte_administratif_of=maire
    )
    assert point.voting == {}
    assert "se retire au moment du vote" in point.not_voting[0].reason


def test_l2121_20_point_keeps_the_voting_and_explains_the_others() -> None:
    voting = Procuration(mandant=JEAN, mandataire=MARIE)
    lapsed = Procuration(mandant=PAUL, mandataire=LUCIE)
    point = proxies_for_point([voting, lapsed], present=frozenset({MARIE, LUCIE, PAUL}))
    assert point.voting == {JEAN: MARIE}
    assert [r.procuration for r in point.not_voting] == [lapsed]


def test_l2121_20_no_procuration_to_a_member_who_gave_his_own() -> None:
    """Two members who would give theirs to each other: the second is told
    why, since an absent mandataire votes for nobody."""
    given = Procuration(mandant=JEAN, mandataire=MARIE)
    back = Procuration(mandant=MARIE, mandataire=JEAN)
    reason = gives_to_an_absent(back, [given])
    assert reason is not None
    assert reason.startswith(f"{JEAN} a lui-même donné procuration à {MARIE}")
    assert gives_to_an_absent(Procuration(mandant=LUCIE, mandataire=JEAN), [given])
    assert (
        gives_to_an_absent(Procuration(mandant=LUCIE, mandataire=PAUL), [given]) is None
    )
