"""Everything the demo contains, as data: two fictional communes, their
people, workspaces and generated documents, and where the real corpus goes.

Every name, address and number here is invented. The INSEE codes 38999 and
38998 lie beyond the last commune of Isère; the SIREN numbers follow the
pattern of communes' (21, département, 0, commune number, Luhn key) on those
codes, so they pass a checksum but belong to nobody.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

from collectivites.models import Workspace
from domain.french import Civility
from domain.roles import Role

PASSWORD = "quorum-demo"  # noqa: S105 - the demo's published password

# Municipal elections of 15 March 2026; the new council first meets between
# the Friday and the Sunday after the round that elected it (CGCT L. 2121-7).
MANDATE_START = date(2026, 3, 20)
RESIGNATION_DAY = date(2026, 9, 14)


# The demo's invented people who are women, by first name; every other
# person of the demo is a man. It agrees their titles (« la maire »).
WOMEN = frozenset(
    {
        "Amandine",
        "Céline",
        "Claire",
        "Élodie",
        "Émilie",
        "Hélène",
        "Isabelle",
        "Lucie",
        "Martine",
        "Nadia",
        "Nathalie",
        "Sandrine",
        "Sophie",
    }
)


@dataclass(frozen=True)
class Person:
    key: str
    name: str  # first name, a space, last name
    role: Role
    rank: int | None = None
    delegation: str = ""
    function: str = ""
    started_on: date = MANDATE_START
    ended_on: date | None = None
    end_reason: str = ""
    # A login account has a published address, the demo password and a line
    # in the printed list; everyone else gets an address nobody reads and
    # no usable password.
    login: str = ""
    shows: str = ""

    @property
    def first_name(self) -> str:
        return self.name.split(" ", 1)[0]

    @property
    def last_name(self) -> str:
        return self.name.split(" ", 1)[1]

    @property
    def civility(self) -> Civility:
        return Civility.MADAME if self.first_name in WOMEN else Civility.MONSIEUR

    @property
    def email(self) -> str:
        local = f"{_ascii(self.first_name)}.{_ascii(self.last_name)}"
        return self.login or f"{local}@example.org"


@dataclass(frozen=True)
class Space:
    name: str
    kind: str
    description: str
    members: tuple[str, ...]
    managers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """One version of a generated document. A ``.pdf`` body becomes a
    one-page PDF whose first line is the title; other bodies are UTF-8."""

    author: str
    filename: str
    body: str
    note: str = ""


@dataclass(frozen=True)
class GeneratedDocument:
    workspace: str
    title: str
    versions: tuple[Draft, ...]
    folder: str = ""


@dataclass(frozen=True)
class Town:
    name: str
    slug: str
    insee_code: str
    siren: str
    siret: str
    population_totale: int
    population_municipale: int
    council_seats: int
    address: str
    people: tuple[Person, ...]
    workspaces: tuple[Space, ...]
    documents: tuple[GeneratedDocument, ...] = ()


def _ascii(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.lower())
    return "".join(ch for ch in decomposed if ch.isascii() and ch.isalnum())


# --- Saint-Exemple-sur-Isère -------------------------------------------------

SAINT_EXEMPLE_PEOPLE = (
    Person(
        "maire",
        "Hélène Marchetti",
        Role.MAIRE,
        rank=1,
        login="maire@example.org",
        shows="maire de Saint-Exemple-sur-Isère, voit tous les espaces de travail",
    ),
    Person(
        "adjointe_finances",
        "Claire Dubreuil",
        Role.ADJOINT,
        rank=2,
        delegation="finances, budget et ressources humaines",
        login="adjointe.finances@example.org",
        shows="1re adjointe aux finances, anime la Commission des finances",
    ),
    Person(
        "adjoint_urbanisme",
        "Marc Lefébure",
        Role.ADJOINT,
        rank=3,
        delegation="urbanisme, travaux et voirie",
    ),
    Person(
        "adjointe_ecoles",
        "Sophie Arnaud",
        Role.ADJOINT,
        rank=4,
        delegation="affaires scolaires, enfance et jeunesse",
    ),
    Person(
        "adjoint_associations",
        "Thomas Renaudin",
        Role.ADJOINT,
        rank=5,
        delegation="vie associative, culture et sports",
    ),
    Person(
        "delegue_numerique",
        "Nadia Belkacem",
        Role.CONSEILLER_DELEGUE,
        rank=6,
        delegation="communication et numérique",
    ),
    Person(
        "conseiller",
        "Julien Morel",
        Role.CONSEILLER,
        rank=7,
        login="conseiller@example.org",
        shows="conseiller municipal, membre d'aucune commission",
    ),
    Person("isabelle", "Isabelle Fournier", Role.CONSEILLER, rank=8),
    Person("patrick", "Patrick Chevalier", Role.CONSEILLER, rank=9),
    Person("amandine", "Amandine Roux", Role.CONSEILLER, rank=10),
    Person("bernard", "Bernard Vasseur", Role.CONSEILLER, rank=11),
    Person("emilie", "Émilie Garnier", Role.CONSEILLER, rank=12),
    Person("karim", "Karim Haddad", Role.CONSEILLER, rank=13),
    Person("lucie", "Lucie Perrin", Role.CONSEILLER, rank=14),
    # Resigned mid-mandate; the next candidate of the list took the seat
    # the day the maire received the letter (code électoral L. 270).
    Person(
        "gerard",
        "Gérard Lambert",
        Role.CONSEILLER,
        rank=15,
        ended_on=RESIGNATION_DAY,
        end_reason="démission",
    ),
    Person(
        "elodie",
        "Élodie Mercier",
        Role.CONSEILLER,
        rank=15,
        started_on=RESIGNATION_DAY,
    ),
    Person(
        "secretaire",
        "Martine Lecomte",
        Role.SECRETAIRE,
        function="Secrétaire générale de mairie",
        started_on=date(2019, 9, 1),
        login="secretaire@example.org",
        shows=(
            "secrétaire de mairie de Saint-Exemple-sur-Isère : Commission des "
            "finances, Archives du conseil, Fichiers de test"
        ),
    ),
    Person(
        "agent_technique",
        "Yannick Dumont",
        Role.AGENT,
        function="Services techniques",
        started_on=date(2021, 4, 1),
        login="agent.technique@example.org",
        shows="agent des services techniques, espace Projet école seulement",
    ),
    Person(
        "agent_accueil",
        "Sandrine Petit",
        Role.AGENT,
        function="Accueil, état civil et urbanisme",
        started_on=date(2017, 2, 1),
    ),
)

ARCHIVES = "Archives du conseil"
TEST_FILES = "Fichiers de test"
FINANCES = "Commission des finances"

SAINT_EXEMPLE_SPACES = (
    Space(
        FINANCES,
        Workspace.Kind.COMMISSION,
        "Prépare le budget et suit son exécution.",
        members=("adjointe_finances", "secretaire", "isabelle", "patrick", "emilie"),
        managers=("adjointe_finances",),
    ),
    Space(
        "Projet école",
        Workspace.Kind.PROJET,
        "Rénovation et extension du groupe scolaire.",
        members=("adjointe_ecoles", "agent_technique", "amandine", "delegue_numerique"),
        managers=("adjointe_ecoles",),
    ),
    Space(
        "Commission urbanisme",
        Workspace.Kind.COMMISSION,
        "Révision du plan local d'urbanisme et demandes d'autorisation.",
        members=(
            "adjoint_urbanisme",
            "bernard",
            "karim",
            "patrick",
            "gerard",
            "elodie",
            "agent_accueil",
        ),
        managers=("adjoint_urbanisme",),
    ),
    Space(
        ARCHIVES,
        Workspace.Kind.COMMISSION,
        "Comptes rendus et procès-verbaux réels d'autres communes, pour les "
        "essais. Ils nomment des personnes réelles : à ne jamais publier.",
        members=("secretaire",),
        managers=("secretaire",),
    ),
    Space(
        TEST_FILES,
        Workspace.Kind.PROJET,
        "Fichiers réels de toutes sortes (PDF protégés, CSV, XML…) pour les "
        "essais d'import. À ne jamais publier.",
        members=("secretaire",),
        managers=("secretaire",),
    ),
)

BUDGET_HEADER = "Section;Chapitre;Libellé;Montant proposé (€)\n"
BUDGET_V1 = BUDGET_HEADER + (
    "Fonctionnement;011;Charges à caractère général;312000\n"
    "Fonctionnement;012;Charges de personnel;468000\n"
    "Fonctionnement;65;Autres charges de gestion courante;96500\n"
    "Fonctionnement;66;Charges financières;18200\n"
    "Fonctionnement;023;Virement à la section d'investissement;145000\n"
    "Investissement;21;Immobilisations corporelles;380000\n"
    "Investissement;16;Remboursement d'emprunts;62000\n"
)
BUDGET_V2 = BUDGET_V1.replace("courante;96500", "courante;104500").replace(
    "investissement;145000", "investissement;137000"
)
BUDGET_V3 = BUDGET_V2.replace("corporelles;380000", "corporelles;130000") + (
    "Investissement;23;Immobilisations en cours (rénovation de l'école);250000\n"
)

SAINT_EXEMPLE_DOCUMENTS = (
    GeneratedDocument(
        FINANCES,
        "Budget primitif 2027 — CANARI-FINANCES",
        (
            Draft(
                "secretaire",
                "budget-primitif-2027-note.txt",
                "Budget primitif 2027 — note de présentation\n\n"
                "Document de démonstration réservé à la Commission des finances.\n"
                "Marqueur de cloisonnement : CANARI-FINANCES\n",
                "Note pour la réunion de commission.",
            ),
        ),
        folder="Budget 2027",
    ),
    GeneratedDocument(
        FINANCES,
        "Budget primitif 2027 — propositions par chapitre",
        (
            Draft(
                "secretaire",
                "budget-primitif-2027.csv",
                BUDGET_V1,
                "Première proposition, d'après le compte administratif 2026.",
            ),
            Draft(
                "adjointe_finances",
                "budget-primitif-2027.csv",
                BUDGET_V2,
                "Subventions aux associations relevées de 8 000 €.",
            ),
            Draft(
                "secretaire",
                "budget-primitif-2027.csv",
                BUDGET_V3,
                "Rénovation de l'école inscrite au chapitre 23.",
            ),
        ),
        folder="Budget 2027",
    ),
    GeneratedDocument(
        "Projet école",
        "Cahier des charges — rénovation de l'école",
        (
            Draft(
                "agent_technique",
                "cahier-des-charges-ecole.txt",
                "Rénovation du groupe scolaire — cahier des charges\n\n"
                "1. Isolation des combles et remplacement des menuiseries.\n"
                "2. Mise en accessibilité des sanitaires.\n"
                "3. Travaux pendant les vacances d'été 2027.\n",
            ),
        ),
    ),
    GeneratedDocument(
        "Projet école",
        "Plan de financement de la rénovation",
        (
            Draft(
                "adjointe_ecoles",
                "plan-de-financement-ecole.pdf",
                "Plan de financement — rénovation de l'école\n"
                "Dépense prévue : 250 000 € HT.\n"
                "DETR (État) : 100 000 € — 40 %.\n"
                "Département de l'Isère : 50 000 € — 20 %.\n"
                "Autofinancement de la commune : 100 000 € — 40 %.\n",
            ),
        ),
    ),
    GeneratedDocument(
        "Commission urbanisme",
        "Révision du PLU — calendrier",
        (
            Draft(
                "adjoint_urbanisme",
                "revision-plu-calendrier.txt",
                "Révision du plan local d'urbanisme\n\n"
                "Janvier 2027 : diagnostic.\n"
                "Juin 2027 : débat sur le projet d'aménagement.\n"
                "Début 2028 : enquête publique.\n",
            ),
        ),
    ),
)


def council_table(people: tuple[Person, ...]) -> str:
    """The tableau du conseil municipal as CSV: élus in office by rank."""
    rows = ["Rang;Nom;Prénom;Fonction"]
    for person in people:
        if person.rank is not None and person.ended_on is None:
            rows.append(
                f"{person.rank};{person.last_name};{person.first_name};"
                f"{person.role.value}"
            )
    return "\n".join(rows) + "\n"


# Generated in the Archives only when the real corpus is not on the machine.
ARCHIVES_WITHOUT_CORPUS = (
    GeneratedDocument(
        ARCHIVES,
        "Procès-verbal de la séance d'installation",
        (
            Draft(
                "secretaire",
                "pv-installation-20-mars-2026.txt",
                "Procès-verbal de la séance du 20 mars 2026\n\n"
                "Installation du conseil municipal, élection du maire et de "
                "quatre adjoints.\nQuinze conseillers présents.\n",
            ),
        ),
        folder="2026/Séance du 20 mars 2026",
    ),
    GeneratedDocument(
        ARCHIVES,
        "Tableau du conseil municipal",
        (
            Draft(
                "secretaire",
                "tableau-du-conseil.csv",
                council_table(SAINT_EXEMPLE_PEOPLE),
            ),
        ),
        folder="2026/Séance du 20 mars 2026",
    ),
    GeneratedDocument(
        ARCHIVES,
        "Liste des délibérations du 25 septembre 2026",
        (
            Draft(
                "secretaire",
                "liste-des-deliberations-25-septembre-2026.pdf",
                "Liste des délibérations — séance du 25 septembre 2026\n"
                "2026-031 Installation d'une conseillère municipale : adoptée.\n"
                "2026-032 Décision modificative n° 1 : adoptée.\n"
                "2026-033 Tarifs de la cantine scolaire : adoptée.\n",
            ),
        ),
        folder="2026/Séance du 25 septembre 2026",
    ),
)

# --- Val-d'Autre ------------------------------------------------------------

VAL_DAUTRE_PEOPLE = (
    Person(
        "secretaire_autre",
        "Nathalie Bouvier",
        Role.SECRETAIRE,
        function="Secrétaire générale de mairie",
        started_on=date(2018, 1, 15),
        login="secretaire@autre.example.org",
        shows="secrétaire de mairie de Val-d'Autre seulement",
    ),
    Person("maire_autre", "Philippe Garraud", Role.MAIRE, rank=1),
    Person(
        "adjointe_travaux",
        "Céline Marquet",
        Role.ADJOINT,
        rank=2,
        delegation="travaux, voirie et bâtiments communaux",
    ),
    Person("olivier", "Olivier Tessier", Role.CONSEILLER, rank=3),
)

VAL_DAUTRE_DOCUMENTS = (
    GeneratedDocument(
        "Commission travaux",
        "Programme de voirie 2027 — CANARI-AUTRE",
        (
            Draft(
                "secretaire_autre",
                "programme-voirie-2027.csv",
                "Voie;Travaux;Estimation (€)\n"
                "Chemin des Vignes;Reprise de chaussée;48000\n"
                "Rue du Lavoir;Trottoirs accessibles;31000\n"
                "# Marqueur de cloisonnement : CANARI-AUTRE\n",
            ),
        ),
    ),
)

TOWNS = (
    Town(
        name="Saint-Exemple-sur-Isère",
        slug="saint-exemple",
        insee_code="38999",
        siren="213809999",
        siret="21380999900013",
        population_totale=1240,
        population_municipale=1212,
        council_seats=15,
        address="Place de la Mairie, Saint-Exemple-sur-Isère",
        people=SAINT_EXEMPLE_PEOPLE,
        workspaces=SAINT_EXEMPLE_SPACES,
        documents=SAINT_EXEMPLE_DOCUMENTS,
    ),
    Town(
        name="Val-d'Autre",
        slug="val-dautre",
        insee_code="38998",
        siren="213809981",
        siret="21380998100011",
        population_totale=4100,
        population_municipale=4032,
        # CGCT L. 2121-2 gives 27 seats from 3 500 inhabitants (municipale).
        council_seats=27,
        address="1 rue de la Mairie, Val-d'Autre",
        people=VAL_DAUTRE_PEOPLE,
        workspaces=(
            Space(
                "Commission travaux",
                Workspace.Kind.COMMISSION,
                "Voirie, bâtiments communaux et réseaux.",
                members=("adjointe_travaux", "secretaire_autre", "olivier"),
                managers=("adjointe_travaux",),
            ),
        ),
        documents=VAL_DAUTRE_DOCUMENTS,
    ),
)

# The real corpus (QUORUM_CORPUS_DIR) names real people: it goes only to
# private workspaces of the secrétaire (which the maire sees by rule), never
# to a page the public or another demo account could see. ``demo.seances``
# links a few of its files as annexes, only on points of the séance in
# preparation whose rapporteurs and agents have no login.
CORPUS_TOWN = "saint-exemple"
CORPUS_IMPORTER = "secretaire"
CORPUS_TO_ARCHIVES = ("fr-flaux-gard", "fr-couthenans-haute-saone")
