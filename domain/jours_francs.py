"""Convocation delays in jours francs, and the calendar duties of the council.

Counting (RULES §1.4, all [S] unless said):

- neither the day the convocation is sent nor the day of the séance counts:
  N whole days must lie strictly between them (CE 12/07/1955
  *Mignaloux-Beauvoir*);
- Saturdays, Sundays and public holidays count, and a delay that includes or
  ends on one is not extended (CE 13/10/1993 n°141677): code de procédure
  civile art. 642 does not apply;
- only the local calendar date matters, never the time of day [K]: convert
  with ``local_date`` before counting.

Every function here takes plain ``date`` values and refuses ``datetime``
ones, since an instant has no jour franc until it is placed in a time zone.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from domain.holidays import holiday_name

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class ConvocationCase:
    """What the law needs to know about a séance to fix its delay.

    ``population`` is the *population totale* of the INSEE decree in force;
    it is ignored for an EPCI. ``after_failed_quorum`` is the new convocation
    of L2121-17; ``first_after_renewal`` the séance that installs the council
    after a general renewal.
    """

    population: int
    is_epci: bool = False
    urgence: bool = False
    has_icpe_item: bool = False
    after_failed_quorum: bool = False
    first_after_renewal: bool = False
    alsace_moselle: bool = False

    def __post_init__(self) -> None:
        if self.population < 0:
            raise ValueError("La population ne peut pas être négative.")

    @property
    def large(self) -> bool:
        """Whether the rules of "3 500 habitants et plus" apply (``>= 3500``).

        An EPCI counts as large for the delay and the note de synthèse,
        whatever the size of its communes (L5211-1, version of 2020) [S].
        """
        return self.is_epci or self.population >= 3_500


@dataclass(frozen=True)
class ConvocationDelay:
    """The minimum delay, the article that sets it and why, in French."""

    jours_francs: int
    article: str
    reason: str


def convocation_delay(case: ConvocationCase) -> ConvocationDelay:
    """The minimum number of jours francs between sending and séance.

    The specific rules come first, then urgence, then the general delays:

    1. new convocation after a failed quorum: 3 jf, whatever the size
       (L2121-17, read by CE 16/06/1997 *Pfister*) [S]. Urgence does not
       shorten it: L2121-17 has its own delay (safe reading [?]);
    2. first séance after a general renewal: 3 jf in a commune, and even
       from 3 500 inhabitants (L2121-7); 5 jf in an EPCI (CE 22/07/2015
       n°383072) [S]. Urgence does not shorten it (safe reading [?]), and
       an ICPE item below 3 500 still needs 5 jf (safe reading [?]);
    3. urgence: 1 jf, never less (L2121-11, L2121-12) [S]. In Alsace-Moselle
       below 3 500 local law allows sending "la veille" (L2541-2), that is
       0 jf; we keep 1 jf, which is valid under both readings [?];
    4. 5 jf from 3 500 inhabitants, in every EPCI (L2121-12, L5211-1), and
       below 3 500 when an item concerns an ICPE (L2121-12, last para.) [S];
    5. otherwise 3 jf (L2121-11). In Alsace-Moselle below 3 500, local law
       says "trois jours au moins" (L2541-2); doctrine reads jours francs,
       the stricter reading, which we keep [?]. From 3 500 inhabitants
       Alsace-Moselle follows general law (RM Sénat 17/10/1996) [S].
    """
    if case.after_failed_quorum:
        return ConvocationDelay(
            3,
            "CGCT L2121-17",
            "Nouvelle convocation après défaut de quorum : 3 jours francs.",
        )
    if case.first_after_renewal:
        return _first_after_renewal_delay(case)
    if case.urgence:
        return ConvocationDelay(
            1,
            "CGCT L2121-11, L2121-12",
            "Urgence : délai abrégé par le maire, jamais moins d'un jour franc.",
        )
    return _ordinary_delay(case)


def _first_after_renewal_delay(case: ConvocationCase) -> ConvocationDelay:
    if case.is_epci:
        return ConvocationDelay(
            5,
            "CGCT L5211-1, L5211-8",
            "Première séance après le renouvellement d'un EPCI : 5 jours francs.",
        )
    if case.has_icpe_item and not case.large:
        return _ordinary_delay(case)
    return ConvocationDelay(
        3,
        "CGCT L2121-7",
        "Première séance après le renouvellement général : 3 jours francs.",
    )


def _ordinary_delay(case: ConvocationCase) -> ConvocationDelay:
    if case.is_epci:
        return ConvocationDelay(5, "CGCT L5211-1, L2121-12", "EPCI : 5 jours francs.")
    if case.large:
        return ConvocationDelay(
            5,
            "CGCT L2121-12",
            "Commune de 3 500 habitants et plus : 5 jours francs.",
        )
    if case.has_icpe_item:
        return ConvocationDelay(
            5,
            "CGCT L2121-12",
            "Un point concerne une installation classée (ICPE) : 5 jours francs.",
        )
    if case.alsace_moselle:
        return ConvocationDelay(
            3,
            "CGCT L2541-2",
            "Commune d'Alsace-Moselle de moins de 3 500 habitants : 3 jours francs.",
        )
    return ConvocationDelay(
        3,
        "CGCT L2121-11",
        "Commune de moins de 3 500 habitants : 3 jours francs.",
    )


def required_jours_francs(case: ConvocationCase) -> int:
    return convocation_delay(case).jours_francs


def note_de_synthese_required(case: ConvocationCase) -> bool:
    """A note explicative de synthèse goes with the convocation from 3 500
    inhabitants (L2121-12 al. 1), in every EPCI (L5211-1), and below 3 500
    when an item concerns an ICPE (L2121-12, last para.) [S].

    The first séance after a renewal and urgence shorten the delay, not
    this duty; Alsace-Moselle follows general law here (RM Sénat 1996).
    """
    return case.large or case.has_icpe_item


def local_date(moment: datetime, tz: ZoneInfo = PARIS) -> date:
    """The commune's calendar date of an instant (RULES §1.4 rule 4) [K].

    A convocation sent at 23:59 on day D was sent on D; overseas communes
    pass their own time zone.
    """
    if moment.tzinfo is None:
        raise ValueError("L'heure d'envoi doit porter son fuseau horaire.")
    return moment.astimezone(tz).date()


def count_jours_francs(sending: date, seance: date) -> int:
    """Whole days strictly between the sending day and the séance day."""
    _require_dates(sending, seance)
    return max(0, (seance - sending).days - 1)


def latest_sending_date(seance_date: date, n: int) -> date:
    """The last day a convocation may be sent to leave ``n`` jours francs."""
    _require_dates(seance_date)
    return seance_date - timedelta(days=_checked(n) + 1)


def earliest_seance_date(sending_date: date, n: int) -> date:
    """The first day a séance may be held after sending on ``sending_date``."""
    _require_dates(sending_date)
    return sending_date + timedelta(days=_checked(n) + 1)


def is_valid_delay(sending_date: date, seance_date: date, n: int) -> bool:
    return count_jours_francs(sending_date, seance_date) >= _checked(n)


def _checked(n: int) -> int:
    if n < 1:
        raise ValueError("Un délai de convocation compte au moins un jour franc.")
    return n


def _require_dates(*days: date) -> None:
    # datetime is a subclass of date: an instant would silently count hours.
    for day in days:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError("Les jours francs se comptent sur des dates, sans heure.")


def quarters_without_seance(year: int, seance_dates: Iterable[date]) -> list[int]:
    """The calendar quarters (1 to 4) of ``year`` in which no séance is held.

    The council meets at least once per quarter (L2121-7; L5211-11 for an
    EPCI) [S]. Séances of other years are ignored.
    """
    held = {(day.month - 1) // 3 + 1 for day in seance_dates if day.year == year}
    return [quarter for quarter in (1, 2, 3, 4) if quarter not in held]


class DateWarningKind(StrEnum):
    SUNDAY = "sunday"
    PUBLIC_HOLIDAY = "public_holiday"


@dataclass(frozen=True)
class DateWarning:
    kind: DateWarningKind
    message: str


def seance_date_warnings(
    seance_date: date, *, alsace_moselle: bool = False
) -> list[DateWarning]:
    """Warnings, never refusals, for a séance on a Sunday or a public holiday.

    No text forbids such a séance (RULES §1.4 rule 5 [?]): the safe reading
    is to let the maire decide while making sure he sees the date.
    """
    _require_dates(seance_date)
    warnings = []
    if seance_date.weekday() == 6:
        warnings.append(
            DateWarning(
                DateWarningKind.SUNDAY,
                "La séance tombe un dimanche. C'est permis, mais vérifiez que "
                "les conseillers et le public pourront venir.",
            )
        )
    name = holiday_name(seance_date, alsace_moselle=alsace_moselle)
    if name is not None:
        warnings.append(
            DateWarning(
                DateWarningKind.PUBLIC_HOLIDAY,
                f"La séance tombe un jour férié ({name}). C'est permis, mais "
                "vérifiez que les conseillers et le public pourront venir.",
            )
        )
    return warnings


@dataclass(frozen=True)
class ConvocationCheck:
    """Everything the convocation screen shows about a planned sending."""

    delay: ConvocationDelay
    jours_francs_counted: int
    valid: bool
    latest_sending_date: date
    note_de_synthese_required: bool
    warnings: tuple[DateWarning, ...]


def check_convocation(
    case: ConvocationCase, sending_date: date, seance_date: date
) -> ConvocationCheck:
    """Whether a convocation sent on ``sending_date`` is in time for the séance.

    The sending date is the postmark, the day of hand delivery, or for an
    electronic sending the later of the notification and the availability
    of the documents (RULES §1.4 rule 3; electronic case [?]): the caller
    chooses it and keeps the proof.
    """
    delay = convocation_delay(case)
    return ConvocationCheck(
        delay=delay,
        jours_francs_counted=count_jours_francs(sending_date, seance_date),
        valid=is_valid_delay(sending_date, seance_date, delay.jours_francs),
        latest_sending_date=latest_sending_date(seance_date, delay.jours_francs),
        note_de_synthese_required=note_de_synthese_required(case),
        warnings=tuple(
            seance_date_warnings(seance_date, alsace_moselle=case.alsace_moselle)
        ),
    )
