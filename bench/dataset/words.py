"""Words to make names, titles and texts that read like a commune's."""

import random

FIRST_NAMES = [
    "Marie",
    "Jean",
    "Nathalie",
    "Pierre",
    "Isabelle",
    "Michel",
    "Sylvie",
    "Philippe",
    "Catherine",
    "Alain",
    "Christine",
    "Patrick",
    "Sandrine",
    "Nicolas",
    "Valérie",
    "Laurent",
    "Céline",
    "Thierry",
    "Sophie",
    "Éric",
    "Martine",
    "Christophe",
    "Véronique",
    "Stéphane",
    "Chantal",
    "Frédéric",
    "Nadine",
    "Julien",
]
LAST_NAMES = [
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
]
VILLAGES = (
    "Saint-Martin",
    "Villeneuve",
    "Beaulieu",
    "Fontaine",
    "Montigny",
    "La Chapelle",
    "Saint-Germain",
    "Châteauneuf",
    "Neuville",
    "Sainte-Marie",
    "Bourg-Neuf",
    "Les Granges",
)
TOPICS = (
    "budget primitif",
    "compte administratif",
    "décision modificative",
    "tarifs de la cantine scolaire",
    "travaux de voirie communale",
    "éclairage public",
    "subvention aux associations",
    "convention avec l'intercommunalité",
    "tarifs de la salle des fêtes",
    "assainissement collectif",
    "reprise de concessions au cimetière",
    "création d'un poste d'adjoint technique",
    "rapport sur le prix et la qualité de l'eau",
    "enfouissement des réseaux",
    "acquisition d'une parcelle",
    "indemnités des élus",
    "plan local d'urbanisme",
    "restauration de l'église",
)
_WORDS = [
    "le",
    "conseil",
    "municipal",
    "examine",
    "la",
    "proposition",
    "du",
    "maire",
    "relative",
    "aux",
    "travaux",
    "de",
    "la",
    "commune",
    "dont",
    "le",
    "montant",
    "est",
    "inscrit",
    "au",
    "budget",
    "de",
    "l'exercice",
    "après",
    "avis",
    "de",
    "la",
    "commission",
    "et",
    "consultation",
    "des",
    "services",
    "de",
    "l'État",
    "pour",
    "l'entretien",
    "des",
    "bâtiments",
    "communaux",
    "et",
    "la",
    "sécurité",
    "des",
    "usagers",
]


_POOL_SIZE = 200


def _pool() -> list[str]:
    rng = random.Random(0)  # noqa: S311 - words, not a secret
    return [
        " ".join(rng.choice(_WORDS) for _ in range(rng.randint(8, 40))).capitalize()
        + "."
        for _ in range(_POOL_SIZE)
    ]


_SENTENCES = _pool()


def sentence(rng: random.Random, *, words: int) -> str:
    """About ``words`` words, of sentences drawn from a fixed pool: making
    each text word by word would cost more than inserting it."""
    text = rng.choice(_SENTENCES)
    while len(text) < words * 6:
        text += " " + rng.choice(_SENTENCES)
    return text
