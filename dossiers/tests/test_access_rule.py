"""Who reads the documents of a séance: the rule of ``domain.access``."""

from domain import access
from domain.access import Actor, PointFacts
from domain.roles import ROLE_STATUS, Role


def actor(role: Role, *, in_office: bool = True) -> Actor:
    return Actor(status=ROLE_STATUS[role], role=role, in_office=in_office)


DRAFT = PointFacts(state="brouillon", convened=False)
CONVENED = PointFacts(state="inscrit", convened=True)


def test_every_elu_reads_the_documents_once_the_seance_is_convened() -> None:
    """CGCT L2121-10 and L2121-13: the convocation and the information on
    the affairs of the séance go to every councillor."""
    conseiller = actor(Role.CONSEILLER)

    assert access.can_see_seance_documents(conseiller, convened=True, points=[CONVENED])
    assert not access.can_see_seance_documents(
        conseiller, convened=False, points=[DRAFT]
    )


def test_an_agent_reads_them_only_when_named_on_every_point() -> None:
    agent = actor(Role.AGENT)
    named = PointFacts(state="brouillon", convened=False, is_named_agent=True)

    assert access.can_see_seance_documents(agent, convened=False, points=[named])
    assert not access.can_see_seance_documents(
        agent, convened=False, points=[named, DRAFT]
    )
    assert not access.can_see_seance_documents(agent, convened=True, points=[])


def test_the_secretaire_reads_them_while_they_are_prepared() -> None:
    assert access.can_see_seance_documents(
        actor(Role.SECRETAIRE), convened=False, points=[]
    )
    assert not access.can_see_seance_documents(
        actor(Role.MAIRE, in_office=False), convened=True, points=[CONVENED]
    )
