"""What the séance's documents say: its points numbered, drafts, annexes."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch

from collectivites.models import Membership
from domain.french import capitalize
from domain.jours_francs import note_de_synthese_required
from domain.roles import Role
from seances.deadlines import convocation_case
from seances.models import PARIS, AgendaItem, Annex, DraftRevision, Seance

DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


@dataclass
class Point:
    number: str
    item: AgendaItem
    revision: DraftRevision | None
    annexes: list[Annex] = field(default_factory=list)

    @property
    def is_sub_point(self) -> bool:
        return self.item.parent_id is not None


@dataclass
class SeanceContent:
    seance: Seance
    points: list[Point]
    maire_name: str
    note_required: bool
    # « La maire » or « Le maire », above the signature.
    maire_heading: str = "Le maire"

    @property
    def when(self) -> str:
        return french_datetime(self.seance.starts_at)


def french_date(moment: datetime) -> str:
    """« jeudi 10 décembre 2026 », in Europe/Paris, whatever the locale."""
    local = moment.astimezone(PARIS)
    day = "1er" if local.day == 1 else str(local.day)
    return f"{DAYS[local.weekday()]} {day} {MONTHS[local.month - 1]} {local.year}"


def french_datetime(moment: datetime) -> str:
    """« jeudi 10 décembre 2026 à 19 h 00 », in Europe/Paris."""
    local = moment.astimezone(PARIS)
    return f"{french_date(local)} à {local.hour} h {local.minute:02d}"


def seance_content(seance: Seance, *, public: bool = False) -> SeanceContent:
    """Every point of the séance in agenda order, numbered 1, 1.1, 2 like the
    séance page; ``public`` leaves out the points à huis clos and their
    sub-points (CGCT L2121-18). A fixed number of queries.

    A point withdrawn or postponed is no question put to the council
    (L2121-10): it is left out of every document, as the convocation's
    e-mail leaves it out; the others keep their numbers, which count every
    point, so that the e-mail, the documents and the séance page agree."""
    # A document in the trash is no longer an annex of the dossier: whoever
    # deleted it meant it gone, and it may be purged before the séance.
    annexes = Annex.objects.filter(document__deleted_at__isnull=True).select_related(
        "document", "version__blob"
    )
    items = list(
        seance.items.select_related("rapporteur__user")
        .prefetch_related("revisions", Prefetch("annexes", queryset=annexes))
        .order_by("position")
    )
    children: dict[object, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    points: list[Point] = []
    tops = [item for item in items if item.parent_id is None]
    for index, top in enumerate(tops, start=1):
        hidden = public and top.huis_clos
        if not hidden and top.is_active:
            points.append(_point(str(index), top))
        for sub_index, sub in enumerate(children.get(top.pk, []), start=1):
            if sub.is_active and not (hidden or (public and sub.huis_clos)):
                points.append(_point(f"{index}.{sub_index}", sub))
    maire = _maire_of(seance)
    return SeanceContent(
        seance=seance,
        points=points,
        maire_name=maire.user.full_name if maire is not None else "",
        note_required=note_required(seance, items),
        maire_heading=capitalize(maire.title_with_article) if maire else "Le maire",
    )


def note_required(seance: Seance, items: list[AgendaItem]) -> bool:
    """The note explicative de synthèse of L2121-12: from 3 500 inhabitants,
    in an EPCI, or below when a point concerns an ICPE. A commission's
    meeting has no convocation in law, hence no required note."""
    if not seance.is_council:
        return False
    has_icpe = any(item.concerns_icpe and item.is_active for item in items)
    return note_de_synthese_required(
        convocation_case(seance.collectivite, seance, has_icpe_item=has_icpe)
    )


def _point(number: str, item: AgendaItem) -> Point:
    revisions = list(item.revisions.all())
    latest = max(revisions, key=lambda revision: revision.number, default=None)
    return Point(number, item, latest, list(item.annexes.all()))


def _maire_of(seance: Seance) -> Membership | None:
    return (
        Membership.objects.current(seance.local_start.date())
        .filter(collectivite=seance.collectivite_id, role=Role.MAIRE)
        .select_related("user")
        .first()
    )
