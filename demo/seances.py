"""The demo's séances in Saint-Exemple, made through the séances' services:
a past séance, closed; a convened one with a point à huis clos; the next one
in preparation, its points at every step of the review."""

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from documents.models import Document
from seances.models import PARIS, AgendaItem, Seance
from seances.services import add_item, advance_seance, create_seance, mark_convened
from seances.workflow import approve, link_annex, request_review, save_draft, validate

if TYPE_CHECKING:
    from demo.builder import BuiltTown

PLACE = "Salle du conseil, mairie de Saint-Exemple"

DM_VISAS = (
    "Vu le code général des collectivités territoriales, notamment ses articles "
    "L2311-1 et suivants,\nVu la délibération du 2 avril 2026 approuvant le "
    "budget primitif,"
)


def build_seances(town: "BuiltTown") -> None:
    today = timezone.localdate()
    people = town.members
    maire = people["maire"].user
    secretaire = people["secretaire"].user
    finances_docs = list(
        Document.objects.alive()
        .filter(workspace=town.workspaces["Commission des finances"])
        .select_related("current_version")
        .order_by("created_at")[:2]
    )

    # A past séance, held and closed.
    past = create_seance(
        collectivite=town.collectivite,
        by=secretaire,
        starts_at=_at(today - timedelta(days=40), 20),
        place=PLACE,
        kind=Seance.Kind.ORDINAIRE,
    )
    for title, rapporteur in (
        ("Approbation du procès-verbal de la séance précédente", "maire"),
        ("Subvention exceptionnelle au comité des fêtes", "adjoint_associations"),
    ):
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
        )
    mark_convened(past, by=maire, sent_on=today - timedelta(days=50))
    advance_seance(past, by=maire, to=Seance.Status.EN_COURS)
    advance_seance(past, by=maire, to=Seance.Status.CLOSE)

    # A convened séance, with a point à huis clos.
    convened = create_seance(
        collectivite=town.collectivite,
        by=secretaire,
        starts_at=_at(today + timedelta(days=4), 19),
        place=PLACE,
        kind=Seance.Kind.ORDINAIRE,
    )
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
            title="Protection fonctionnelle d'un agent CANARI-HUIS-CLOS",
            kind="deliberation",
            rapporteur=people["maire"],
            huis_clos=True,
        ),
        town,
        "maire",
    )
    mark_convened(convened, by=maire, sent_on=today - timedelta(days=2))

    # The next séance, in preparation.
    _next_seance(town, today, finances_docs)


def _next_seance(town: "BuiltTown", today, finances_docs: list[Document]) -> None:  # type: ignore[no-untyped-def]
    people = town.members
    secretaire = people["secretaire"].user
    seance = create_seance(
        collectivite=town.collectivite,
        by=secretaire,
        starts_at=_at(today + timedelta(days=20), 20),
        place=PLACE,
        kind=Seance.Kind.ORDINAIRE,
    )
    dm = add_item(
        seance,
        by=secretaire,
        title="Décision modificative n° 2 du budget principal CANARI-BROUILLON",
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
    # A review asked for twelve days ago and still waiting: the demo shows
    # what a late review looks like.
    AgendaItem.objects.filter(pk=cantine.pk).update(
        review_requested_at=timezone.now() - timedelta(days=12)
    )

    convention = add_item(
        seance,
        by=secretaire,
        title="Convention d'entretien de la voirie avec le SIVOM",
        kind="deliberation",
        rapporteur=people["adjoint_urbanisme"],
    )
    _validated(convention, town, "adjoint_urbanisme")


def _validated(item: AgendaItem, town: "BuiltTown", rapporteur: str) -> None:
    people = town.members
    save_draft(
        item,
        by=people["secretaire"].user,
        based_on=0,
        nature="1",
        matiere="",
        visas="",
        considerants="",
        expose="",
        articles="Le conseil municipal approuve.",
    )
    request_review(item, by=people["secretaire"].user)
    approve(item, by=people[rapporteur].user)
    validate(item, by=people["maire"].user)


def _at(day, hour: int) -> datetime:  # type: ignore[no-untyped-def]
    return datetime.combine(day, time(hour, 0), tzinfo=PARIS)
