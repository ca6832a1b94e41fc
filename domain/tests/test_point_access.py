"""Who validates an agenda point: the maire, or the adjoint who reports it
and to whom the maire handed it (CGCT L2122-18)."""

from domain import access
from domain.access import Actor, PointFacts
from domain.roles import ROLE_STATUS, Role


def actor(role: Role, *, in_office: bool = True) -> Actor:
    return Actor(status=ROLE_STATUS[role], role=role, in_office=in_office)


def facts(**changes: object) -> PointFacts:
    values = {
        "state": "relecture",
        "convened": False,
        "rapporteur_approved": True,
        "has_rapporteur": True,
    }
    return PointFacts(**(values | changes))  # type: ignore[arg-type]


def test_the_maire_validates_a_point_its_rapporteur_approved() -> None:
    assert access.can_validate_point(actor(Role.MAIRE), facts())
    assert not access.can_validate_point(
        actor(Role.MAIRE), facts(rapporteur_approved=False)
    )


def test_l2122_18_an_adjoint_validates_a_point_they_report_once_handed_it() -> None:
    handed = facts(is_validator=True, is_rapporteur=True)

    assert access.can_validate_point(actor(Role.ADJOINT), handed)
    assert not access.can_validate_point(actor(Role.ADJOINT, in_office=False), handed)


def test_l2122_18_an_adjoint_handed_a_point_they_do_not_report_cannot() -> None:
    assert not access.can_validate_point(actor(Role.ADJOINT), facts(is_validator=True))


def test_l2122_18_an_adjoint_reporting_a_point_not_handed_to_them_cannot() -> None:
    assert not access.can_validate_point(actor(Role.ADJOINT), facts(is_rapporteur=True))


def test_l2122_18_only_an_adjoint_receives_the_validation() -> None:
    handed = facts(is_validator=True, is_rapporteur=True)
    for role in (Role.CONSEILLER_DELEGUE, Role.CONSEILLER, Role.SECRETAIRE, Role.DGS):
        assert not access.can_validate_point(actor(role), handed), role


def test_nobody_validates_a_point_of_a_convened_seance_or_not_under_review() -> None:
    maire = actor(Role.MAIRE)
    assert not access.can_validate_point(maire, facts(convened=True))
    for state in ("brouillon", "valide", "inscrit"):
        assert not access.can_validate_point(maire, facts(state=state)), state


def test_a_validated_draft_stays_editable_until_the_convocation() -> None:
    secretaire = actor(Role.SECRETAIRE)
    assert access.can_edit_draft(secretaire, facts(state="valide"))
    assert not access.can_edit_draft(secretaire, facts(state="inscrit", convened=True))
