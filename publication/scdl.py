"""The collectivité's délibérations as an SCDL « Délibérations » file, and
its history loaded back from one (RULES §9).

The file lists what is public: the délibérations put online on the public
pages and not withdrawn, and those of the history loaded from a file, which
were public already. A délibération without an ACTES matière cannot be a
valid line: it stays out of the file and the managers are told which.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet

from actes.models import Deliberation, Transmission
from collectivites.models import Collectivite
from domain import scdl
from journal.services import record

MAX_FILE_SIZE = 10 * 1024 * 1024


def public_deliberations(collectivite: Collectivite) -> QuerySet[Deliberation]:
    return (
        Deliberation.objects.filter(collectivite=collectivite)
        .filter(
            Q(publication__isnull=False, publication__withdrawn_at__isnull=True)
            | Q(item__isnull=True)
        )
        .select_related("transmission")
        .order_by("adopted_on", "year", "sequence", "source_id")
    )


def without_matiere(collectivite: Collectivite) -> QuerySet[Deliberation]:
    """Public délibérations left out of the file for want of a matière."""
    return public_deliberations(collectivite).filter(matiere="")


def row_of(
    deliberation: Deliberation, collectivite: Collectivite, url: str
) -> scdl.Row:
    transmission: Transmission | None = getattr(deliberation, "transmission", None)
    return scdl.Row(
        coll_nom=collectivite.name,
        coll_siret=collectivite.siret,
        delib_id=deliberation.actes_number or deliberation.source_id,
        delib_date=deliberation.adopted_on,
        delib_matiere_code=deliberation.matiere,
        delib_matiere_nom=scdl.matiere_nom(deliberation.matiere),
        delib_objet=deliberation.title,
        budget_annee=deliberation.budget_year,
        budget_nom=deliberation.budget_name,
        pref_id=transmission.prefecture_id if transmission else "",
        pref_date=transmission.acknowledged_on if transmission else None,
        vote_effectif=deliberation.en_exercice,
        vote_reel=deliberation.votants,
        vote_pour=deliberation.pour,
        vote_contre=deliberation.contre,
        vote_abstention=deliberation.abstentions,
        delib_url=url or deliberation.source_url,
    )


def export(collectivite: Collectivite, url_of: Callable[[Deliberation], str]) -> str:
    """The text of the file; ``url_of`` gives the public address of a
    délibération put online in Quorum ("" for one of the history)."""
    deliberations = public_deliberations(collectivite).exclude(matiere="")
    return scdl.write(
        row_of(d, collectivite, url_of(d) if d.item_id else "") for d in deliberations
    )


@dataclass
class HistoryImport:
    created: int = 0
    already: list[scdl.Problem] = field(default_factory=list)
    problems: list[scdl.Problem] = field(default_factory=list)


def import_history(
    collectivite: Collectivite, data: bytes, *, by: object
) -> HistoryImport:
    """Load the délibérations of an SCDL file as the collectivité's
    history, all or nothing: one bad line and nothing is stored, every bad
    line is listed. Lines already loaded are named and left as they are."""
    outcome = HistoryImport()
    if len(data) > MAX_FILE_SIZE:
        outcome.problems.append(
            scdl.Problem(0, "Le fichier dépasse 10 Mo : découpez-le par année.")
        )
        return outcome
    reading = scdl.read(data)
    outcome.problems.extend(reading.problems)
    known = set(
        Deliberation.objects.filter(collectivite=collectivite)
        .exclude(source_id="")
        .values_list("source_id", flat=True)
    ) | {
        d.actes_number
        for d in Deliberation.objects.filter(
            collectivite=collectivite, sequence__isnull=False
        ).only("year", "sequence")
    }
    fresh = []
    for line, row in reading.rows:
        if collectivite.siret and row.coll_siret != collectivite.siret:
            outcome.problems.append(
                scdl.Problem(
                    line,
                    f"le SIRET {row.coll_siret} n'est pas celui de la collectivité "
                    f"({collectivite.siret}) : ce fichier est-il le bon ?",
                )
            )
        elif row.delib_id in known:
            outcome.already.append(
                scdl.Problem(
                    line, f"« {row.delib_id} » est déjà chargée, laissée telle quelle"
                )
            )
        else:
            fresh.append(row)
    if outcome.problems:
        return outcome
    with transaction.atomic():
        for row in fresh:
            deliberation = Deliberation.objects.create(
                collectivite=collectivite,
                adopted_on=row.delib_date,
                year=row.delib_date.year,
                source_id=row.delib_id,
                source_url=row.delib_url,
                title=row.delib_objet[:300],
                matiere=row.delib_matiere_code,
                outcome=Deliberation.Outcome.ADOPTEE,
                budget_year=row.budget_annee,
                budget_name=row.budget_nom[:200],
                en_exercice=row.vote_effectif,
                votants=row.vote_reel,
                pour=row.vote_pour,
                contre=row.vote_contre,
                abstentions=row.vote_abstention,
            )
            if row.pref_id or row.pref_date:
                Transmission.objects.create(
                    collectivite=collectivite,
                    deliberation=deliberation,
                    prefecture_id=row.pref_id,
                    acknowledged_on=row.pref_date,
                )
        outcome.created = len(fresh)
        record(
            "scdl.history_imported",
            collectivite=collectivite,
            actor=by,
            created=outcome.created,
            already=len(outcome.already),
        )
    return outcome
