"""The demo's past séance in Saint-Exemple, held in Quorum through the
proceedings' services as the secrétaire held it that evening: the roll
call with a procuration and an excused councillor, a late arrival, an
interested councillor, a unanimous vote, a split one, a tie decided by the
president's vote, an early departure leaving a procuration, a secret
ballot for a nomination, the debates, and the closing."""

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import TYPE_CHECKING
from uuid import UUID

from accounts.models import User
from collectivites.models import Membership
from proceedings.models import Examination, Sitting, Vote
from proceedings.presence import in_office_at
from proceedings.services import (
    close_seance,
    open_point,
    open_seance,
    record_movement,
    record_roll_call,
    save_debates,
    set_interest,
)
from proceedings.voting import record_nomination_round, record_open_vote
from seances.models import PARIS, AgendaItem, Seance

if TYPE_CHECKING:
    from demo.builder import BuiltTown

# The points of the past séance, in the order of its agenda, with their
# rapporteur (``demo.seances`` adds them before the convocation).
PAST_POINTS = (
    ("Approbation du procès-verbal de la séance précédente", "maire"),
    ("Subvention exceptionnelle au comité des fêtes", "adjoint_associations"),
    ("Acquisition d'un terrain pour le city-stade", "adjoint_urbanisme"),
    ("Désignation du délégué de la commune au SIVOM de la vallée", "maire"),
)
SECRETAIRE_DE_SEANCE = "delegue_numerique"
EXCUSED = ("amandine",)
ABSENT = ("karim",)  # arrives late
PROCURATION = ("emilie", "lucie")
INTERESTED = "isabelle"  # presides the comité des fêtes
LEAVES = ("bernard", "patrick")  # leaves early, procuration to Patrick


@dataclass
class Evening:
    """When each step happened that evening. The services stamp what they
    record with the moment it is recorded; the séance took place weeks
    ago, so its moments are moved onto its evening once it is held, in the
    same order, which keeps who was in the room at each vote. The journal
    keeps the moment the demo was seeded."""

    day: datetime
    steps: list[tuple[type, str, object, datetime]] = field(default_factory=list)

    def at(self, hour: int, minute: int) -> datetime:
        return datetime.combine(self.day.date(), time(hour, minute), tzinfo=PARIS)

    def mark(self, model: type, name: str, pk: object, hour: int, minute: int) -> None:
        # Moved at once: an arrival, a departure or the closing is refused
        # before the opening or a point already opened or voted.
        self.steps.append((model, name, pk, self.at(hour, minute)))
        model.objects.filter(pk=pk).update(**{name: self.at(hour, minute)})  # type: ignore[attr-defined]

    def apply(self) -> None:
        for model, name, pk, moment in self.steps:
            model.objects.filter(pk=pk).update(**{name: moment})  # type: ignore[attr-defined]


def hold_past_seance(seance: Seance, town: "BuiltTown") -> Sitting:
    """Hold the convened ``seance`` from its roll call to its closing."""
    people = town.members
    by = people["secretaire"].user
    evening = Evening(seance.local_start)
    points = list(seance.items.order_by("position"))
    minutes, subsidy, land, delegate = points

    sitting = open_seance(seance, by=by, on=seance.local_start.date())
    evening.mark(Sitting, "opened_at", sitting.pk, 20, 2)
    record_roll_call(
        sitting,
        by=by,
        entries=_roll_call(seance, people),
        president=people["maire"],
        secretaire=people[SECRETAIRE_DE_SEANCE],
        auxiliary="Martine Lecomte, secrétaire générale de mairie",
    )
    evening.mark(Sitting, "roll_call_at", sitting.pk, 20, 5)

    # 1. Unanimity.
    _opened(minutes, by, evening, 20, 8)
    _voted(record_open_vote(minutes, by=by), evening, 20, 10)

    # A councillor arrives late, before the second point.
    record_movement(
        sitting,
        by=by,
        member=people[ABSENT[0]],
        kind="arrivee",
        at=evening.at(20, 17),
    )

    # 2. An interested councillor stands aside (L2131-11); a split vote.
    set_interest(subsidy, by=by, member=people[INTERESTED], interested=True)
    _opened(subsidy, by, evening, 20, 20)
    save_debates(
        subsidy,
        by=by,
        text="Isabelle Fournier, présidente du comité des fêtes, quitte la salle. "
        "Patrick Chevalier demande le bilan de la fête de l'an dernier ; "
        "Thomas Renaudin le présente.",
    )
    vote = record_open_vote(
        subsidy,
        by=by,
        exceptions={
            people["patrick"].pk: "contre",
            people["bernard"].pk: "contre",
            people["elodie"].pk: "abstention",
        },
    )
    _voted(vote, evening, 20, 34)

    # 3. A tie, decided by the president's vote (L2121-20).
    _opened(land, by, evening, 20, 36)
    save_debates(
        land,
        by=by,
        text="Le prix au mètre carré est discuté ; Julien Morel propose "
        "d'attendre l'avis des Domaines. La maire maintient le point.",
    )
    vote = record_open_vote(
        land,
        by=by,
        exceptions={
            **{
                people[key].pk: "contre"
                for key in (
                    "conseiller",
                    "isabelle",
                    "patrick",
                    "bernard",
                    "karim",
                    "elodie",
                )
            },
            people["delegue_numerique"].pk: "abstention",
            people["emilie"].pk: "abstention",
        },
    )
    _voted(vote, evening, 21, 2)

    # A councillor leaves early, with a written procuration.
    record_movement(
        sitting,
        by=by,
        member=people[LEAVES[0]],
        kind="depart",
        at=evening.at(21, 5),
        mandataire=people[LEAVES[1]],
    )

    # 4. A nomination, in secret (L2121-21), won in the first round.
    _opened(delegate, by, evening, 21, 7)
    vote = record_nomination_round(
        delegate,
        by=by,
        round_number=1,
        votes={people["adjoint_urbanisme"].pk: 9, people["patrick"].pk: 4},
        blancs_ou_nuls=1,
    )
    _voted(vote, evening, 21, 20)

    # The evening's moments first: the délibérations, built at the
    # closing, count who was in the room at each vote (``demo.minutes``
    # draws and signs them).
    evening.apply()
    sitting = close_seance(sitting, by=by, at=evening.at(21, 31))
    return sitting


def _roll_call(
    seance: Seance, people: dict[str, Membership]
) -> dict[UUID, tuple[str, UUID | None]]:
    """Every member in office that day present, but the excused, the
    absent and the represented."""
    keys = {member.pk: key for key, member in people.items()}
    mandant, mandataire = PROCURATION
    entries: dict[UUID, tuple[str, UUID | None]] = {}
    for member in in_office_at(seance):
        key = keys[member.pk]
        if key in EXCUSED:
            entries[member.pk] = ("excuse", None)
        elif key in ABSENT:
            entries[member.pk] = ("absent", None)
        elif key == mandant:
            entries[member.pk] = ("represente", people[mandataire].pk)
        else:
            entries[member.pk] = ("present", None)
    return entries


def _opened(
    item: AgendaItem, by: User, evening: Evening, hour: int, minute: int
) -> Examination:
    examination = open_point(item, by=by)
    evening.mark(Examination, "opened_at", examination.pk, hour, minute)
    return examination


def _voted(vote: Vote, evening: Evening, hour: int, minute: int) -> None:
    evening.mark(Vote, "at", vote.pk, hour, minute)
