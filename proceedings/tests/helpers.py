"""A convened council ready to be held, built through the services as the
secrétaire would: members, validated points, the convocation sent, the
answers and the procurations declared before the séance."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from collectivites.models import Collectivite, Membership
from convocations.models import Reply
from convocations.services import record_reply, send_convocation
from domain.roles import Role
from proceedings.models import Attendance, Sitting
from proceedings.services import open_point, open_seance, record_roll_call
from quorum.testing import (
    CollectiviteFactory,
    MembershipFactory,
    UserFactory,
    convened_for_today,
)
from seances.models import PARIS, AgendaItem, Seance
from seances.services import add_item, create_seance
from seances.workflow import approve, request_review, save_draft, validate


@dataclass
class Council:
    collectivite: Collectivite
    secretaire: User
    members: list[Membership]
    seance: Seance
    items: list[AgendaItem]

    @property
    def maire(self) -> Membership:
        return self.members[0]

    def delivery(self, member: Membership):  # noqa: ANN201
        return self.seance.convocation.deliveries.select_related(
            "convocation", "recipient__user"
        ).get(recipient=member)


def make_council(
    size: int = 15,
    *,
    titles: Sequence[str] = ("Tarifs de la cantine", "Subvention au comité"),
    collectivite: Collectivite | None = None,
    days: int = 10,
    huis_clos: Sequence[str] = (),
) -> Council:
    """``size`` élus (the maire first, then the adjoints by rank), a
    secrétaire de mairie, and a séance in ``days`` days whose points are
    validated and whose convocation is sent today; the points titled in
    ``huis_clos`` are examined à huis clos."""
    where = collectivite or CollectiviteFactory.create()
    secretaire = MembershipFactory.create(collectivite=where, role=Role.SECRETAIRE)
    members = [
        MembershipFactory.create(
            collectivite=where,
            role=(
                Role.MAIRE
                if number == 1
                else Role.ADJOINT
                if number < 4
                else Role.CONSEILLER
            ),
            rank=number,
            user=UserFactory.create(
                last_name=f"Élu{number:02}", first_name="Conseiller"
            ),
        )
        for number in range(1, size + 1)
    ]
    seance = create_seance(
        collectivite=where,
        by=secretaire.user,
        starts_at=datetime.combine(
            timezone.localdate() + timedelta(days=days), time(20), tzinfo=PARIS
        ),
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
    )
    items = [
        add_point(seance, secretaire.user, members, title, huis_clos=title in huis_clos)
        for title in titles
    ]
    send_convocation(seance, by=secretaire.user)
    seance.refresh_from_db()
    return Council(where, secretaire.user, members, seance, items)


def add_point(
    seance: Seance,
    by: User,
    members: list[Membership],
    title: str,
    *,
    huis_clos: bool = False,
) -> AgendaItem:
    rapporteur = members[1]
    item = add_item(
        seance,
        by=by,
        title=title,
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=rapporteur,
        huis_clos=huis_clos,
    )
    save_draft(item, by=by, based_on=0, articles="Le conseil approuve.")
    request_review(item, by=by)
    approve(item, by=rapporteur.user)
    return validate(item, by=members[0].user)


def answer(
    council: Council,
    present: Sequence[Membership] = (),
    procurations: Sequence[tuple[Membership, Membership]] = (),
    excused: Sequence[Membership] = (),
) -> None:
    """Record the answers to the convocation, as the secrétaire does."""
    for member in present:
        record_reply(
            council.delivery(member),
            by=council.secretaire,
            answer=Reply.Answer.PRESENT,
            channel="courriel",
        )
    for member in excused:
        record_reply(
            council.delivery(member),
            by=council.secretaire,
            answer=Reply.Answer.ABSENT,
            channel="courriel",
        )
    for mandant, mandataire in procurations:
        record_reply(
            council.delivery(mandant),
            by=council.secretaire,
            answer=Reply.Answer.PROCURATION,
            mandataire=mandataire,
            channel="papier",
        )


def held(
    council: Council,
    present: Sequence[Membership],
    procurations: Sequence[tuple[Membership, Membership]] = (),
    *,
    president: Membership | None = None,
) -> Sitting:
    """Answers recorded, séance opened, roll call confirmed as prefilled,
    with the first present as secrétaire de séance."""
    answer(council, present=present, procurations=procurations)
    sitting = open_seance(on_its_day(council), by=council.secretaire)
    record_roll_call(
        sitting,
        by=council.secretaire,
        entries={},
        president=president or (council.maire if council.maire in present else None),
        secretaire=present[-1],
    )
    sitting.refresh_from_db()
    return sitting


def on_its_day(council: Council) -> Seance:
    """The séance moved onto today, convened as many days ago: it opens on
    the day convened only (L2121-10)."""
    return convened_for_today(council.seance)


def opened(council: Council, item: AgendaItem) -> AgendaItem:
    open_point(item, by=council.secretaire)
    item.refresh_from_db()
    return item


def statuses(sitting: Sitting) -> dict[Membership, str]:
    return {
        row.member: row.status
        for row in Attendance.objects.filter(sitting=sitting).select_related("member")
    }


def a_day(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)
