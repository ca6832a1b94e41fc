"""A séance of the council held and closed, then its procès-verbal taken
through the next séance, approved, signed and published, all through the
services as the secrétaire, the maire and the council would."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from actes.models import Deliberation, Signature
from actes.services import build_pdfs_of
from actes.signatures import sign
from collectivites.models import Membership
from convocations.services import send_convocation
from minutes.models import ProcesVerbal
from proceedings.models import Sitting
from proceedings.services import (
    close_seance,
    open_point,
    open_seance,
    record_movement,
    record_roll_call,
    save_debates,
)
from proceedings.tests.helpers import Council, held, make_council, opened
from proceedings.voting import record_open_vote, record_secret_vote
from quorum.testing import convened_for_today
from seances.models import PARIS, AgendaItem, Seance
from seances.services import create_seance
from seances.workflow import approve, request_review, save_draft, validate

PUBLIC_POINT = "Tarifs de la cantine"
HUIS_CLOS_POINT = "Protection fonctionnelle CANARI-HUIS-CLOS"
DEBATES = "M. Élu04 regrette la hausse des tarifs pour les familles."
SECRET_DEBATES = "Débat sur la situation de l'agent CANARI-HUIS-CLOS."


@dataclass
class Held:
    council: Council
    sitting: Sitting

    @property
    def proces_verbal(self) -> ProcesVerbal:
        return ProcesVerbal.objects.select_related("seance__collectivite").get(
            seance=self.council.seance
        )

    @property
    def president(self) -> Membership:
        return self.council.members[0]

    @property
    def secretaire_de_seance(self) -> Membership:
        return self.council.members[4]


def closed_seance(*, with_huis_clos: bool = True) -> Held:
    """Seven élus: five present at the roll call (the fifth is secrétaire
    de séance), the sixth represented by the maire, the seventh arriving
    late; a public point voted with one voice against, and a point à huis
    clos voted by secret ballot; then the closing."""
    titles = (PUBLIC_POINT, HUIS_CLOS_POINT) if with_huis_clos else (PUBLIC_POINT,)
    council = make_council(
        7, titles=titles, huis_clos=(HUIS_CLOS_POINT,) if with_huis_clos else ()
    )
    m = council.members
    by = council.secretaire
    sitting = held(council, present=m[:5], procurations=[(m[5], m[0])])
    record_movement(sitting, by=by, member=m[6], kind="arrivee")

    cantine = opened(council, council.items[0])
    save_debates(cantine, by=by, text=DEBATES)
    record_open_vote(cantine, by=by, exceptions={m[3].pk: "contre"})
    if with_huis_clos:
        secret = opened(council, council.items[1])
        save_debates(secret, by=by, text=SECRET_DEBATES)
        record_secret_vote(
            secret, by=by, pour=5, contre=1, blancs_ou_nuls=1, secret_requests=3
        )
    close_seance(sitting, by=by)
    sitting.refresh_from_db()
    # What the tasks do once the closing commits, which a test never does.
    build_pdfs_of(
        [
            str(pk)
            for pk in Deliberation.objects.filter(seance=council.seance).values_list(
                "pk", flat=True
            )
        ]
    )
    return Held(council, sitting)


def next_seance(held_seance: Held, days: int = 40) -> Seance:
    council = held_seance.council
    return create_seance(
        collectivite=council.collectivite,
        by=council.secretaire,
        starts_at=datetime.combine(
            timezone.localdate() + timedelta(days=days), time(20), tzinfo=PARIS
        ),
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
    )


def approve_at_next_seance(held_seance: Held, *, adopted: bool = True) -> Seance:
    """The next séance planned (the approval point goes on it), its point
    written, reviewed and validated, the council convened, held, and the
    procès-verbal voted."""
    council = held_seance.council
    by = council.secretaire
    maire = council.members[0]
    seance = next_seance(held_seance)
    item = AgendaItem.objects.get(seance=seance)
    save_draft(item, by=by, based_on=0, articles="Le procès-verbal est approuvé.")
    request_review(item, by=by)
    approve(item, by=maire.user)
    validate(item, by=maire.user)
    send_convocation(seance, by=by)
    sitting = open_seance(convened_for_today(seance), by=by)
    record_roll_call(
        sitting,
        by=by,
        entries={member.pk: ("present", None) for member in council.members},
        president=maire,
        secretaire=council.members[1],
    )
    open_point(item, by=by)
    exceptions = (
        {} if adopted else {member.pk: "contre" for member in council.members[:5]}
    )
    record_open_vote(item, by=by, exceptions=exceptions)
    return seance


def sign_proces_verbal(held_seance: Held) -> ProcesVerbal:
    proces_verbal = held_seance.proces_verbal
    for capacity, member in (
        (Signature.Capacity.PRESIDENT, held_seance.president),
        (Signature.Capacity.SECRETAIRE, held_seance.secretaire_de_seance),
    ):
        sign(proces_verbal, member, member.user, capacity)
    return held_seance.proces_verbal


def sign_deliberation(held_seance: Held, deliberation: Deliberation) -> Deliberation:
    for capacity, member in (
        (Signature.Capacity.PRESIDENT, held_seance.president),
        (Signature.Capacity.SECRETAIRE, held_seance.secretaire_de_seance),
    ):
        sign(deliberation, member, member.user, capacity)
    deliberation.refresh_from_db()
    return deliberation
