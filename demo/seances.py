"""The demo's séances in Saint-Exemple, made through the séances' services:
a past séance, closed; a convened one with a point à huis clos; the next one
in preparation, its five points at every step of the review; and a meeting
of the Commission des finances.

The annexes of the next séance are real files of the corpus when the demo
imported it, linked from the secrétaire's private workspaces; otherwise the
demo writes stand-ins and uploads them onto the points. The corpus names
real people (``data.CORPUS_TO_ARCHIVES``): its files go only on points that
no demo account but the secrétaire and the maire sees — the rapporteurs and
agents of those points have no login, and the séance is not convened.
"""

import io
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from demo import data
from demo.minipdf import simple_pdf
from demo.minutes import hold_earlier_seance, sign_and_publish
from demo.sittings import PAST_POINTS, hold_past_seance
from documents.folder_import import find_imported_document
from documents.models import Document
from seances.annex_uploads import upload_annex
from seances.models import PARIS, AgendaItem, Seance
from seances.services import add_item, create_seance, mark_convened
from seances.workflow import approve, link_annex, request_review, save_draft, validate
from web.french import date_format

if TYPE_CHECKING:
    from demo.builder import BuiltTown

logger = logging.getLogger(__name__)

PLACE = "Salle du conseil, mairie de Saint-Exemple"
BROUILLON_MARKER = "CANARI-BROUILLON"
HUIS_CLOS_MARKER = "CANARI-HUIS-CLOS"
# The ACTES matière of each délibération of the past séance: the open-data
# file lists only the délibérations that have one.
PAST_MATIERES = {
    "Subvention exceptionnelle au comité des fêtes": "7.5",
    "Acquisition d'un terrain pour le city-stade": "3.1",
    "Désignation du délégué de la commune au SIVOM de la vallée": "5.3",
}
# A review asked this long ago and still waiting shows what a late one
# looks like (``AgendaItem.review_is_late``).
LATE_REVIEW_AGE = timedelta(days=12)

DM_VISAS = (
    "Vu le code général des collectivités territoriales, notamment ses articles "
    "L2311-1 et suivants,\nVu la délibération du 2 avril 2026 approuvant le "
    "budget primitif,"
)


@dataclass(frozen=True)
class AnnexFile:
    """An annex of a demo point: the corpus file ``folder/filename`` as the
    demo imported it into ``workspace``; without the corpus, a stand-in the
    demo writes, whose first line is the title (a one-page PDF when its name
    ends in ``.pdf``, UTF-8 text otherwise)."""

    workspace: str
    folder: str
    filename: str
    stand_in: str
    lines: tuple[str, ...]

    def content(self) -> bytes:
        title, *rest = self.lines
        if self.stand_in.endswith(".pdf"):
            return simple_pdf(title, rest)
        return "\n".join(rest).encode() + b"\n"


PV_ANNEX = AnnexFile(
    data.ARCHIVES,
    "fr-flaux-gard",
    "PV du 16 décembre 2022.pdf",
    "proces-verbal-seance-precedente.pdf",
    (
        "Procès-verbal de la séance précédente",
        "Quinze conseillers en exercice, treize présents, deux pouvoirs.",
        "Secrétaire de séance : Nadia Belkacem.",
        "1. Approbation du procès-verbal de la séance précédente : adopté à "
        "l'unanimité.",
        "2. Subvention exceptionnelle au comité des fêtes : adoptée à l'unanimité.",
        "Document de démonstration, écrit faute du corpus réel.",
    ),
)
SUBSIDIES_ANNEX = AnnexFile(
    data.TEST_FILES,
    "scdl-subventions-castelmaurou",
    "subventions-commune-de-castelmaurou.csv",
    "tableau-des-subventions-2027.csv",
    (
        "Tableau des subventions 2027",
        "Association;Objet;Montant proposé (€)",
        "Comité des fêtes;Fête du village;4000",
        "Club de football;Saison 2027;4000",
        "Bibliothèque associative;Achat de livres;1200",
        "Club des aînés;Sorties de l'année;800",
    ),
)
CONVENTION_ANNEX = AnnexFile(
    data.ARCHIVES,
    "fr-flaux-gard",
    "20201215-3 - note de synthèse.doc",
    "projet-de-convention-voirie.pdf",
    (
        "Projet de convention d'entretien de la voirie",
        "Entre la commune de Saint-Exemple-sur-Isère et le SIVOM de la vallée.",
        "Article 1 : le SIVOM entretient les voies communales listées en annexe.",
        "Article 2 : la convention est conclue pour trois ans.",
        "Article 3 : la commune verse une participation annuelle de 18 000 €.",
        "Document de démonstration, écrit faute du corpus réel.",
    ),
)


def build_seances(town: "BuiltTown") -> None:
    today = timezone.localdate()
    people = town.members
    maire = people["maire"].user
    secretaire = people["secretaire"].user
    finances_docs = list(
        Document.objects.alive()
        .filter(workspace=town.workspaces[data.FINANCES])
        .select_related("current_version")
        .order_by("created_at")[:2]
    )

    # An earlier séance, whose procès-verbal the past séance approves
    # (``demo.minutes``).
    earlier = hold_earlier_seance(town, place=PLACE, today=today)

    # A past séance, held in Quorum and closed (``demo.sittings``). Its
    # first point, the approval of the earlier procès-verbal, is put on its
    # agenda by the minutes when it is created (``minutes.services``).
    past = create_seance(
        collectivite=town.collectivite,
        by=secretaire,
        starts_at=_at(today - timedelta(days=40), 20),
        place=PLACE,
        kind=Seance.Kind.ORDINAIRE,
    )
    _validated(
        past.items.get(), town, "maire", matiere="5.2", articles=_approval(earlier)
    )
    for title, rapporteur in PAST_POINTS[1:]:
        _validated(
            add_item(
                past,
                by=secretaire,
                title=title,
                kind="deliberation",
                rapporteur=people[rapporteur],
            ),
            town,
            rapporteur,
            matiere=PAST_MATIERES[title],
        )
    mark_convened(past, by=maire, sent_on=today - timedelta(days=50))
    hold_past_seance(past, town)
    sign_and_publish(town, earlier, past)

    # A convened séance, with a point à huis clos; its first point, the
    # approval of the past séance's procès-verbal, put there by the minutes.
    convened = create_seance(
        collectivite=town.collectivite,
        by=secretaire,
        starts_at=_at(today + timedelta(days=4), 19),
        place=PLACE,
        kind=Seance.Kind.ORDINAIRE,
    )
    _validated(convened.items.get(), town, "maire", articles=_approval(past))
    _validated(
        add_item(
            convened,
            by=secretaire,
            title="Rapport sur le prix et la qualité du service de l'eau",
            kind="deliberation",
            rapporteur=people["adjoint_urbanisme"],
        ),
        town,
        "adjoint_urbanisme",
    )
    _validated(
        add_item(
            convened,
            by=secretaire,
            title=f"Protection fonctionnelle d'un agent {HUIS_CLOS_MARKER}",
            kind="deliberation",
            rapporteur=people["maire"],
            huis_clos=True,
        ),
        town,
        "maire",
    )
    # Convened today by ``demo.convocations``, through the convocations'
    # services: deliveries, openings and answers are real.

    _next_seance(town, today, convened, finances_docs)

    # A meeting of the Commission des finances: in its members' calendar
    # (``overview``), not in the conseiller's.
    create_seance(
        collectivite=town.collectivite,
        by=secretaire,
        starts_at=_at(today + timedelta(days=11), 18),
        place="Salle des commissions, mairie de Saint-Exemple",
        kind=Seance.Kind.ORDINAIRE,
        workspace=town.workspaces[data.FINANCES],
    )


def _next_seance(
    town: "BuiltTown", today: date, convened: Seance, finances_docs: list[Document]
) -> None:
    """Five points, from the text nobody reviewed yet to the validated one."""
    people = town.members
    secretaire = people["secretaire"].user
    seance = create_seance(
        collectivite=town.collectivite,
        by=secretaire,
        starts_at=_at(today + timedelta(days=20), 20),
        place=PLACE,
        kind=Seance.Kind.ORDINAIRE,
    )

    # 1. Validated: the rapporteur approved it, the maire validated it. The
    # procès-verbal it approves is the convened séance's, held before it.
    past_day = date_format(convened.local_start.date(), "j F Y")
    minutes = add_item(
        seance,
        by=secretaire,
        title=f"Approbation du procès-verbal de la séance du {past_day}",
        kind="deliberation",
        rapporteur=people["maire"],
    )
    _validated(
        minutes,
        town,
        "maire",
        annexes=(PV_ANNEX,),
        matiere="5.2",
        visas="Vu le code général des collectivités territoriales, notamment son "
        "article L2121-15,",
        articles=f"Le procès-verbal de la séance du {past_day} est approuvé.",
    )

    # 2. A brouillon with its annexes, and a sub-point with no text yet.
    dm = add_item(
        seance,
        by=secretaire,
        title=f"Décision modificative n° 2 du budget principal {BROUILLON_MARKER}",
        kind="deliberation",
        rapporteur=people["adjointe_finances"],
    )
    save_draft(
        dm,
        by=secretaire,
        based_on=0,
        nature="5",
        matiere="7.1",
        visas=DM_VISAS,
        expose="Il est proposé d'ajuster les crédits de la section de fonctionnement.",
        considerants="",
        articles="",
    )
    for document in finances_docs:
        link_annex(dm, by=secretaire, document=document)
    add_item(
        seance,
        by=secretaire,
        title="Décision modificative du budget annexe de l'eau",
        kind="deliberation",
        rapporteur=people["adjointe_finances"],
        parent=dm,
    )

    # 3. A brouillon written in three revisions by two people.
    subventions = add_item(
        seance,
        by=secretaire,
        title="Subventions aux associations pour 2027",
        kind="deliberation",
        rapporteur=people["adjoint_associations"],
        agents=[people["agent_accueil"]],
    )
    texts = {
        "nature": "1",
        "matiere": "7.5",
        "visas": "Vu le code général des "
        "collectivités territoriales, notamment son article L2311-7,",
        "considerants": "Considérant l'intérêt local des actions des associations,",
        "expose": "",
        "articles": "Les subventions sont attribuées selon le tableau annexé.",
    }
    revision = save_draft(subventions, by=secretaire, based_on=0, **texts)
    texts["articles"] += "\nLa dépense est imputée au compte 6574."
    revision = save_draft(
        subventions, by=people["agent_accueil"].user, based_on=revision.number, **texts
    )
    texts["expose"] = "Vingt-trois associations ont déposé une demande cette année."
    save_draft(subventions, by=secretaire, based_on=revision.number, **texts)
    _attach(subventions, town, SUBSIDIES_ANNEX)

    # 4. Under review, and late: its rapporteur was asked twelve days ago.
    cantine = add_item(
        seance,
        by=secretaire,
        title="Tarifs de la cantine scolaire",
        kind="deliberation",
        rapporteur=people["adjointe_ecoles"],
        agents=[people["agent_technique"]],
    )
    save_draft(
        cantine,
        by=people["agent_technique"].user,
        based_on=0,
        nature="1",
        matiere="7.10",
        visas="",
        considerants="",
        expose="",
        articles="Les tarifs sont fixés à 3,80 euros par repas.",
    )
    request_review(cantine, by=secretaire)
    AgendaItem.objects.filter(pk=cantine.pk).update(
        review_requested_at=timezone.now() - LATE_REVIEW_AGE
    )

    # 5. Approved by its rapporteur: the maire has it to validate.
    convention = add_item(
        seance,
        by=secretaire,
        title="Convention d'entretien de la voirie avec le SIVOM",
        kind="deliberation",
        rapporteur=people["adjoint_urbanisme"],
    )
    _validated(
        convention,
        town,
        "adjoint_urbanisme",
        annexes=(CONVENTION_ANNEX,),
        matiere="8.3",
        articles="Le conseil municipal approuve la convention annexée.\n"
        "Le maire est autorisé à la signer.",
        by_maire=False,
    )


def _validated(
    item: AgendaItem,
    town: "BuiltTown",
    rapporteur: str,
    *,
    annexes: tuple[AnnexFile, ...] = (),
    matiere: str = "",
    visas: str = "",
    articles: str = "Le conseil municipal approuve.",
    by_maire: bool = True,
) -> None:
    """Drafted by the secrétaire with its annexes, asked of the rapporteur
    and approved; validated by the maire unless ``by_maire`` is false."""
    people = town.members
    secretaire = people["secretaire"].user
    save_draft(
        item,
        by=secretaire,
        based_on=0,
        nature="1",
        matiere=matiere,
        visas=visas,
        considerants="",
        expose="",
        articles=articles,
    )
    for annex in annexes:
        _attach(item, town, annex)
    request_review(item, by=secretaire)
    approve(item, by=people[rapporteur].user)
    if by_maire:
        validate(item, by=people["maire"].user)


def _attach(item: AgendaItem, town: "BuiltTown", annex: AnnexFile) -> None:
    """The real file where the demo imported it, else its stand-in."""
    secretaire = town.members["secretaire"].user
    document = find_imported_document(
        town.workspaces[annex.workspace], annex.folder, annex.filename
    )
    if document is not None:
        link_annex(item, by=secretaire, document=document)
        return
    content = annex.content()
    upload_annex(
        item,
        by=secretaire,
        stream=io.BytesIO(content),
        filename=annex.stand_in,
        size=len(content),
        title=annex.lines[0],
    )
    logger.debug("demo annex written item=%s filename=%s", item.pk, annex.stand_in)


def _approval(seance: Seance) -> str:
    day = date_format(seance.local_start.date(), "j F Y")
    return f"Le procès-verbal de la séance du {day} est approuvé."


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=PARIS)
