"""Statuses and roles of the people of a collectivité."""

from enum import StrEnum


class Status(StrEnum):
    ELU = "elu"
    AGENT = "agent"


class Role(StrEnum):
    MAIRE = "maire"
    ADJOINT = "adjoint"
    CONSEILLER_DELEGUE = "conseiller_delegue"
    CONSEILLER = "conseiller"
    SECRETAIRE = "secretaire"
    DGS = "dgs"
    AGENT = "agent"


ROLE_LABELS: dict[Role, str] = {
    Role.MAIRE: "Maire",
    Role.ADJOINT: "Adjoint(e) au maire",
    Role.CONSEILLER_DELEGUE: "Conseiller(ère) délégué(e)",
    Role.CONSEILLER: "Conseiller(ère) municipal(e)",
    Role.SECRETAIRE: "Secrétaire de mairie",
    Role.DGS: "Directeur(rice) général(e) des services",
    Role.AGENT: "Agent",
}

ROLE_STATUS: dict[Role, Status] = {
    Role.MAIRE: Status.ELU,
    Role.ADJOINT: Status.ELU,
    Role.CONSEILLER_DELEGUE: Status.ELU,
    Role.CONSEILLER: Status.ELU,
    Role.SECRETAIRE: Status.AGENT,
    Role.DGS: Status.AGENT,
    Role.AGENT: Status.AGENT,
}

# Roles that run the administration of the commune day to day.
ADMINISTRATION_ROLES = frozenset({Role.MAIRE, Role.SECRETAIRE, Role.DGS})


def status_of(role: Role) -> Status:
    return ROLE_STATUS[role]
