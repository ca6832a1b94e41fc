"""The ACTES nomenclature (RULES §8.1, §8.2) and the starting templates of
a délibération (RULES §7)."""

import itertools
import re

import pytest

from domain.actes import (
    DRAFT_TEMPLATES,
    MATIERE_L1,
    MATIERES,
    NATURES,
    matiere_choices,
    nature_choices,
    nature_letters,
)

# RULES §8.1, as written there.
RULES_NATURES = (
    ("1", "Délibérations", "DE"),
    ("2", "Actes réglementaires", "AR"),
    ("3", "Actes individuels", "AI"),
    ("4", "Contrats, conventions et avenants", "CC"),
    ("5", "Documents budgétaires et financiers", "BF"),
    ("6", "Autres", "AU"),
)

# RULES §8.2, as written there; "…" at the head of a label stands for the
# words of the label above it, which this table spells out.
RULES_L1 = {
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
RULES_MATIERES = {
    "1.1": "Marchés publics",
    "1.2": "Délégation(s) de service public",
    "1.3": "Conventions de mandat",
    "1.4": "Autres (types de) contrats",
    "1.5": "Transactions (protocole d'accord transactionnel)",
    "1.6": "Maîtrise d'œuvre",
    "1.7": "Actes spéciaux et divers",
    "2.1": "Documents d'urbanisme",
    "2.2": "Actes relatifs au droit d'occupation ou d'utilisation des sols",
    "2.3": "Droit de préemption urbain",
    "3.1": "Acquisitions",
    "3.2": "Aliénations",
    "3.3": "Locations",
    "3.4": "Limites territoriales",
    "3.5": "Actes de gestion du domaine public",
    "3.6": "(Autres) actes de gestion du domaine privé",
    "4.1": "Personnels titulaires et stagiaires de la F.P.T.",
    "4.2": "Personnels contractuels",
    "4.3": "Fonction publique hospitalière",
    "4.4": "Autres catégories de personnels",
    "4.5": "Régime indemnitaire",
    "5.1": "Élection exécutif",
    "5.2": "Fonctionnement des assemblées",
    "5.3": "Désignation de(s) représentants",
    "5.4": "Délégation de fonctions",
    "5.5": "Délégation de signature",
    "5.6": "Exercice des mandats locaux",
    "5.7": "Intercommunalité",
    "5.8": "Décision d'ester en justice",
    "6.1": "Police municipale",
    "6.2": "Pouvoirs du président du conseil général",
    "6.3": "Pouvoirs du président du conseil régional",
    "6.4": "Autres actes réglementaires",
    "6.5": "Actes pris au nom de l'État",
    "7.1": "Décisions budgétaires (BP, DM, CA…)",
    "7.2": "Fiscalité",
    "7.3": "Emprunts",
    "7.4": "Interventions économiques (en faveur des entreprises)",
    "7.5": "Subventions",
    "7.6": "Contributions budgétaires",
    "7.7": "Avances",
    "7.8": "Fonds de concours",
    "7.9": "Prise de participation (SEM, etc.)",
    "7.10": "Divers",
    "8.1": "Enseignement",
    "8.2": "Aide sociale",
    "8.3": "Voirie",
    "8.4": "Aménagement du territoire",
    "8.5": "Politique de la ville, habitat, logement",
    "8.6": "Emploi, formation professionnelle",
    "8.7": "Transports",
    "8.8": "Environnement",
    "8.9": "Culture",
    "9.1": "Autres domaines de compétences des communes",
    "9.2": "Autres domaines de compétences des départements",
    "9.3": "Autres domaines de compétences des régions",
    "9.4": "Vœux et motions",
}
# The ranges of the SCDL description, which RULES §8.2 says match.
RULES_RANGES = {"1": 7, "2": 3, "3": 6, "4": 5, "5": 8, "6": 5, "7": 10, "8": 9, "9": 4}

_BRACKETED = re.compile(r"\(([^)]*)\)")


def readings(label: str) -> set[str]:
    """The labels RULES allows for ``label``: the sources differ in the
    parts it puts in brackets ("Délégation(s)", "Autres (types de)
    contrats"), each dropped, kept without its brackets or kept as is."""
    parts = _BRACKETED.split(label)
    texts, bracketed = parts[::2], parts[1::2]
    found = set()
    for choice in itertools.product(range(3), repeat=len(bracketed)):
        out = texts[0]
        for option, inner, text in zip(choice, bracketed, texts[1:], strict=True):
            out += ("", inner, f"({inner})")[option] + text
        found.add(_normal(out))
    return found


def _normal(label: str) -> str:
    label = " ".join(label.split())
    return label[:1].upper() + label[1:]


def test_the_six_natures_are_those_of_actes_with_their_two_letters() -> None:
    assert NATURES == RULES_NATURES
    assert nature_choices() == [(code, label) for code, label, _ in RULES_NATURES]
    for code, _, letters in RULES_NATURES:
        assert nature_letters(code) == letters


def test_hors_prefecture_is_not_an_actes_nature() -> None:
    """Some platforms add a local 7 for acts never sent: not ACTES (§8.1)."""
    with pytest.raises(KeyError):
        nature_letters("7")


def test_the_matieres_are_the_national_levels_one_and_two_in_order() -> None:
    expected = [
        f"{level}.{n}"
        for level, count in RULES_RANGES.items()
        for n in range(1, count + 1)
    ]

    assert [code for code, _ in MATIERES] == expected
    assert list(RULES_MATIERES) == expected


@pytest.mark.parametrize(("code", "label"), MATIERES, ids=[c for c, _ in MATIERES])
def test_each_matiere_has_its_label_in_rules(code: str, label: str) -> None:
    assert _normal(label) in readings(RULES_MATIERES[code])


def test_each_first_level_has_its_name_in_rules() -> None:
    assert MATIERE_L1 == RULES_L1


def test_the_matieres_are_offered_grouped_by_their_first_level() -> None:
    groups = matiere_choices()

    assert [name for name, _ in groups] == [
        f"{key} {name}" for key, name in RULES_L1.items()
    ]
    finances = dict(groups[6][1])
    assert finances["7.10"] == "7.10 Divers"
    assert finances["7.1"] == "7.1 Décisions budgétaires"
    assert sum(len(items) for _, items in groups) == len(RULES_MATIERES)


def test_readings_keep_drop_or_unbracket_each_bracketed_part() -> None:
    assert readings("Délégation(s) de service public") == {
        "Délégation de service public",
        "Délégations de service public",
        "Délégation(s) de service public",
    }
    assert "Autres contrats" in readings("Autres (types de) contrats")
    assert "Autres types contrats" not in readings("Autres (types de) contrats")


# The starting templates: each with the nature and matière of its act.
EXPECTED_TEMPLATES = {
    "budget_primitif": ("5", "7.1"),
    "decision_modificative": ("5", "7.1"),
    "subvention": ("1", "7.5"),
    "tarifs": ("1", "7.10"),
    "personnel": ("1", "4.1"),
    "convention": ("1", "1.4"),
    "urbanisme": ("1", "2.1"),
}


def test_every_usual_deliberation_has_a_template_with_its_classification() -> None:
    assert {
        key: (template.nature, template.matiere)
        for key, template in DRAFT_TEMPLATES.items()
    } == EXPECTED_TEMPLATES


@pytest.mark.parametrize("key", sorted(EXPECTED_TEMPLATES))
def test_a_template_follows_the_structure_of_a_deliberation(key: str) -> None:
    """RULES §7: visas ("Vu…"), considérants ("Considérant…"), then the
    articles, the last charging the maire with the execution."""
    template = DRAFT_TEMPLATES[key]

    assert template.label
    assert template.visas[0].startswith(
        "Vu le code général des collectivités territoriales"
    )
    assert all(visa.startswith("Vu ") for visa in template.visas)
    assert template.considerants
    assert all(line.startswith("Considérant") for line in template.considerants)
    assert len(template.articles) >= 2
    assert "chargé de l'exécution" in template.articles[-1]
    for line in (*template.visas, *template.considerants, *template.articles):
        assert "\n" not in line, "one line is one visa, considérant or article"


def test_the_budget_templates_are_budget_documents_and_cite_the_budget_code() -> None:
    for key in ("budget_primitif", "decision_modificative"):
        template = DRAFT_TEMPLATES[key]
        assert nature_letters(template.nature) == "BF"
        assert "L2311-1" in template.visas[0]
        assert any("M57" in visa for visa in template.visas)
    assert "budget primitif" in DRAFT_TEMPLATES["budget_primitif"].articles[0]
    assert any(
        "budget primitif" in visa
        for visa in DRAFT_TEMPLATES["decision_modificative"].visas
    )
