"""Factories, the standing personas and the world of documents shared by
every test of the suite."""

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import factory
import pyotp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import TotpDevice, User
from collectivites.models import Collectivite, Membership, Workspace, WorkspaceMember
from documents.models import Document, Version
from documents.services import add_version, create_document
from domain.roles import Role

PASSWORD = "mot-de-passe-de-test"
# The authenticator secret of the personas whose role requires a second
# factor (maire, secrétaires): they log in through the form with a code of it.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@example.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)


class CollectiviteFactory(factory.django.DjangoModelFactory[Collectivite]):
    class Meta:
        model = Collectivite

    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.Sequence(lambda n: f"commune-{n}")
    siret = factory.Sequence(lambda n: f"2138{n:05d}00017")
    population_totale = 1240
    population_municipale = 1210


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    collectivite = factory.SubFactory(CollectiviteFactory)
    role = Role.CONSEILLER.value
    started_on = date(2020, 5, 25)


class WorkspaceFactory(factory.django.DjangoModelFactory[Workspace]):
    class Meta:
        model = Workspace

    collectivite = factory.SubFactory(CollectiviteFactory)
    name = factory.Sequence(lambda n: f"Commission {n}")


def join(workspace: Workspace, membership: Membership, manager: bool = False) -> None:
    WorkspaceMember.objects.create(
        workspace=workspace, membership=membership, is_manager=manager
    )


def enrol_second_factor(user: User, secret: str = TOTP_SECRET) -> TotpDevice:
    return TotpDevice.objects.create(
        user=user, secret=secret, confirmed_at=timezone.now()
    )


def second_factor_code(user: User) -> str:
    """The code that the authenticator of ``user`` shows now, or the next one
    when the current one has served already (a code serves once)."""
    device = TotpDevice.objects.get(user=user)
    totp = pyotp.TOTP(device.secret)
    step = max(totp.timecode(timezone.now()), device.last_counter + 1)
    return totp.generate_otp(step)


def pass_second_step(client: Any, response: Any, email: str) -> Any:
    """After a password posted to the login form by the test client: the
    second step too, when the account has one; the last response."""
    if response.get("Location") != reverse("accounts:two_factor"):
        return response
    user = User.objects.get(email=email.lower())
    data = {"code": second_factor_code(user)}
    if "csrftoken" in client.cookies:  # a client that enforces CSRF checks
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    return client.post(reverse("accounts:two_factor"), data)


@dataclass
class Personas:
    """Two collectivités and one person for each role that matters."""

    commune: Collectivite
    other: Collectivite
    finances: Workspace
    ecole: Workspace
    other_workspace: Workspace
    maire: User
    adjointe: User
    conseiller: User
    secretaire: User
    agent: User
    former: User
    outsider: User

    def by_name(self) -> dict[str, User | None]:
        return {
            "maire": self.maire,
            "adjointe": self.adjointe,
            "conseiller": self.conseiller,
            "secretaire": self.secretaire,
            "agent": self.agent,
            "former": self.former,
            "outsider": self.outsider,
            "anonymous": None,
        }


def make_personas() -> Personas:
    commune = CollectiviteFactory.create(name="Saint-Test", slug="saint-test")
    other = CollectiviteFactory.create(name="Autre-Test", slug="autre-test")
    finances = WorkspaceFactory.create(
        collectivite=commune, name="Commission des finances"
    )
    ecole = WorkspaceFactory.create(
        collectivite=commune, name="Projet école", kind=Workspace.Kind.PROJET
    )
    other_workspace = WorkspaceFactory.create(
        collectivite=other, name="Commission travaux"
    )

    def member(
        role: Role, where: Collectivite = commune, **extra: object
    ) -> Membership:
        return MembershipFactory.create(collectivite=where, role=role.value, **extra)

    maire = member(Role.MAIRE, rank=1)
    adjointe = member(Role.ADJOINT, rank=2, delegation="finances")
    conseiller = member(Role.CONSEILLER)
    secretaire = member(Role.SECRETAIRE)
    agent = member(Role.AGENT, function="Services techniques")
    former = member(Role.CONSEILLER, ended_on=date(2021, 6, 12), end_reason="démission")
    outsider = member(Role.SECRETAIRE, where=other)
    for administrator in (maire, secretaire, outsider):
        enrol_second_factor(administrator.user)
    join(finances, adjointe, manager=True)
    join(finances, secretaire)
    join(finances, former)
    join(ecole, agent)
    join(other_workspace, outsider)
    return Personas(
        commune=commune,
        other=other,
        finances=finances,
        ecole=ecole,
        other_workspace=other_workspace,
        maire=maire.user,
        adjointe=adjointe.user,
        conseiller=conseiller.user,
        secretaire=secretaire.user,
        agent=agent.user,
        former=former.user,
        outsider=outsider.user,
    )


# Markers that must appear only where the access rules allow: every check of
# "who sees what" looks for them in pages, downloads and headers.
FINANCES_MARKER = "CANARI-FINANCES"
ECOLE_MARKER = "CANARI-ECOLE"
OTHER_MARKER = "CANARI-AUTRE"


def uploaded_file(
    name: str = "note.txt", content: bytes = b"Contenu de test\n"
) -> SimpleUploadedFile:
    """A fresh file for a form; a file can be posted only once."""
    return SimpleUploadedFile(name, content, content_type="text/plain")


def _document(
    workspace: Workspace, author: User, title: str, filename: str, content: bytes
) -> Document:
    return create_document(
        workspace=workspace,
        author=author,
        stream=io.BytesIO(content),
        filename=filename,
        size=len(content),
        title=title,
        note="première version",
    )


@dataclass
class World:
    """The personas and a few documents, made through the services as a
    person would: what the access matrix, the marker checks and the browser
    tests request, and what other apps' access rows point at."""

    personas: Personas
    memberships: dict[str, Membership]
    finances_doc: Document
    finances_v1: Version
    finances_v2: Version
    ecole_doc: Document
    other_doc: Document

    @property
    def commune(self) -> Collectivite:
        return self.personas.commune

    @property
    def other(self) -> Collectivite:
        return self.personas.other

    @property
    def finances(self) -> Workspace:
        return self.personas.finances

    @property
    def ecole(self) -> Workspace:
        return self.personas.ecole

    @property
    def other_workspace(self) -> Workspace:
        return self.personas.other_workspace

    @property
    def slug(self) -> str:
        return self.commune.slug

    def user(self, persona: str) -> User | None:
        """The user of a persona's name; ``None`` for "anonymous"."""
        return self.personas.by_name()[persona]


def make_world() -> World:
    personas = make_personas()
    memberships = {
        name: Membership.objects.get(user=user)
        for name, user in personas.by_name().items()
        if user is not None
    }
    finances_doc = _document(
        personas.finances,
        personas.secretaire,
        f"Budget primitif 2027 {FINANCES_MARKER}",
        f"budget-primitif-2027-{FINANCES_MARKER}.txt",
        f"Budget primitif 2027, version 1 {FINANCES_MARKER}\n".encode(),
    )
    second = f"Budget primitif 2027, version 2 {FINANCES_MARKER}\n".encode()
    add_version(
        document=finances_doc,
        author=personas.adjointe,
        stream=io.BytesIO(second),
        filename=f"budget-primitif-2027-{FINANCES_MARKER}-v2.txt",
        size=len(second),
        note="corrections de l'adjointe",
    )
    finances_v1, finances_v2 = finances_doc.versions.order_by("number")
    ecole_doc = _document(
        personas.ecole,
        personas.agent,
        f"Plan de l'extension de l'école {ECOLE_MARKER}",
        f"plan-extension-{ECOLE_MARKER}.txt",
        f"Plan de l'extension {ECOLE_MARKER}\n".encode(),
    )
    other_doc = _document(
        personas.other_workspace,
        personas.outsider,
        f"Travaux de voirie {OTHER_MARKER}",
        f"voirie-{OTHER_MARKER}.txt",
        f"Devis de voirie {OTHER_MARKER}\n".encode(),
    )
    return World(
        personas=personas,
        memberships=memberships,
        finances_doc=finances_doc,
        finances_v1=finances_v1,
        finances_v2=finances_v2,
        ecole_doc=ecole_doc,
        other_doc=other_doc,
    )


def convened_for_today(seance: Any) -> Any:
    """Move a convened séance, its convocation and its jours francs onto
    today, as if it had been convened that many days ago: a séance opens on
    the day convened only (CGCT L2121-10). Its hour is kept."""
    from convocations.models import Convocation  # noqa: PLC0415
    from seances.models import PARIS, Seance  # noqa: PLC0415

    today = timezone.localdate()
    shift = seance.local_start.date() - today
    if shift:
        seance.starts_at = datetime.combine(today, seance.local_start.time(), PARIS)
        if seance.convened_on:
            seance.convened_on -= shift
        Seance.objects.filter(pk=seance.pk).update(
            starts_at=seance.starts_at, convened_on=seance.convened_on
        )
        for convocation in Convocation.objects.filter(seance=seance.pk):
            Convocation.objects.filter(pk=convocation.pk).update(
                sent_on=convocation.sent_on - shift
            )
        seance.refresh_from_db()
    return seance
