"""The convocation deadline of a séance, as its page and the dashboard show it."""

from dataclasses import dataclass
from datetime import date

from collectivites.models import Collectivite
from domain.jours_francs import (
    ConvocationCase,
    ConvocationDelay,
    DateWarning,
    convocation_delay,
    latest_sending_date,
    note_de_synthese_required,
    seance_date_warnings,
)
from seances.models import Seance


@dataclass(frozen=True)
class Deadline:
    delay: ConvocationDelay
    latest: date
    days_left: int
    note_de_synthese: bool
    warnings: tuple[DateWarning, ...]

    @property
    def level(self) -> str:
        """The DSFR badge colour: "info" more than 7 days ahead, "warning"
        from 7 days to 3 days, "error" under 3 days and once passed."""
        if self.days_left > 7:
            return "info"
        if self.days_left >= 3:
            return "warning"
        return "error"

    @property
    def passed(self) -> bool:
        return self.days_left < 0


def convocation_case(
    collectivite: Collectivite, seance: Seance, *, has_icpe_item: bool
) -> ConvocationCase:
    return ConvocationCase(
        population=collectivite.population_totale,
        is_epci=collectivite.kind == Collectivite.Kind.EPCI,
        urgence=seance.kind == Seance.Kind.URGENCE,
        has_icpe_item=has_icpe_item,
        after_failed_quorum=seance.kind == Seance.Kind.NOUVELLE_CONVOCATION,
        alsace_moselle=collectivite.alsace_moselle,
    )


def deadline_for(
    collectivite: Collectivite, seance: Seance, *, has_icpe_item: bool, today: date
) -> Deadline | None:
    """The council's convocation deadline; a commission has none in law."""
    if not seance.is_council:
        return None
    case = convocation_case(collectivite, seance, has_icpe_item=has_icpe_item)
    day = seance.local_start.date()
    delay = convocation_delay(case)
    latest = latest_sending_date(day, delay.jours_francs)
    return Deadline(
        delay=delay,
        latest=latest,
        days_left=(latest - today).days,
        note_de_synthese=note_de_synthese_required(case),
        warnings=tuple(
            seance_date_warnings(day, alsace_moselle=collectivite.alsace_moselle)
        ),
    )
