"""One help page in plain French for each main screen of Quorum, and which
screens (URL names) each page explains: the layout links every screen to
its page (``help_for``)."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str
    intro: str
    sections: tuple[Section, ...]
    # The screens this page explains, as URL names ("app:name").
    screens: tuple[str, ...] = field(default_factory=tuple)
    # Legal words of the glossary used on those screens.
    terms: tuple[str, ...] = field(default_factory=tuple)


PAGES = (
    HelpPage(
        "tableau-de-bord",
        "Le tableau de bord",
        "La première page quand vous vous connectez : ce qui vous attend, "
        "dans votre commune.",
        (
            Section(
                "Ce que vous y trouvez",
                (
                    "Les prochaines séances, les relectures qu'on vous demande et "
                    "les documents récents des espaces dont vous êtes membre.",
                    "Un chiffre sur la cloche, en haut, indique les nouveautés que "
                    "vous n'avez pas encore lues.",
                ),
            ),
            Section(
                "Plusieurs communes",
                (
                    "Si vous êtes membre de plusieurs collectivités, le menu "
                    "« Changer de collectivité » passe de l'une à l'autre : rien "
                    "ne passe jamais d'une commune à l'autre.",
                ),
            ),
        ),
        ("web:dashboard", "web:home"),
    ),
    HelpPage(
        "mes-seances",
        "Mes séances",
        "Les séances auxquelles vous êtes convoqué(e), à venir puis passées.",
        (
            Section(
                "Pour chaque séance",
                (
                    "La date, le lieu, si vous avez confirmé la réception de votre "
                    "convocation et si vous avez répondu présent, absent ou donné "
                    "une procuration.",
                    "Le bouton « Lire le dossier » ouvre l'ordre du jour, la note de "
                    "synthèse s'il y en a une, et chaque projet de délibération.",
                ),
            ),
        ),
        ("convocations:my_seances",),
        ("convocation", "procuration"),
    ),
    HelpPage(
        "dossier",
        "Le dossier de la séance",
        "Tout ce dont vous avez besoin pour préparer la séance, sur votre "
        "téléphone ou votre ordinateur, sans pièce jointe.",
        (
            Section(
                "Lire",
                (
                    "L'ordre du jour liste les points dans l'ordre où le conseil "
                    "les examinera. Chaque point a son projet de délibération et "
                    "ses annexes, dans leur dernière version.",
                    "Si le dossier change après l'envoi de la convocation, un "
                    "bandeau l'indique et les versions précédentes restent "
                    "consultables.",
                ),
            ),
            Section(
                "Répondre",
                (
                    "Confirmez d'abord la réception de votre convocation. Dites "
                    "ensuite si vous serez présent(e) ; si vous ne pouvez pas venir, "
                    "vous pouvez donner une procuration à un autre conseiller.",
                    "Vos notes personnelles sur un point ne sont lues que par vous.",
                ),
            ),
            Section(
                "La visite guidée",
                (
                    "À votre première visite, une courte visite présente la page. "
                    "Vous pouvez la passer, et la revoir avec le lien « Revoir la "
                    "visite » en haut du dossier.",
                ),
            ),
        ),
        ("convocations:my_dossier", "dossiers:convocation", "dossiers:agenda"),
        ("ordre du jour", "note de synthèse", "procuration", "huis clos"),
    ),
    HelpPage(
        "convocation",
        "Votre lien de convocation",
        "La page qui s'ouvre depuis l'e-mail de convocation.",
        (
            Section(
                "Ouvrir sa convocation",
                (
                    "Appuyez sur « Ouvrir ma convocation ». La première fois, si "
                    "vous n'avez pas encore de mot de passe, vous arrivez "
                    "directement dans le dossier de la séance.",
                    "Les fois suivantes, connectez-vous, ou demandez un lien de "
                    "connexion : il arrive par e-mail en quelques minutes et mène "
                    "au dossier.",
                ),
            ),
            Section(
                "Choisir un mot de passe",
                (
                    "Ce n'est pas obligatoire. Quand vous le souhaitez : « Mon "
                    "compte », puis « Choisir un mot de passe ».",
                ),
            ),
        ),
        ("convocations:link", "accounts:password_set"),
        ("convocation", "jours francs"),
    ),
    HelpPage(
        "seances",
        "Les séances",
        "Préparer une séance du conseil ou d'une commission : la date, le "
        "lieu, puis les points de l'ordre du jour.",
        (
            Section(
                "Préparer",
                (
                    "Créez la séance, puis ajoutez ses points. Chaque point a un "
                    "rapporteur, un projet de délibération et des annexes.",
                    "Un point passe par la relecture d'un élu, puis la validation du "
                    "maire, avant d'être inscrit à l'ordre du jour.",
                ),
            ),
            Section(
                "Convoquer",
                (
                    "Quorum calcule la date limite d'envoi de la convocation en "
                    "jours francs et prépare la convocation, l'ordre du jour et, "
                    "quand la loi la demande, la note de synthèse.",
                    "Chaque conseiller reçoit un lien personnel, sans pièce jointe. "
                    "Vous voyez qui a reçu, ouvert et confirmé.",
                ),
            ),
        ),
        (
            "seances:list",
            "seances:create",
            "seances:detail",
            "seances:edit",
            "seances:convene",
            "convocations:deliveries",
        ),
        ("jours francs", "ordre du jour", "note de synthèse", "convocation"),
    ),
    HelpPage(
        "point",
        "Un point de l'ordre du jour",
        "Le projet de délibération d'un point, ses annexes, sa discussion et "
        "sa relecture.",
        (
            Section(
                "Rédiger et relire",
                (
                    "Le projet de délibération se compose des visas (les textes), "
                    "des considérants (les raisons) et des articles (ce qui est "
                    "décidé). Chaque enregistrement garde la version précédente.",
                    "Demandez une relecture : l'élu concerné approuve ou demande des "
                    "changements ; le maire valide ensuite.",
                ),
            ),
            Section(
                "Discuter",
                (
                    "Posez vos questions à côté du texte, dans la discussion du "
                    "point. Écrivez @ puis le nom de quelqu'un pour le prévenir.",
                ),
            ),
        ),
        (
            "seances:point",
            "seances:point_edit",
            "seances:draft_edit",
            "seances:draft_compare",
        ),
        ("rapporteur", "projet de délibération", "huis clos"),
    ),
    HelpPage(
        "seance-en-cours",
        "La séance en cours",
        "Tenir la séance : présences, procurations, quorum, votes.",
        (
            Section(
                "Ouvrir la séance",
                (
                    "Faites l'appel : Quorum compte les présents et dit si le quorum "
                    "est atteint. Désignez le secrétaire de séance.",
                ),
            ),
            Section(
                "Voter",
                (
                    "Pour chaque point : pour, contre, abstention. Un conseiller "
                    "intéressé à l'affaire ne prend pas part au vote. En cas "
                    "d'égalité, la voix du maire est prépondérante, sauf au scrutin "
                    "secret.",
                ),
            ),
        ),
        ("proceedings:run", "proceedings:roll_call", "proceedings:point"),
        ("quorum", "procuration", "secrétaire de séance", "voix prépondérante"),
    ),
    HelpPage(
        "suivi-des-points",
        "Où en sont les points",
        "Les points de la prochaine séance rangés par état : brouillon, en "
        "relecture, validé, inscrit.",
        (
            Section(
                "Faire avancer un point",
                (
                    "Déplacez une carte vers la colonne suivante, à la souris ou au "
                    "clavier : Quorum ne permet que ce que le circuit de relecture "
                    "autorise.",
                ),
            ),
        ),
        ("overview:board",),
    ),
    HelpPage(
        "calendrier",
        "Le calendrier",
        "Les séances, les réunions de commission et les échéances légales, "
        "par mois ou en liste.",
        (
            Section(
                "Dans votre agenda",
                (
                    "Le lien d'abonnement ajoute ces dates à l'agenda de votre "
                    "téléphone. Il vous est personnel : ne le partagez pas.",
                ),
            ),
        ),
        ("overview:calendar", "overview:agenda_list", "overview:feed_settings"),
        ("jours francs", "procès-verbal"),
    ),
    HelpPage(
        "espaces",
        "Les espaces de travail et les documents",
        "Chaque commission ou projet a son espace : ses membres, ses "
        "documents, ses discussions.",
        (
            Section(
                "Les documents",
                (
                    "Un document a une seule version à jour, et l'historique de "
                    "toutes les précédentes. Déposez une nouvelle version plutôt "
                    "qu'un nouveau fichier.",
                    "Seuls les membres de l'espace et le maire le voient.",
                ),
            ),
        ),
        (
            "collectivites:workspaces",
            "collectivites:workspace",
            "documents:detail",
            "documents:upload",
            "documents:new_version",
        ),
    ),
    HelpPage(
        "notifications",
        "Les notifications",
        "Ce qu'on vous signale : une mention, une réponse, une relecture "
        "demandée, un point modifié.",
        (
            Section(
                "Moins d'e-mails",
                (
                    "Pour une séance, vous recevez par e-mail votre convocation, au "
                    "plus un rappel si vous ne l'avez pas ouverte, et un seul "
                    "message qui regroupe les changements du dossier.",
                    "Le reste arrive dans la cloche et dans un résumé par jour. Vous "
                    "pouvez préférer un e-mail à chaque fois ; le maire peut choisir "
                    "un résumé par semaine de l'activité de la commune.",
                ),
            ),
        ),
        ("notifications:list", "notifications:preferences"),
    ),
    HelpPage(
        "membres",
        "Les membres",
        "Les élus et les agents de la commune, avec leur rôle.",
        (
            Section(
                "Inviter quelqu'un",
                (
                    "Le maire ou le secrétariat ajoute une personne avec son adresse "
                    "e-mail ; elle reçoit une invitation pour choisir son mot de "
                    "passe.",
                ),
            ),
        ),
        ("collectivites:members", "collectivites:member"),
    ),
    HelpPage(
        "compte",
        "Votre compte et l'affichage",
        "Se connecter, choisir un mot de passe, régler l'affichage.",
        (
            Section(
                "Se connecter",
                (
                    "Avec votre adresse e-mail et votre mot de passe, ou sans mot de "
                    "passe : demandez un lien de connexion, il arrive par e-mail.",
                ),
            ),
            Section(
                "Lire plus confortablement",
                (
                    "Dans « Affichage », choisissez un texte plus grand, un contraste "
                    "renforcé, ou le thème sombre. Quorum s'en souvient sur tous vos "
                    "appareils.",
                    "Chaque page s'imprime proprement, sans les menus.",
                ),
            ),
        ),
        (
            "accounts:login",
            "accounts:security",
            "accounts:login_link_request",
            "guide:display",
        ),
    ),
)

BY_SLUG = {page.slug: page for page in PAGES}
_BY_SCREEN = {screen: page for page in PAGES for screen in page.screens}


def help_for(view_name: str | None) -> HelpPage | None:
    """The help page of a screen, by its URL name."""
    return _BY_SCREEN.get(view_name or "")
