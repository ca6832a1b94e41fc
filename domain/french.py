"""How Quorum writes French: the first of the month, elision before a vowel
or a mute h, and the title of a function agreed with the person who holds
it. Plain words, no Django: the template filters and the documents all
call these."""

import re
import unicodedata
from enum import StrEnum

from domain.roles import Role

# --- Dates ------------------------------------------------------------------

# A Django or PHP-style date format: a backslash escapes the next letter.
_FORMAT_TOKEN = re.compile(r"\\.|.", re.S)
_MONTH_NAMES = frozenset("FEN")


def day_format(date_format: str, day: int) -> str:
    """``date_format`` with the day of the month written « 1er » on the
    first (« 1er décembre 2026 »), as French writes it, wherever the month
    is named. A date in figures (« 01/12/2026 », « 1/12 ») keeps its figure."""
    tokens = _FORMAT_TOKEN.findall(date_format)
    if day != 1 or not _MONTH_NAMES & set(tokens):
        return date_format
    return "".join(r"\1\e\r" if part == "j" else part for part in tokens)


def ordinal(number: int, feminine: bool = False) -> str:
    """« 1er », « 1re », « 2e », « 10e » (the abbreviations of the
    Imprimerie nationale)."""
    if number == 1:
        return "1re" if feminine else "1er"
    return f"{number}e"


# --- Elision ----------------------------------------------------------------

ELIDING_WORDS = {
    "de": "d'",
    "le": "l'",
    "la": "l'",
    "que": "qu'",
    "jusque": "jusqu'",
    "lorsque": "lorsqu'",
    "puisque": "puisqu'",
}

# Words and first names whose h is mute, so that « de » and « le » elide
# before them. Any other h is taken as aspirated: « de Hardy », « le hameau »
# read right, where a wrong « d'Hardy » would not.
MUTE_H = frozenset(
    {
        # first names
        "hadrien",
        "hector",
        "helene",
        "heloise",
        "henri",
        "henriette",
        "herve",
        "hermine",
        "hilaire",
        "hippolyte",
        "honore",
        "honorine",
        "horace",
        "hortense",
        "hubert",
        "hugues",
        "huguette",
        "hyacinthe",
        # words of a commune's life
        "habitant",
        "habitante",
        "habitants",
        "habitat",
        "habitation",
        "habitations",
        "hebergement",
        "heritage",
        "heure",
        "heures",
        "histoire",
        "hiver",
        "hommage",
        "homme",
        "hommes",
        "honneur",
        "horaire",
        "horaires",
        "hopital",
        "hotel",
        "huissier",
        "huissiere",
        "hygiene",
        "hypothese",
    }
)
_VOWELS = frozenset("aeiouy")


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def starts_with_vowel_sound(text: str) -> bool:
    """Whether ``text`` begins with a vowel sound that makes the word
    before it elide: a vowel (« Émilie », « Alain », « Yves »), or an h
    known to be mute (« Hélène », « hôtel »). A y before a vowel is a
    consonant (« de Yann »)."""
    stripped = text.lstrip()
    first_word = re.split(r"[\s\-'’]", stripped, maxsplit=1)[0]
    plain = _plain(first_word)
    if not plain:
        return False
    if plain[0] == "y":
        return len(plain) == 1 or plain[1] not in _VOWELS
    if plain[0] == "h":
        return plain in MUTE_H
    return plain[0] in _VOWELS


# TODO(contraction): « de Le Havre » should read « du Havre » and « de Les
# Abrets » « des Abrets »; a commune whose name begins with an article is
# glued as it is written, elided only before a vowel.
def elide(word: str, following: str) -> str:
    """``word`` then ``following``, elided where French elides:
    « de Émilie » is « d'Émilie », « le adjoint » is « l'adjoint », « que
    Hélène » is « qu'Hélène ». A capital on ``word`` stays (« D'Alain »)."""
    if not following:
        return word
    short = ELIDING_WORDS.get(word.lower())
    if short is None or not starts_with_vowel_sound(following):
        return f"{word} {following.lstrip()}"
    if word[:1].isupper():
        short = short[0].upper() + short[1:]
    return f"{short}{following.lstrip()}"


# --- Functions agreed with the person ------------------------------------------


class Civility(StrEnum):
    """How a person is addressed; unknown keeps the epicene wording."""

    MADAME = "madame"
    MONSIEUR = "monsieur"
    UNKNOWN = ""


# Each function as it reads for a woman, for a man, and for nobody known.
_TITLES: dict[Role, tuple[str, str, str]] = {
    Role.MAIRE: ("maire", "maire", "maire"),
    Role.ADJOINT: ("adjointe au maire", "adjoint au maire", "adjoint(e) au maire"),
    Role.CONSEILLER_DELEGUE: (
        "conseillère municipale déléguée",
        "conseiller municipal délégué",
        "conseiller(ère) délégué(e)",
    ),
    Role.CONSEILLER: (
        "conseillère municipale",
        "conseiller municipal",
        "conseiller(ère) municipal(e)",
    ),
    Role.SECRETAIRE: ("secrétaire de mairie",) * 3,
    Role.DGS: (
        "directrice générale des services",
        "directeur général des services",
        "directeur(rice) général(e) des services",
    ),
    Role.AGENT: ("agente", "agent", "agent"),
}
_PRESIDENT = ("présidente de séance", "président de séance", "président de séance")
_SECRETARY = ("secrétaire de séance",) * 3


def _agreed(words: tuple[str, str, str], civility: Civility) -> str:
    if civility == Civility.MADAME:
        return words[0]
    if civility == Civility.MONSIEUR:
        return words[1]
    return words[2]


def function_title(role: Role, civility: Civility, rank: int | None = None) -> str:
    """The function of a member, agreed with the person: « maire »,
    « 1re adjointe au maire », « conseiller municipal ». An adjoint's rank
    at the tableau comes after the maire's (L2121-1): the member of rank 2
    is the first adjoint."""
    title = _agreed(_TITLES[role], civility)
    # Without a civility, the epicene « adjoint(e) » stays without a rank:
    # « 1er(e) » would read worse than no rank at all.
    known = civility != Civility.UNKNOWN
    if role == Role.ADJOINT and known and rank is not None and rank >= 2:
        title = f"{ordinal(rank - 1, civility == Civility.MADAME)} {title}"
    return title


def president_title(civility: Civility) -> str:
    return _agreed(_PRESIDENT, civility)


def secretary_title(civility: Civility) -> str:
    return _agreed(_SECRETARY, civility)


def with_article(title: str, civility: Civility) -> str:
    """« la maire », « le maire », « l'adjointe au maire »; nobody known
    reads as today, « le ». Lower case: ``capitalize`` starts a sentence."""
    article = "la" if civility == Civility.MADAME else "le"
    return elide(article, title)


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]
