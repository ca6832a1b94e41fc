"""Building the demo from ``demo.data`` through the services a person's
actions take, so that the demo shows what the application really does
(journal entries included)."""

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count, ProtectedError, Q
from django.utils import timezone

from accounts import two_factor
from accounts.models import TotpDevice, User
from collectivites.models import Collectivite, Membership, Workspace
from collectivites.services import (
    add_member,
    add_workspace_member,
    create_workspace,
    end_membership,
)
from demo import data
from demo.convocations import send_demo_convocation
from demo.discussions import seed_discussions
from demo.documents import seed_document_history
from demo.dossiers import build_dossiers
from demo.interims import seed_interims
from demo.minipdf import simple_pdf
from demo.seances import build_seances
from documents.folder_import import ImportReport, import_folder
from documents.models import Document
from documents.services import add_version, create_document
from journal.models import JournalEntry
from search.indexing import reindex_all

logger = logging.getLogger(__name__)


@dataclass
class DemoResult:
    built: bool
    corpus_dir: Path | None = None
    reports: list[ImportReport] = field(default_factory=list)


@dataclass
class BuiltTown:
    """What was made for one ``data.Town``, by the keys the data uses."""

    collectivite: Collectivite
    members: dict[str, Membership]
    workspaces: dict[str, Workspace]


def demo_exists() -> bool:
    return Collectivite.objects.filter(slug__in=_slugs()).exists()


def seed_demo(*, corpus_dir: Path | None, reset: bool = False) -> DemoResult:
    """Build the demo unless it is there already; ``reset`` rebuilds it.

    The real documents of ``corpus_dir`` are imported when it exists; the
    demo writes small documents of its own otherwise."""
    if reset:
        delete_demo()
    elif demo_exists():
        return DemoResult(built=False)
    if corpus_dir is not None and not corpus_dir.is_dir():
        corpus_dir = None

    with transaction.atomic():
        built = {town.slug: _build_town(town) for town in data.TOWNS}

        result = DemoResult(built=True, corpus_dir=corpus_dir)
        archives_town = built[data.CORPUS_TOWN]
        if corpus_dir is not None:
            result.reports = _import_corpus(corpus_dir, archives_town)
        else:
            for document in data.ARCHIVES_WITHOUT_CORPUS:
                _write(document, archives_town)
        # Written last, so that dashboards open on them as the recent work.
        for town in data.TOWNS:
            for document in town.documents:
                _write(document, built[town.slug])
        seed_document_history(built)
        build_seances(built[data.CORPUS_TOWN])
        send_demo_convocation(built[data.CORPUS_TOWN])
        build_dossiers(built[data.CORPUS_TOWN])
        seed_discussions(built)
        seed_interims(built[data.CORPUS_TOWN])
    # The services indexed everything as they went; rebuilding once more
    # also drops what a previous demo left behind. The text of each file is
    # indexed when the worker of ``make demo`` has extracted it.
    reindex_all()
    logger.debug("demo built corpus=%s", corpus_dir is not None)
    return result


def delete_demo() -> None:
    """Remove both demo collectivités and the demo people who belong nowhere
    else. Runs only on ``--reset``, which exists for the demo alone."""
    with transaction.atomic():
        collectivites = Collectivite.objects.filter(slug__in=_slugs())
        # The journal is append-only, but each collectivité has a chain of
        # its own: removing a demo collectivité's whole chain leaves every
        # other chain intact and verifiable.
        JournalEntry.objects.filter(collectivite__in=collectivites).delete()
        # A document points at its current version, which points back at
        # it: unlink first, or the protected link stops the cascade.
        Document.objects.filter(collectivite__in=collectivites).update(
            current_version=None
        )
        collectivites.delete()
        emails = [person.email for town in data.TOWNS for person in town.people]
        for user in User.objects.filter(email__in=emails, memberships__isnull=True):
            try:
                with transaction.atomic():
                    user.delete()
            except ProtectedError:
                # Still named by another collectivité's journal or documents:
                # the account stays, and the rebuild reuses it.
                logger.info("demo user kept user=%s", user.pk)


def workspace_counts() -> list[tuple[Workspace, int]]:
    """Each demo workspace with its number of live documents."""
    workspaces = (
        Workspace.objects.filter(collectivite__slug__in=_slugs())
        .select_related("collectivite")
        .annotate(
            document_count=Count(
                "documents", filter=Q(documents__deleted_at__isnull=True)
            )
        )
        .order_by("collectivite__name", "name")
    )
    return [(workspace, workspace.document_count) for workspace in workspaces]


def _slugs() -> list[str]:
    return [town.slug for town in data.TOWNS]


def _build_town(town: data.Town) -> BuiltTown:
    collectivite = Collectivite.objects.create(
        name=town.name,
        slug=town.slug,
        kind=Collectivite.Kind.COMMUNE,
        insee_code=town.insee_code,
        siren=town.siren,
        siret=town.siret,
        population_totale=town.population_totale,
        population_municipale=town.population_municipale,
        council_seats=town.council_seats,
        address=town.address,
    )
    members = {person.key: _add_person(collectivite, person) for person in town.people}
    workspaces = {
        space.name: _create_workspace(collectivite, space, members)
        for space in town.workspaces
    }
    # A resignation is recorded once the person has sat in the workspaces
    # of the mandate, as it happens in a real commune.
    for person in town.people:
        if person.ended_on is not None:
            end_membership(
                members[person.key],
                by=None,
                ended_on=person.ended_on,
                reason=person.end_reason,
            )
    return BuiltTown(collectivite, members, workspaces)


def _add_person(collectivite: Collectivite, person: data.Person) -> Membership:
    membership = add_member(
        collectivite=collectivite,
        by=None,
        email=person.email,
        first_name=person.first_name,
        last_name=person.last_name,
        role=person.role,
        function=person.function,
        delegation=person.delegation,
        rank=person.rank,
        started_on=person.started_on,
        civility=person.civility,
    )
    if person.login:
        membership.user.set_password(data.PASSWORD)
        membership.user.save(update_fields=["password"])
        if two_factor.must_use_two_factor(membership.user):
            # Its second step shows the code: see accounts.two_factor.demo_code.
            TotpDevice.objects.get_or_create(
                user=membership.user,
                defaults={
                    "secret": two_factor.DEMO_SECRET,
                    "confirmed_at": timezone.now(),
                },
            )
    return membership


def _create_workspace(
    collectivite: Collectivite, space: data.Space, members: dict[str, Membership]
) -> Workspace:
    workspace = create_workspace(
        collectivite=collectivite,
        by=None,
        name=space.name,
        kind=space.kind,
        description=space.description,
    )
    for key in space.members:
        add_workspace_member(
            workspace, members[key], by=None, is_manager=key in space.managers
        )
    return workspace


def _write(spec: data.GeneratedDocument, town: BuiltTown) -> Document:
    """A generated document, version after version, each by its author."""
    first, *later = spec.versions
    content = _render(first)
    document = create_document(
        workspace=town.workspaces[spec.workspace],
        author=town.members[first.author].user,
        stream=io.BytesIO(content),
        filename=first.filename,
        size=len(content),
        title=spec.title,
        folder=spec.folder,
        note=first.note,
    )
    for draft in later:
        content = _render(draft)
        add_version(
            document=document,
            author=town.members[draft.author].user,
            stream=io.BytesIO(content),
            filename=draft.filename,
            size=len(content),
            note=draft.note,
        )
    return document


def _render(draft: data.Draft) -> bytes:
    if draft.filename.endswith(".pdf"):
        title, *lines = draft.body.strip().splitlines()
        return simple_pdf(title, lines)
    return draft.body.encode()


def _import_corpus(corpus_dir: Path, town: BuiltTown) -> list[ImportReport]:
    """The two commune folders into the Archives, everything else into the
    test files, through the same import as a shared drive's."""
    author = town.members[data.CORPUS_IMPORTER].user
    reports = [
        import_folder(
            corpus_dir / name,
            workspace=town.workspaces[data.ARCHIVES],
            author=author,
            into=name,
        )
        for name in data.CORPUS_TO_ARCHIVES
        if (corpus_dir / name).is_dir()
    ]
    reports.append(
        import_folder(
            corpus_dir,
            workspace=town.workspaces[data.TEST_FILES],
            author=author,
            exclude=data.CORPUS_TO_ARCHIVES,
        )
    )
    return reports
