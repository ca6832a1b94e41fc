"""Handing one's tasks for a while: who replaces the maire (CGCT L2122-17),
what may go to whom, and the tasks an actor holds."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from domain import access
from domain.access import Actor, PointFacts
from domain.interim import (
    HeldTask,
    Person,
    Scope,
    handover_errors,
    maire_replacement,
    runs_on,
    scopes_of,
)
from domain.roles import Role, status_of

TODAY = date(2026, 7, 6)


def person(
    name: str, role: Role, rank: int | None, *, in_office: bool = True
) -> Person:
    return Person(name, role, status_of(role), rank, in_office)


MAIRE = person("maire", Role.MAIRE, 1)
FIRST = person("premier", Role.ADJOINT, 2)
SECOND = person("deuxieme", Role.ADJOINT, 3)
CONSEILLER = person("conseiller", Role.CONSEILLER, 7)
OTHER_CONSEILLER = person("autre", Role.CONSEILLER, 5)
SECRETAIRE = person("secretaire", Role.SECRETAIRE, None)
AGENT = person("agent", Role.AGENT, None)
COUNCIL = [MAIRE, SECOND, CONSEILLER, FIRST, OTHER_CONSEILLER]


def errors(
    giver: Person, holder: Person, scope: Scope, **dates: date
) -> dict[str, str]:
    return handover_errors(
        giver,
        holder,
        scope,
        starts_on=dates.get("starts_on", TODAY),
        ends_on=dates.get("ends_on", TODAY + timedelta(days=6)),
        today=TODAY,
        replacement=maire_replacement(COUNCIL, away=[MAIRE.id]),
    )


def test_l2122_17_the_first_adjoint_of_the_tableau_replaces_the_maire() -> None:
    assert maire_replacement(COUNCIL, away=[]) == FIRST


def test_l2122_17_an_adjoint_away_is_passed_over_for_the_next() -> None:
    assert maire_replacement(COUNCIL, away=[FIRST.id]) == SECOND


def test_l2122_17_without_adjoint_a_conseiller_in_the_order_of_the_tableau() -> None:
    assert maire_replacement(COUNCIL, away=[FIRST.id, SECOND.id]) == OTHER_CONSEILLER


def test_l2122_17_a_former_adjoint_replaces_nobody() -> None:
    former = person("ancien", Role.ADJOINT, 2, in_office=False)
    assert maire_replacement([MAIRE, former, SECOND], away=[]) == SECOND


def test_l2122_17_nobody_left_to_replace_the_maire() -> None:
    assert maire_replacement([MAIRE, SECRETAIRE], away=[]) is None


@given(
    ranks=st.lists(st.integers(min_value=2, max_value=30), min_size=1, unique=True),
    away=st.sets(st.integers(min_value=2, max_value=30)),
)
def test_l2122_17_the_replacement_is_the_lowest_rank_among_adjoints_present(
    ranks: list[int], away: set[int]
) -> None:
    adjoints = [person(f"a{rank}", Role.ADJOINT, rank) for rank in ranks]
    chosen = maire_replacement([MAIRE, *adjoints], away=[f"a{rank}" for rank in away])
    present = sorted(set(ranks) - away)
    if present:
        assert chosen is not None
        assert chosen.rank == present[0]
    else:
        assert chosen is None


def test_l2122_17_the_maire_hands_his_validations_to_his_replacement_only() -> None:
    assert errors(MAIRE, FIRST, Scope.VALIDATIONS) == {}
    assert "L2122-17" in errors(MAIRE, SECOND, Scope.VALIDATIONS)["holder"]
    assert "holder" in errors(MAIRE, SECRETAIRE, Scope.VALIDATIONS)


def test_only_the_maire_has_validations_to_hand() -> None:
    assert "scope" in errors(FIRST, SECOND, Scope.VALIDATIONS)
    assert "scope" in errors(SECRETAIRE, AGENT, Scope.VALIDATIONS)


def test_an_elu_hands_reviews_to_an_elu_never_to_an_agent() -> None:
    assert errors(FIRST, CONSEILLER, Scope.REVIEWS) == {}
    assert errors(MAIRE, SECOND, Scope.REVIEWS) == {}
    assert "holder" in errors(FIRST, SECRETAIRE, Scope.REVIEWS)


def test_an_agent_hands_preparation_to_an_agent_never_to_an_elu() -> None:
    assert errors(SECRETAIRE, AGENT, Scope.PREPARATION) == {}
    assert errors(AGENT, SECRETAIRE, Scope.PREPARATION) == {}
    assert "holder" in errors(AGENT, FIRST, Scope.PREPARATION)
    assert "scope" in errors(FIRST, AGENT, Scope.PREPARATION)


def test_nothing_but_tasks_can_be_handed() -> None:
    """A vote (L2121-20 lets it go only by procuration), the convocation
    (L2121-10) and the chair (L2121-14) are not scopes at all."""
    assert {scope.value for scope in Scope} == {
        "relectures",
        "validations",
        "preparation",
    }
    assert scopes_of(CONSEILLER) == [Scope.REVIEWS]
    assert scopes_of(SECRETAIRE) == [Scope.PREPARATION]


def test_a_handover_needs_someone_else_in_office_and_a_period_to_come() -> None:
    assert "holder" in errors(FIRST, FIRST, Scope.REVIEWS)
    gone = person("parti", Role.CONSEILLER, 9, in_office=False)
    assert "holder" in errors(FIRST, gone, Scope.REVIEWS)
    backwards = errors(FIRST, SECOND, Scope.REVIEWS, ends_on=TODAY - timedelta(1))
    assert "ends_on" in backwards
    past = errors(
        FIRST,
        SECOND,
        Scope.REVIEWS,
        starts_on=TODAY - timedelta(9),
        ends_on=TODAY - timedelta(2),
    )
    assert past == {"ends_on": "Cette période est déjà passée."}


def test_a_handover_runs_from_its_first_to_its_last_day_included() -> None:
    start, end = date(2026, 8, 1), date(2026, 8, 15)
    assert not runs_on(start, end, date(2026, 7, 31))
    assert runs_on(start, end, start)
    assert runs_on(start, end, end)
    assert not runs_on(start, end, date(2026, 8, 16))


def _actor(role: Role, *held: HeldTask) -> Actor:
    return Actor(status_of(role), role, in_office=True, held=frozenset(held))


DRAFT = PointFacts(state="relecture", convened=False, has_rapporteur=True)
APPROVED = PointFacts(
    state="relecture", convened=False, has_rapporteur=True, rapporteur_approved=True
)


def test_the_adjoint_in_interim_of_the_maire_validates_and_nothing_more() -> None:
    adjoint = _actor(Role.ADJOINT, HeldTask(Scope.VALIDATIONS, "maire", Role.MAIRE))
    assert access.can_validate_point(adjoint, APPROVED)
    assert access.can_see_point(adjoint, DRAFT)
    assert not access.can_validate_point(_actor(Role.ADJOINT), APPROVED)
    assert not access.can_send_convocation(adjoint)
    assert not access.can_run_seance(adjoint)
    assert not access.can_manage_seances(adjoint)
    assert not access.can_choose_validator(adjoint)


def test_the_holder_of_a_rapporteurs_reviews_reviews_their_points_only() -> None:
    holder = _actor(Role.CONSEILLER, HeldTask(Scope.REVIEWS, "adjointe", Role.ADJOINT))
    theirs = PointFacts(
        state="relecture", convened=False, has_rapporteur=True, holds_reviews=True
    )
    assert access.can_review_point(holder, theirs)
    assert access.can_see_point(holder, theirs)
    assert not access.can_review_point(holder, DRAFT)
    assert not access.can_see_point(holder, DRAFT)
    assert not access.can_validate_point(holder, APPROVED)


def test_the_holder_of_the_secretaires_preparation_drafts_but_never_convenes() -> None:
    agent = _actor(Role.AGENT, HeldTask(Scope.PREPARATION, "sec", Role.SECRETAIRE))
    draft = PointFacts(state="brouillon", convened=False, has_rapporteur=True)
    assert access.can_see_point(agent, draft)
    assert access.can_edit_draft(agent, draft)
    assert access.can_request_point_review(agent, draft)
    assert access.can_add_annex(agent, draft)
    assert not access.can_review_point(agent, DRAFT)
    assert not access.can_validate_point(agent, APPROVED)
    assert not access.can_manage_seances(agent)
    assert not access.can_send_convocation(agent)
    assert not access.can_run_seance(agent)


def test_an_agents_preparation_covers_the_points_they_are_named_on() -> None:
    holder = _actor(Role.AGENT, HeldTask(Scope.PREPARATION, "urba", Role.AGENT))
    named = PointFacts(state="brouillon", convened=False, holds_preparation=True)
    other = PointFacts(state="brouillon", convened=False)
    assert access.can_edit_draft(holder, named)
    assert not access.can_see_point(holder, other)
