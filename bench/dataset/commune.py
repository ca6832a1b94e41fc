"""One commune of the dataset: its council and agents, its commissions and
their documents, and six years of séances with their points, drafts,
annexes, discussions and convocations, held (``bench.dataset.holding``)
and turned into published délibérations (``bench.dataset.acts``).

Sizes follow the commune's population: the council has the seats of the
legal table (CGCT L2121-2, ``domain.council.council_seats``), a village
meets about six times a year and a town more often, with longer agendas.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.contrib.auth.hashers import make_password

from accounts.models import User
from bench.dataset.acts import ActesOffice
from bench.dataset.files import store_file
from bench.dataset.holding import SeanceHolder
from bench.dataset.population import draw_population
from bench.dataset.rows import Rows, new
from bench.dataset.words import FIRST_NAMES, LAST_NAMES, TOPICS, VILLAGES, sentence
from collectivites.models import Collectivite, Membership, Workspace, WorkspaceMember
from convocations.models import Convocation, Delivery
from discussions.models import Comment, Thread
from documents.models import Document, Version
from domain.council import council_seats
from domain.roles import Role, status_of
from seances.models import PARIS, AgendaItem, Annex, DraftRevision, Seance

# The commune whose pages the bench measures: the same at every size of
# the dataset, so that its pages can be compared from N = 10 to N = 1 000.
REFERENCE_POPULATION = 1_240
REFERENCE_POINTS = 40
REFERENCE_VERSIONS = 20
# Its séance being held tonight, roll call taken, none of its points
# opened yet: the bench opens and votes them, one per measure.
REFERENCE_DISPLAY_POINTS = 40

# Nobody logs into the dataset with a password (the bench opens sessions
# itself): one unusable hash for all, instead of an Argon2 per person.
_NO_PASSWORD = make_password(None)


@dataclass(frozen=True)
class Reference:
    slug: str
    secretaire_id: UUID
    conseiller_id: UUID
    seance_id: UUID  # convened, with REFERENCE_POINTS points
    document_id: UUID  # with REFERENCE_VERSIONS versions
    held_seance_id: UUID  # en cours, with REFERENCE_DISPLAY_POINTS points


class CommuneBuilder:
    def __init__(
        self,
        rows: Rows,
        rng: random.Random,
        *,
        slug: str,
        years: int,
        now: datetime,
        reference: bool = False,
    ) -> None:
        self.rows, self.rng, self.now = rows, rng, now
        self.years, self.is_reference = years, reference
        self.people = 0
        self.revisions: dict[UUID, DraftRevision] = {}
        population = REFERENCE_POPULATION if reference else 0
        self.commune = self._commune(slug, population)
        self.since = now - timedelta(days=365 * years + 30)

    def build(self) -> Reference | None:
        self.rows.add(self.commune)
        self._people()
        self._workspaces()
        for workspace in self.workspaces[:-1]:  # the last one keeps the annexes
            self._workspace_documents(workspace)
        upcoming, held = self._seances()
        if not self.is_reference or held is None:
            return None
        document = self._document(
            self.workspaces[0], "Budget primitif", REFERENCE_VERSIONS, self.since
        )
        self._maybe_thread(document=document, at=document.created_at, chance=1.0)
        return Reference(
            self.commune.slug,
            self.secretaire.user_id,
            self.conseillers[0].user_id,
            upcoming.pk,
            document.pk,
            held.pk,
        )

    # The people -------------------------------------------------------------

    def _commune(self, slug: str, population: int) -> Collectivite:
        population = population or draw_population(self.rng)
        name = f"{self.rng.choice(VILLAGES)} ({slug})"
        return new(
            Collectivite,
            name=name,
            slug=slug,
            insee_code=f"{self.rng.randrange(1, 96):02d}{self.rng.randrange(1000):03d}",
            population_totale=population + population // 50,
            population_municipale=population,
            council_seats=council_seats(population),
            created_at=self.now - timedelta(days=365 * self.years + 60),
            updated_at=self.now - timedelta(days=30),
        )

    def _people(self) -> None:
        seats = self.commune.council_seats
        # Under 1 000 inhabitants a list may be two short (RULES §10).
        filled = seats
        if self.commune.population_municipale < 1_000 and not self.is_reference:
            filled -= self.rng.choice((0, 0, 1, 2))
        # At most 30 % of the council are adjoints (L2122-2).
        adjoints = max(1, seats * 3 // 10)
        roles = [Role.MAIRE] + [Role.ADJOINT] * adjoints
        roles += [Role.CONSEILLER] * (filled - len(roles))
        self.elus = [self._member(role, rank) for rank, role in enumerate(roles, 1)]
        self.executive = self.elus[: 1 + adjoints]
        self.conseillers = self.elus[1 + adjoints :] or self.elus[-1:]
        self.secretaire = self._member(Role.SECRETAIRE)
        others = min(12, self.commune.population_municipale // 1_500)
        self.agents = [self.secretaire] + [
            self._member(Role.AGENT) for _ in range(others)
        ]
        self.users = [m.user for m in self.elus + self.agents]

    def _member(self, role: Role, rank: int | None = None) -> Membership:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        self.people += 1
        user = new(
            User,
            email=f"{role.value}.{self.people}@{self.commune.slug}.example.org",
            first_name=first,
            last_name=last,
            password=_NO_PASSWORD,
            created_at=self.since,
            updated_at=self.since,
        )
        membership = new(
            Membership,
            user=user,
            collectivite=self.commune,
            status=status_of(role).value,  # bulk_create skips Membership.save
            role=role.value,
            rank=rank,
            is_admin=role in {Role.MAIRE, Role.SECRETAIRE},
            # TODO(dataset-mandates): one council for the six years; the
            # renewal of March 2026 and resignations are not drawn.
            started_on=self.since.date(),
            created_at=self.since,
            updated_at=self.since,
        )
        self.rows.add(user, membership)
        return membership

    def _workspaces(self) -> None:
        maire = self.elus[0]
        plan = [("Commission des finances", self.executive + self.conseillers[:2])]
        if self.commune.population_municipale >= 500:
            plan.append(
                ("Commission travaux", self.executive[1:] + self.conseillers[2:5])
            )
        if self.commune.population_municipale >= 1_000:
            plan.append(("Projet école", self.conseillers[:3] + self.agents[1:3]))
        plan.append(("Secrétariat du conseil", [maire]))
        self.workspaces = []
        for name, members in plan:
            workspace = new(
                Workspace,
                collectivite=self.commune,
                name=name,
                created_at=self.since,
                updated_at=self.since,
            )
            self.workspaces.append(workspace)
            self.rows.add(workspace)
            for member in dict.fromkeys([self.secretaire, *members]):
                self.rows.add(
                    new(
                        WorkspaceMember,
                        workspace=workspace,
                        membership=member,
                        is_manager=member is self.secretaire,
                        created_at=self.since,
                        updated_at=self.since,
                    )
                )

    # Documents --------------------------------------------------------------

    def _workspace_documents(self, workspace: Workspace) -> None:
        per_year = 3 + self.commune.council_seats // 8
        for _ in range(per_year * self.years):
            at = self._moment()
            document = self._document(
                workspace, self.rng.choice(TOPICS), self.rng.choice((1, 1, 2, 3)), at
            )
            self._maybe_thread(document=document, at=at, chance=0.25)

    def _document(
        self, workspace: Workspace, title: str, versions: int, at: datetime
    ) -> Document:
        author = self.rng.choice(self.agents).user
        document = new(
            Document,
            collectivite=self.commune,
            workspace=workspace,
            title=title.capitalize(),
            folder=str(at.year),
            created_by=author,
            created_at=at,
        )
        made = []
        for number in range(1, versions + 1):
            stored = store_file(
                f"{document.pk}/{number}", title, pdf=self.rng.random() < 0.5
            )
            when = at + timedelta(days=number - 1)
            made.append(
                new(
                    Version,
                    document=document,
                    number=number,
                    blob=stored.blob,
                    filename=stored.filename,
                    content_type=stored.content_type,
                    created_by=author,
                    created_at=when,
                    updated_at=when,
                )
            )
            self.rows.add(stored.blob)
        document.current_version = made[-1]
        document.updated_at = made[-1].created_at
        self.rows.add(document, *made)
        return document

    def _maybe_thread(
        self,
        *,
        at: datetime,
        chance: float,
        document: Document | None = None,
        item: AgendaItem | None = None,
    ) -> None:
        if self.rng.random() >= chance:
            return
        people = [m.user for m in self.executive] + [self.secretaire.user]
        thread = new(
            Thread,
            collectivite=self.commune,
            document=document,
            agenda_item=item,
            version=document.current_version if document else None,
            created_by=self.rng.choice(people),
            created_at=at,
            updated_at=at,
        )
        self.rows.add(thread)
        for number in range(self.rng.randint(1, 3)):
            when = at + timedelta(hours=number * 5)
            self.rows.add(
                new(
                    Comment,
                    thread=thread,
                    author=thread.created_by
                    if number == 0
                    else self.rng.choice(people),
                    body=sentence(self.rng, words=self.rng.randint(8, 30)),
                    created_at=when,
                    updated_at=when,
                )
            )

    def _moment(self) -> datetime:
        span = (self.now - self.since).total_seconds()
        return self.since + timedelta(seconds=self.rng.uniform(0, span))

    # Séances ----------------------------------------------------------------

    def _seances(self) -> tuple[Seance, Seance | None]:
        """Past séances, held, closed, their délibérations published; the
        next one, convened; the one after, in preparation. The reference
        also holds one tonight. Returns the convened one and tonight's."""
        seats = self.commune.council_seats
        per_year = 6 if seats <= 11 else 8 if seats <= 19 else 10
        count = per_year * self.years
        step = (self.now - self.since - timedelta(days=14)) / count
        holder = SeanceHolder(
            self.rows, self.rng, elus=self.elus, secretaire=self.secretaire
        )
        office = ActesOffice(
            self.rows,
            self.rng,
            commune=self.commune,
            maire=self.elus[0],
            secretaire=self.secretaire,
            now=self.now,
        )
        for number in range(count):
            day = self.since + step * number + timedelta(days=self.rng.randint(0, 6))
            seance, items = self._seance(day, Seance.Status.CLOSE, self._points_count())
            office.deliberate(holder.hold(seance, items), self.revisions)
        office.finish()
        held = None
        if self.is_reference:
            held, items = self._seance(
                self.now - timedelta(minutes=20),
                Seance.Status.EN_COURS,
                REFERENCE_DISPLAY_POINTS,
            )
            holder.hold(held, items, closed=False)
        upcoming, _ = self._seance(
            self.now + timedelta(days=9),
            Seance.Status.CONVOQUEE,
            REFERENCE_POINTS if self.is_reference else self._points_count(),
        )
        self._seance(
            self.now + timedelta(days=40),
            Seance.Status.PREPARATION,
            self._points_count(),
        )
        return upcoming, held

    def _points_count(self) -> int:
        seats = self.commune.council_seats
        low, high = (4, 9) if seats <= 11 else (7, 14) if seats <= 23 else (12, 28)
        return self.rng.randint(low, high)

    def _seance(
        self, day: datetime, status: str, points: int
    ) -> tuple[Seance, list[AgendaItem]]:
        starts_at = day.astimezone(PARIS).replace(second=0, microsecond=0)
        if status != Seance.Status.EN_COURS:  # tonight's started when it did
            starts_at = starts_at.replace(hour=self.rng.choice((18, 19, 20)), minute=0)
        prepared = starts_at - timedelta(days=30)
        convened = starts_at - timedelta(
            days=7 if self.commune.council_seats >= 27 else 5
        )
        seance = new(
            Seance,
            collectivite=self.commune,
            starts_at=starts_at,
            place="Salle du conseil municipal",
            status=status,
            convened_on=convened.date()
            if status != Seance.Status.PREPARATION
            else None,
            created_at=min(prepared, self.now),
            updated_at=min(starts_at, self.now),
        )
        self.rows.add(seance)
        items = [
            self._point(seance, position, status, prepared)
            for position in range(1, points + 1)
        ]
        if status != Seance.Status.PREPARATION:
            self._convocation(seance, convened)
        return seance, items

    def _point(
        self, seance: Seance, position: int, status: str, prepared: datetime
    ) -> AgendaItem:
        prepared = min(prepared, self.now - timedelta(hours=1))
        # Tonight's points are all put to the vote, in public.
        tonight = status == Seance.Status.EN_COURS
        kind = AgendaItem.Kind.DELIBERATION
        if position == 1 and not tonight and self.rng.random() < 0.5:
            kind = AgendaItem.Kind.DECISIONS
        state = AgendaItem.State.INSCRIT
        if status == Seance.Status.PREPARATION:
            state = self.rng.choice(list(AgendaItem.State)[:3])
        item = new(
            AgendaItem,
            seance=seance,
            position=position,
            title=f"{self.rng.choice(TOPICS).capitalize()} — point {position}",
            kind=kind,
            rapporteur=self.rng.choice(self.executive),
            huis_clos=not tonight and self.rng.random() < 0.01,
            state=state,
            created_at=prepared,
            updated_at=prepared,
        )
        self.rows.add(item)
        if kind == AgendaItem.Kind.DELIBERATION:
            self._drafts(item, prepared)
        annexes = 1 if self.is_reference and status == Seance.Status.CONVOQUEE else 0
        annexes = annexes or (1 if self.rng.random() < 0.4 else 0)
        for _ in range(annexes):
            self._annex(item, prepared)
        self._maybe_thread(item=item, at=prepared + timedelta(days=2), chance=0.2)
        return item

    def _drafts(self, item: AgendaItem, at: datetime) -> None:
        revisions = self.rng.choice((1, 1, 2))
        item.draft_revision = revisions
        for number in range(1, revisions + 1):
            when = at + timedelta(hours=number * 20)
            # The latest is the draft in force, which the délibération takes.
            self.revisions[item.pk] = new(
                DraftRevision,
                item=item,
                number=number,
                author=self.secretaire.user,
                expose=sentence(self.rng, words=self.rng.randint(40, 120)),
                visas="Vu le code général des collectivités territoriales ;",
                considerants=f"Considérant {sentence(self.rng, words=12)}",
                articles="Le conseil municipal approuve.\nLe maire est chargé de l'exécution.",
                nature="1",
                created_at=when,
                updated_at=when,
            )
            self.rows.add(self.revisions[item.pk])

    def _annex(self, item: AgendaItem, at: datetime) -> None:
        document = self._document(
            self.workspaces[-1],
            f"Annexe — {item.title}",
            self.rng.choice((1, 1, 2)),
            at,
        )
        self.rows.add(
            new(
                Annex,
                item=item,
                document=document,
                version=document.current_version,
                added_by=self.secretaire.user,
                created_at=at,
                updated_at=at,
            )
        )

    def _convocation(self, seance: Seance, sent: datetime) -> None:
        convocation = new(
            Convocation,
            seance=seance,
            sent_on=sent.date(),
            sent_by=self.secretaire.user,
            created_at=sent,
            updated_at=sent,
        )
        self.rows.add(convocation)
        for member in self.elus:
            opened = self.rng.random() < 0.85
            acknowledged = opened and self.rng.random() < 0.7
            self.rows.add(
                new(
                    Delivery,
                    convocation=convocation,
                    recipient=member,
                    email=member.user.email,
                    status=Delivery.Status.ACCEPTED,
                    attempts=1,
                    sent_at=sent,
                    accepted_at=sent + timedelta(seconds=2),
                    first_opened_at=sent + timedelta(hours=3) if opened else None,
                    acknowledged_at=sent + timedelta(hours=4) if acknowledged else None,
                    created_at=sent,
                    updated_at=sent,
                )
            )
