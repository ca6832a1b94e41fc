"""Who corrects what the council was convened on, between the sending of
the convocation and the opening of the séance (CE 25/07/1986 n°68309)."""

from domain import access
from domain.access import Actor, PointFacts
from domain.roles import ROLE_STATUS, Role


def actor(role: Role, *, in_office: bool = True) -> Actor:
    return Actor(status=ROLE_STATUS[role], role=role, in_office=in_office)


def facts(**changes: object) -> PointFacts:
    values = {"state": "inscrit", "convened": True, "has_rapporteur": True}
    return PointFacts(**(values | changes))  # type: ignore[arg-type]


def test_ce_1986_68309_those_who_convene_correct_until_the_seance_opens() -> None:
    for role in (Role.MAIRE, Role.SECRETAIRE, Role.DGS):
        assert access.can_correct_convened_point(actor(role), facts()), role
        assert not access.can_correct_convened_point(actor(role), facts(opened=True)), (
            role
        )
        assert not access.can_correct_convened_point(
            actor(role, in_office=False), facts()
        ), role


def test_ce_1986_68309_nobody_else_corrects_not_even_the_rapporteur() -> None:
    point = facts(is_rapporteur=True, is_named_agent=True)
    for role in Role:
        if role in {Role.MAIRE, Role.SECRETAIRE, Role.DGS}:
            continue
        assert not access.can_correct_convened_point(actor(role), point), role


def test_before_the_convocation_a_correction_is_just_an_edit() -> None:
    """The draft is then edited under ``can_edit_draft``, and nobody is
    told, since nothing was sent."""
    secretaire = actor(Role.SECRETAIRE)
    assert not access.can_correct_convened_point(
        secretaire, facts(convened=False, state="valide")
    )
    assert access.can_edit_draft(secretaire, facts(convened=False, state="valide"))
