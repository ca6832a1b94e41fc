"""A council séance held and closed through the services, with its
délibérations built as the closing builds them."""

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from actes.models import Deliberation
from actes.services import build_pdfs_of
from convocations.services import send_convocation
from proceedings.services import close_seance, open_point
from proceedings.tests.helpers import Council, add_point, held, make_council
from proceedings.voting import record_open_vote, record_secret_vote
from seances.models import PARIS, AgendaItem
from seances.services import create_seance
from seances.workflow import approve, request_review, save_draft, validate


def closed_council(
    *,
    size: int = 7,
    titles: Sequence[str] = ("Tarifs de la cantine", "Subvention au comité"),
    huis_clos: Sequence[str] = (),
    secret: Sequence[str] = (),
    after: Council | None = None,
    pdfs: bool = True,
) -> tuple[Council, list[Deliberation]]:
    """A council of ``size`` élus: all present but the last, who gave a
    procuration to the maire; the first point voted with one voice against
    (named), the others unanimously or, when in ``secret``, in secret."""
    council = (
        make_council(size, titles=titles, huis_clos=huis_clos)
        if after is None
        else another_seance(after, titles, days=20)
    )
    members = council.members
    sitting = held(
        council, present=members[:-1], procurations=[(members[-1], members[0])]
    )
    for number, item in enumerate(council.items):
        open_point(item, by=council.secretaire)
        if item.title in secret:
            record_secret_vote(
                item,
                by=council.secretaire,
                pour=len(members) - 2,
                contre=1,
                blancs_ou_nuls=1,
                secret_requests=len(members) // 2,
            )
        elif number == 0:
            record_open_vote(
                item, by=council.secretaire, exceptions={members[3].pk: "contre"}
            )
        else:
            record_open_vote(item, by=council.secretaire)
    with transaction.atomic():
        close_seance(sitting, by=council.secretaire)
    made = list(Deliberation.objects.filter(seance=council.seance).order_by("order"))
    if pdfs:
        build_pdfs_of([str(one.pk) for one in made])
        made = list(
            Deliberation.objects.filter(seance=council.seance).order_by("order")
        )
    return council, made


def another_seance(council: Council, titles: Sequence[str], *, days: int) -> Council:
    """A second séance of the same council, convened today."""
    seance = create_seance(
        collectivite=council.collectivite,
        by=council.secretaire,
        starts_at=datetime.combine(
            timezone.localdate() + timedelta(days=days), time(20), tzinfo=PARIS
        ),
        place="Salle du conseil",
        kind="ordinaire",
    )
    items = [
        add_point(seance, council.secretaire, council.members, title)
        for title in titles
    ]
    # The approval of the previous procès-verbal, put on the agenda by
    # ``minutes``, validated as the others.
    for waiting in seance.items.exclude(pk__in=[item.pk for item in items]):
        if waiting.state != AgendaItem.State.VALIDE:
            if waiting.draft_revision == 0:
                save_draft(
                    waiting,
                    by=council.secretaire,
                    based_on=0,
                    articles="Le procès-verbal est approuvé.",
                )
            request_review(waiting, by=council.secretaire)
            if waiting.rapporteur is not None:
                approve(waiting, by=waiting.rapporteur.user)
            validate(waiting, by=council.members[0].user)
    send_convocation(seance, by=council.secretaire)
    seance.refresh_from_db()
    return Council(
        council.collectivite, council.secretaire, council.members, seance, items
    )
