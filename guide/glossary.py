"""The legal words Quorum uses, in plain French, with the article of the
CGCT that defines them where there is one. The glossary page lists them;
the ``{% term %}`` tag links each occurrence on a screen to its entry, with
the definition as a tooltip."""

from dataclasses import dataclass

from django.utils.text import slugify


@dataclass(frozen=True)
class Entry:
    term: str
    definition: str
    article: str = ""

    @property
    def slug(self) -> str:
        return slugify(self.term)


ENTRIES = (
    Entry(
        "accusé de réception",
        "Le clic sur « J'ai bien reçu ma convocation » : la mairie sait que "
        "vous l'avez reçue. Quorum garde la date et l'heure comme preuve.",
    ),
    Entry(
        "convocation",
        "Le message du maire qui réunit le conseil : il donne le jour, l'heure, "
        "le lieu et l'ordre du jour. Elle arrive par e-mail, ou sur papier à "
        "votre domicile si vous l'avez demandé.",
        "CGCT L2121-10",
    ),
    Entry(
        "délibération",
        "Une décision du conseil municipal, prise par un vote. Elle porte un "
        "numéro (par exemple 2026-012), elle est signée, puis publiée.",
        "CGCT L2121-23",
    ),
    Entry(
        "huis clos",
        "Une séance, ou une partie de séance, sans public. Le conseil le décide "
        "sans débat, à la demande de trois conseillers ou du maire. Ce qui est "
        "dit à huis clos n'est jamais publié.",
        "CGCT L2121-18",
    ),
    Entry(
        "jours francs",
        "Des jours entiers : on ne compte ni le jour de l'envoi, ni le jour de "
        "la séance. Une convocation envoyée le lundi pour une séance le "
        "vendredi laisse 3 jours francs (mardi, mercredi, jeudi). Il en faut "
        "3 dans une commune de moins de 3 500 habitants, 5 au-delà.",
        "CGCT L2121-11 et L2121-12",
    ),
    Entry(
        "note de synthèse",
        "La « note explicative de synthèse » : quelques pages qui expliquent "
        "chaque point soumis au vote. Elle accompagne la convocation dans les "
        "communes de 3 500 habitants et plus.",
        "CGCT L2121-12",
    ),
    Entry(
        "ordre du jour",
        "La liste des points que le conseil examinera, dans l'ordre. Le maire "
        "la fixe ; elle accompagne la convocation.",
        "CGCT L2121-10",
    ),
    Entry(
        "procès-verbal",
        "Le compte rendu officiel de la séance : qui était là, ce qui a été "
        "dit et voté. Il est approuvé au début de la séance suivante, puis "
        "publié.",
        "CGCT L2121-15",
    ),
    Entry(
        "procuration",
        "Si vous ne pouvez pas venir, vous pouvez charger par écrit un autre "
        "conseiller de voter pour vous. Chacun ne peut en porter qu'une seule.",
        "CGCT L2121-20",
    ),
    Entry(
        "projet de délibération",
        "Le texte proposé au vote : ce qui est visé (les textes), considéré "
        "(les raisons) et décidé (les articles). Il devient une délibération "
        "une fois voté.",
    ),
    Entry(
        "quorum",
        "Le nombre de conseillers qui doivent être présents pour que le "
        "conseil puisse voter : plus de la moitié des conseillers en "
        "fonction. Les procurations ne comptent pas. Sans quorum, le conseil "
        "est convoqué de nouveau et vote alors sans cette condition.",
        "CGCT L2121-17",
    ),
    Entry(
        "rapporteur",
        "L'élu qui présente un point au conseil et en explique le projet de "
        "délibération.",
    ),
    Entry(
        "secrétaire de séance",
        "Le conseiller désigné au début de chaque séance pour en établir le "
        "procès-verbal, avec l'aide des services. À ne pas confondre avec le "
        "ou la secrétaire de mairie.",
        "CGCT L2121-15",
    ),
    Entry(
        "séance",
        "Une réunion du conseil municipal, ou d'une commission.",
    ),
    Entry(
        "urgence",
        "En cas d'urgence, le maire peut convoquer plus vite, mais jamais moins "
        "d'un jour franc avant. Le conseil se prononce sur l'urgence en début "
        "de séance.",
        "CGCT L2121-11",
    ),
    Entry(
        "voix prépondérante",
        "Quand il y a autant de voix pour que contre, celle du maire (ou de "
        "qui préside) l'emporte, sauf au scrutin secret.",
        "CGCT L2121-20",
    ),
)

BY_SLUG = {entry.slug: entry for entry in ENTRIES}


def entry_for(word: str) -> Entry:
    """The entry of a term as written on a screen ("Quorum", "huis clos",
    "procurations"); a word that is not in the glossary is a mistake of the
    template, and fails loudly."""
    slug = slugify(word)
    if slug in BY_SLUG:
        return BY_SLUG[slug]
    singular = slugify(" ".join(part.removesuffix("s") for part in word.split()))
    if singular in BY_SLUG:
        return BY_SLUG[singular]
    raise KeyError(f"terme absent du glossaire : {word!r}")
