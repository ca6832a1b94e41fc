"""Factories and the standing personas shared by every test of the suite."""

from dataclasses import dataclass
from datetime import date

import factory

from accounts.models import User
from collectivites.models import Collectivite, Membership, Workspace, WorkspaceMember
from domain.roles import Role

PASSWORD = "mot-de-passe-de-test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)


class CollectiviteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collectivite

    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    population_totale = 1240
    population_municipale = 1210


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    collectivite = factory.SubFactory(CollectiviteFactory)
    role = Role.CONSEILLER.value
    started_on = date(2020, 5, 25)


class WorkspaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workspace

    collectivite = factory.SubFactory(CollectiviteFactory)
    name = factory.Sequence(lambda n: f"Commission {n}")


def join(workspace: Workspace, membership: Membership, manager: bool = False) -> None:
    WorkspaceMember.objects.create(
        workspace=workspace, membership=membership, is_manager=manager
    )


@dataclass
class Personas:
    """Two collectivités and one person for each role that matters."""

    commune: Collectivite
    other: Collectivite
    finances: Workspace
    ecole: Workspace
    other_workspace: Workspace
    maire: User
    adjointe: User
    conseiller: User
    secretaire: User
    agent: User
    former: User
    outsider: User

    def by_name(self) -> dict[str, User | None]:
        return {
            "maire": self.maire,
            "adjointe": self.adjointe,
            "conseiller": self.conseiller,
            "secretaire": self.secretaire,
            "agent": self.agent,
            "former": self.former,
            "outsider": self.outsider,
            "anonymous": None,
        }


def make_personas() -> Personas:
    commune = CollectiviteFactory(name="Saint-Test", slug="saint-test")
    other = CollectiviteFactory(name="Autre-Test", slug="autre-test")
    finances = WorkspaceFactory(collectivite=commune, name="Commission des finances")
    ecole = WorkspaceFactory(
        collectivite=commune, name="Projet école", kind=Workspace.Kind.PROJET
    )
    other_workspace = WorkspaceFactory(collectivite=other, name="Commission travaux")

    def member(
        role: Role, where: Collectivite = commune, **extra: object
    ) -> Membership:
        return MembershipFactory(collectivite=where, role=role.value, **extra)

    maire = member(Role.MAIRE, rank=1)
    adjointe = member(Role.ADJOINT, rank=2, delegation="finances")
    conseiller = member(Role.CONSEILLER)
    secretaire = member(Role.SECRETAIRE)
    agent = member(Role.AGENT, function="Services techniques")
    former = member(Role.CONSEILLER, ended_on=date(2021, 6, 12), end_reason="démission")
    outsider = member(Role.SECRETAIRE, where=other)
    join(finances, adjointe, manager=True)
    join(finances, secretaire)
    join(finances, former)
    join(ecole, agent)
    join(other_workspace, outsider)
    return Personas(
        commune=commune,
        other=other,
        finances=finances,
        ecole=ecole,
        other_workspace=other_workspace,
        maire=maire.user,
        adjointe=adjointe.user,
        conseiller=conseiller.user,
        secretaire=secretaire.user,
        agent=agent.user,
        former=former.user,
        outsider=outsider.user,
    )
