"""The ACTES nomenclature and the usual starting points of a délibération.

Natures and matières of levels 1 and 2 are national (RULES §8.1, §8.2) [S].
Deeper levels vary by préfecture and come from the ACTES classification
exchange (messages 7-1 to 7-3), which Quorum does not load yet.

TODO(actes): load each collectivité's classification file (7-2) instead of
these national labels, which differ slightly between sources.
"""

import re
from dataclasses import dataclass

# Code of the nature, its label, and the two letters of the ACTES identifier.
NATURES: tuple[tuple[str, str, str], ...] = (
    ("1", "Délibérations", "DE"),
    ("2", "Actes réglementaires", "AR"),
    ("3", "Actes individuels", "AI"),
    ("4", "Contrats, conventions et avenants", "CC"),
    ("5", "Documents budgétaires et financiers", "BF"),
    ("6", "Autres", "AU"),
)

MATIERES: tuple[tuple[str, str], ...] = (
    ("1.1", "Marchés publics"),
    ("1.2", "Délégations de service public"),
    ("1.3", "Conventions de mandat"),
    ("1.4", "Autres types de contrats"),
    ("1.5", "Transactions (protocole d'accord transactionnel)"),
    ("1.6", "Maîtrise d'œuvre"),
    ("1.7", "Actes spéciaux et divers"),
    ("2.1", "Documents d'urbanisme"),
    ("2.2", "Actes relatifs au droit d'occupation ou d'utilisation des sols"),
    ("2.3", "Droit de préemption urbain"),
    ("3.1", "Acquisitions"),
    ("3.2", "Aliénations"),
    ("3.3", "Locations"),
    ("3.4", "Limites territoriales"),
    ("3.5", "Actes de gestion du domaine public"),
    ("3.6", "Actes de gestion du domaine privé"),
    ("4.1", "Personnels titulaires et stagiaires de la F.P.T."),
    ("4.2", "Personnels contractuels"),
    ("4.3", "Fonction publique hospitalière"),
    ("4.4", "Autres catégories de personnels"),
    ("4.5", "Régime indemnitaire"),
    ("5.1", "Élection exécutif"),
    ("5.2", "Fonctionnement des assemblées"),
    ("5.3", "Désignation de représentants"),
    ("5.4", "Délégation de fonctions"),
    ("5.5", "Délégation de signature"),
    ("5.6", "Exercice des mandats locaux"),
    ("5.7", "Intercommunalité"),
    ("5.8", "Décision d'ester en justice"),
    ("6.1", "Police municipale"),
    ("6.2", "Pouvoirs du président du conseil général"),
    ("6.3", "Pouvoirs du président du conseil régional"),
    ("6.4", "Autres actes réglementaires"),
    ("6.5", "Actes pris au nom de l'État"),
    ("7.1", "Décisions budgétaires"),
    ("7.2", "Fiscalité"),
    ("7.3", "Emprunts"),
    ("7.4", "Interventions économiques"),
    ("7.5", "Subventions"),
    ("7.6", "Contributions budgétaires"),
    ("7.7", "Avances"),
    ("7.8", "Fonds de concours"),
    ("7.9", "Prise de participation (SEM, etc.)"),
    ("7.10", "Divers"),
    ("8.1", "Enseignement"),
    ("8.2", "Aide sociale"),
    ("8.3", "Voirie"),
    ("8.4", "Aménagement du territoire"),
    ("8.5", "Politique de la ville, habitat, logement"),
    ("8.6", "Emploi, formation professionnelle"),
    ("8.7", "Transports"),
    ("8.8", "Environnement"),
    ("8.9", "Culture"),
    ("9.1", "Autres domaines de compétences des communes"),
    ("9.2", "Autres domaines de compétences des départements"),
    ("9.3", "Autres domaines de compétences des régions"),
    ("9.4", "Vœux et motions"),
)

MATIERE_L1: dict[str, str] = {
    "1": "Commande publique",
    "2": "Urbanisme",
    "3": "Domaine et patrimoine",
    "4": "Fonction publique",
    "5": "Institutions et vie politique",
    "6": "Libertés publiques et pouvoirs de police",
    "7": "Finances locales",
    "8": "Domaines de compétences par thèmes",
    "9": "Autres domaines de compétences",
}


def nature_choices() -> list[tuple[str, str]]:
    return [(code, label) for code, label, _ in NATURES]


def matiere_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Matières grouped by their first level, as a select's optgroups."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for code, label in MATIERES:
        groups.setdefault(code.split(".")[0], []).append((code, f"{code} {label}"))
    return [(f"{key} {MATIERE_L1[key]}", items) for key, items in groups.items()]


def nature_letters(code: str) -> str:
    """The two letters of a nature in the ACTES identifier (RULES §7, §8.1)."""
    for nature, _, letters in NATURES:
        if nature == code:
            return letters
    raise KeyError(code)


@dataclass(frozen=True)
class DraftTemplate:
    """A starting point for a usual délibération: the secrétaire edits it.

    Each follows the structure of RULES §7: visas, considérants, then the
    articles of the dispositif, the last one charging the maire with the
    execution. ``nature`` is that of the act sent to the préfecture: a
    délibération (1), or a budget document (5) for the budget's own votes."""

    label: str
    nature: str
    matiere: str
    visas: tuple[str, ...]
    considerants: tuple[str, ...]
    articles: tuple[str, ...]


def display_number(year: int, sequence: int) -> str:
    """The annual number as people write it: ``2026-012`` (RULES §7)."""
    return f"{year}-{sequence:03d}"


def actes_number(year: int, sequence: int) -> str:
    """The same number as ACTES accepts it, capitals, digits and underscore,
    1 to 15 characters: ``2026_012`` (RULES §8.3)."""
    number = f"{year}_{sequence:03d}"
    if not ACTES_NUMBER.fullmatch(number):
        raise ValueError(f"not an ACTES number: {number}")
    return number


ACTES_NUMBER = re.compile(r"[A-Z0-9_]{1,15}")


_CGCT = "Vu le code général des collectivités territoriales"
_EXECUTION = "Le maire est chargé de l'exécution de la présente délibération."

DRAFT_TEMPLATES: dict[str, DraftTemplate] = {
    "budget_primitif": DraftTemplate(
        "Budget primitif",
        "5",
        "7.1",
        (
            f"{_CGCT}, notamment ses articles L1612-1 et suivants, L2311-1 et "
            "suivants et L2312-1 et suivants,",
            "Vu l'instruction budgétaire et comptable M57,",
            "Vu l'avis de la commission des finances du …,",
        ),
        (
            "Considérant le projet de budget primitif de l'exercice … présenté "
            "par le maire,",
        ),
        (
            "Le conseil municipal adopte le budget primitif de l'exercice …, "
            "voté au niveau du chapitre, tel que détaillé dans le document "
            "budgétaire annexé.",
            "Il s'équilibre en dépenses et en recettes à … euros en section de "
            "fonctionnement et à … euros en section d'investissement.",
            _EXECUTION,
        ),
    ),
    "decision_modificative": DraftTemplate(
        "Budget : décision modificative",
        "5",
        "7.1",
        (
            f"{_CGCT}, notamment ses articles L2311-1 et suivants et L2312-1 et "
            "suivants,",
            "Vu l'instruction budgétaire et comptable M57,",
            "Vu la délibération n° … du … approuvant le budget primitif …,",
        ),
        (
            "Considérant qu'il est nécessaire d'ajuster les crédits ouverts au "
            "budget …,",
        ),
        (
            "Le conseil municipal approuve la décision modificative n° … du "
            "budget …, telle que détaillée dans le tableau annexé.",
            _EXECUTION,
        ),
    ),
    "subvention": DraftTemplate(
        "Subvention à une association",
        "1",
        "7.5",
        (
            f"{_CGCT}, notamment son article L2311-7,",
            "Vu la demande de l'association … du …,",
        ),
        ("Considérant l'intérêt local des actions menées par l'association …,",),
        (
            "Une subvention de … euros est attribuée à l'association … pour l'année ….",
            "La dépense est imputée au compte 6574 du budget de l'exercice.",
            _EXECUTION,
        ),
    ),
    "tarifs": DraftTemplate(
        "Tarifs municipaux",
        "1",
        "7.10",
        (f"{_CGCT}, notamment son article L2121-29,",),
        ("Considérant qu'il convient de fixer les tarifs de … pour l'année …,",),
        (
            "Les tarifs de … sont fixés comme suit à compter du … : ….",
            _EXECUTION,
        ),
    ),
    "personnel": DraftTemplate(
        "Personnel : création de poste",
        "1",
        "4.1",
        (
            f"{_CGCT},",
            "Vu le code général de la fonction publique,",
            "Vu le tableau des emplois de la commune,",
        ),
        (
            "Considérant qu'il appartient au conseil municipal de fixer "
            "l'effectif des emplois nécessaires au fonctionnement des services,",
        ),
        (
            "Un emploi permanent de … à temps … est créé à compter du ….",
            "Le tableau des emplois est modifié en conséquence.",
            "Les crédits nécessaires sont inscrits au budget de l'exercice.",
            _EXECUTION,
        ),
    ),
    # The council's act is a délibération (1) authorising the signature; the
    # convention, once signed, is sent on its own as a contract (4).
    "convention": DraftTemplate(
        "Convention avec un partenaire",
        "1",
        "1.4",
        (f"{_CGCT}, notamment son article L2121-29,",),
        (
            "Considérant l'intérêt pour la commune de conclure avec … une "
            "convention ayant pour objet …,",
        ),
        (
            "Le conseil municipal approuve la convention annexée à la présente "
            "délibération.",
            "Le maire est autorisé à la signer ainsi que tout document s'y rapportant.",
            _EXECUTION,
        ),
    ),
    "urbanisme": DraftTemplate(
        "Urbanisme",
        "1",
        "2.1",
        (f"{_CGCT},", "Vu le code de l'urbanisme, notamment ses articles …,"),
        ("Considérant que …,",),
        (
            "Le conseil municipal décide de ….",
            "La présente délibération fera l'objet des mesures de publicité "
            "prévues par le code de l'urbanisme.",
            _EXECUTION,
        ),
    ),
}


def proces_verbal_approval_draft(day: str) -> dict[str, str]:
    """The starting text of the point that approves the procès-verbal of
    the séance of ``day`` (« 3 mars 2026 ») at the next séance (CGCT
    L2121-15), one line per visa, considérant and article, as the draft
    form takes them."""
    return {
        "expose": (
            f"Le projet de procès-verbal de la séance du conseil municipal du "
            f"{day}, établi par le secrétaire de séance, est soumis à "
            "l'approbation du conseil. Il est mis à la disposition de chaque "
            "membre avec la convocation et peut être consulté dans Quorum ; "
            "chacun peut en demander la rectification avant le vote."
        ),
        "visas": f"{_CGCT}, et notamment son article L2121-15,",
        "considerants": (
            f"Considérant le projet de procès-verbal de la séance du {day}, "
            "mis à la disposition des membres du conseil municipal,"
        ),
        "articles": "\n".join(
            (
                f"Le procès-verbal de la séance du conseil municipal du {day} "
                "est approuvé.",
                "Il sera signé par le maire et le ou les secrétaires de séance, "
                "puis publié sous forme électronique dans la semaine qui suit "
                "la présente séance.",
            )
        ),
        "nature": "1",
        "matiere": "5.2",
    }
