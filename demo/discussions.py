"""The demo's discussions: the budget proposals of the Commission des
finances get comments, a reply, a mention of the adjointe and a review
asked of her, through the same services as a person's actions."""

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from demo import data
from discussions.services import reply, request_review, start_thread
from documents.models import Document

if TYPE_CHECKING:
    from demo.builder import BuiltTown

logger = logging.getLogger(__name__)

BUDGET_TITLE = "Budget primitif 2027 — propositions par chapitre"


def seed_discussions(built: "dict[str, BuiltTown]") -> None:
    """Discuss the three-version budget of Saint-Exemple's finances."""
    town = built[data.CORPUS_TOWN]
    members = town.members
    document = Document.objects.get(collectivite=town.collectivite, title=BUDGET_TITLE)
    secretaire = members["secretaire"].user
    adjointe = members["adjointe_finances"].user
    _, second, third = document.versions.order_by("number")

    subsidies = start_thread(
        document=document,
        author=secretaire,
        version=second,
        body="Les subventions aux associations passent de 96 500 € à 104 500 €. "
        f"@{adjointe.full_name}, pouvez-vous confirmer la liste des associations "
        "concernées avant la commission ?",
    )
    reply(
        thread=subsidies,
        author=adjointe,
        body="Oui : le club de football et le comité des fêtes, 4 000 € chacun. "
        "Je joins le détail à la prochaine version.",
    )
    start_thread(
        document=document,
        author=members["maire"].user,
        version=third,
        body="La rénovation de l'école au chapitre 23 réduit d'autant les "
        "immobilisations corporelles : est-ce bien le montant voté en "
        "commission école ?",
    )
    request_review(
        document=document,
        by=secretaire,
        reviewers=[adjointe],
        due_on=timezone.localdate() + timedelta(days=4),
        message="Pouvez-vous relire la version 3 avant l'envoi aux élus ?",
    )
    logger.debug("demo discussions seeded document=%s", document.pk)
