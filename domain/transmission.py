"""The sending of acts to the contrôle de légalité (CGCT L2131-1, L2131-2),
RULES §6.3, §6.4, §7 and §8.3: which acts go, the ACTES identifier of an
act, and what an acknowledgement may say.

The transmission itself goes through an approved operator (tiers de
télétransmission), outside Quorum; Quorum prepares the package and records
the dates the operator returns.
"""

import re
from dataclasses import dataclass
from datetime import date

from domain.actes import ACTES_NUMBER, nature_letters


class TransmissionError(ValueError):
    """A date or an identifier that cannot be right; the message is shown."""


# Natures sent to the préfet when the council decides them (L2131-2 I 1°, 3°,
# 4°): its délibérations, regulatory acts, contracts and budget documents.
# "Autres" (6) is sent when the act falls in one of the listed cases, which
# only the secrétaire knows.
TRANSMITTED_NATURES = frozenset({"1", "2", "3", "4", "5"})

# The délibérations that L2131-2 I 1° leaves out of the contrôle de
# légalité (RULES §6.4), as the secrétaire chooses among them.
EXEMPTIONS: tuple[tuple[str, str], ...] = (
    (
        "voirie_tarifs",
        "Tarifs des droits de voirie et de stationnement",
    ),
    (
        "voies_communales",
        "Classement, déclassement, alignement ou nivellement, ouverture, "
        "redressement ou élargissement des voies communales",
    ),
    (
        "taux_promotion",
        "Taux de promotion pour l'avancement de grade des fonctionnaires",
    ),
    (
        "centre_de_gestion",
        "Affiliation ou désaffiliation au centre de gestion, conventions de "
        "missions facultatives du centre de gestion",
    ),
)


def exemption_reason(key: str, details: str = "") -> str:
    """The reason kept and shown for an act not transmitted: the exception
    of L2131-2 I 1° it falls under, and what the secrétaire adds."""
    labels = dict(EXEMPTIONS)
    if key not in labels:
        raise TransmissionError("Choisissez l'exception de l'article L2131-2.")
    reason = f"{labels[key]} (CGCT L2131-2 I 1°)"
    details = details.strip()
    return f"{reason} : {details}" if details else reason


_DEPARTEMENT = re.compile(r"(97\d|2[AB]|\d{2})")
_SIREN = re.compile(r"\d{9}")
_ACTES_ID = re.compile(r"(0\d\d|02[AB]|97\d)-\d{9}-\d{8}-[A-Z0-9_]{1,15}-[A-Z]{2}")


def must_transmit(nature: str, *, exempted: bool = False) -> bool:
    """Whether an act of the council goes to the contrôle de légalité
    (L2131-2 I). ``exempted`` is the secrétaire's statement that the
    délibération is one of the exceptions of 1° (road-use and parking
    tariffs, communal roads' alignment, promotion rates, the centre de
    gestion)."""
    return nature in TRANSMITTED_NATURES and not exempted


def departement_code(insee_code: str) -> str:
    """The three characters of the département in an ACTES identifier
    (RULES §7): ``038`` for Isère, ``02A`` for Corse-du-Sud, ``974`` for
    La Réunion, from the commune's INSEE code."""
    code = insee_code.strip().upper()
    if len(code) != 5:
        raise TransmissionError(
            "Le code INSEE de la collectivité doit avoir 5 caractères."
        )
    overseas = code[:3] if code.startswith("97") else None
    found = _DEPARTEMENT.fullmatch(overseas or code[:2])
    if found is None:
        raise TransmissionError(f"Le code INSEE « {code} » n'est pas reconnu.")
    return found.group(0) if overseas else f"0{found.group(0)}"


def actes_identifier(
    *, insee_code: str, siren: str, decided_on: date, number: str, nature: str
) -> str:
    """``DDD-SIREN-YYYYMMDD-NUMINTERNE-NN``, e.g.
    ``038-213801234-20260115-2026_012-DE`` (RULES §7, §8.3)."""
    if not _SIREN.fullmatch(siren):
        raise TransmissionError(
            "Le SIREN de la collectivité doit avoir 9 chiffres : renseignez-le "
            "dans les réglages de la collectivité."
        )
    if not ACTES_NUMBER.fullmatch(number):
        raise TransmissionError(f"« {number} » n'est pas un numéro d'acte ACTES.")
    identifier = (
        f"{departement_code(insee_code)}-{siren}-{decided_on:%Y%m%d}-"
        f"{number}-{nature_letters(nature)}"
    )
    if not _ACTES_ID.fullmatch(identifier):
        raise TransmissionError(f"Identifiant ACTES invalide : {identifier}")
    return identifier


def is_actes_identifier(value: str) -> bool:
    return _ACTES_ID.fullmatch(value) is not None


@dataclass(frozen=True)
class Acknowledgement:
    sent_on: date | None
    acknowledged_on: date | None
    acknowledgement_id: str


def check_acknowledgement(
    ack: Acknowledgement, *, decided_on: date, today: date
) -> list[tuple[str, str]]:
    """The refusals, as (field, French message), of what is typed about a
    transmission: nothing before the délibération, nothing in the future,
    the acknowledgement not before the sending, and an acknowledgement date
    with its identifier (the AR of @CTES gives both, RULES §6.4)."""
    errors: list[tuple[str, str]] = []
    day = f"{decided_on:%d/%m/%Y}"
    for name, value, label in (
        ("sent_on", ack.sent_on, "L'envoi"),
        ("acknowledged_on", ack.acknowledged_on, "L'accusé de réception"),
    ):
        if value is None:
            continue
        if value < decided_on:
            errors.append(
                (
                    name,
                    f"{label} ne peut pas précéder la délibération, prise le {day}.",
                )
            )
        elif value > today:
            errors.append((name, f"{label} ne peut pas être daté dans le futur."))
    if ack.acknowledged_on is not None and ack.sent_on is None:
        errors.append(("sent_on", "Indiquez d'abord la date d'envoi à la préfecture."))
    if (
        ack.sent_on is not None
        and ack.acknowledged_on is not None
        and ack.acknowledged_on < ack.sent_on
    ):
        errors.append(
            (
                "acknowledged_on",
                "L'accusé de réception ne peut pas précéder l'envoi.",
            )
        )
    if ack.acknowledged_on is not None and not ack.acknowledgement_id.strip():
        errors.append(
            (
                "acknowledgement_id",
                "Indiquez l'identifiant de l'accusé de réception donné par "
                "l'opérateur de transmission.",
            )
        )
    if ack.acknowledgement_id.strip() and ack.acknowledged_on is None:
        errors.append(("acknowledged_on", "Indiquez la date de l'accusé de réception."))
    return errors
