"""What the export of one collectivité holds, model by model.

Each model of a project app is either a ``Part`` of ``REGISTRY`` or named in
``EXCLUDED`` with the reason why it does not travel; a consistency test fails
otherwise. A new model joins the export with one line:

* ``owned(label, path, noun)`` for rows that belong to one collectivité,
  ``path`` being the lookup from the model to the collectivité's id
  (``"collectivite"``, ``"document__collectivite"``…);
* ``shared(label, noun)`` for rows that several collectivités may point to
  (people, stored bytes): the export holds those that its other rows point to.

The order is the order of import: a model comes after every model that its
non-null foreign keys point to (a nullable key may point forward, as
``Document.current_version`` does).

Adding a model or a field keeps ``FORMAT_VERSION``: an older archive simply
has no rows for it, or leaves the new field to its default. Removing or
renaming a field, or changing what a value means, bumps it.
"""

from dataclasses import dataclass
from functools import cached_property
from uuid import UUID

from django.apps import apps
from django.db import models

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Part:
    label: str
    noun: str
    path: str | None = None
    # Fields that do not travel; the import leaves them to their default.
    exclude: tuple[str, ...] = ()

    @cached_property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    @property
    def key(self) -> str:
        return self.model._meta.label_lower

    @property
    def is_shared(self) -> bool:
        return self.path is None

    @property
    def fields(self) -> list[str]:
        """The names of the fields that travel, primary key apart."""
        opts = self.model._meta
        return [
            field.name
            for field in [*opts.local_fields, *opts.local_many_to_many]
            if not field.primary_key and field.name not in self.exclude
        ]

    def owned_rows(self, collectivite_id: UUID) -> models.QuerySet[models.Model]:
        if self.path is None:
            raise TypeError(f"{self.label} is shared: it has no rows of its own")
        return (
            self.model._default_manager.filter(**{self.path: collectivite_id})
            .distinct()
            .order_by("pk")
        )


def owned(label: str, path: str, noun: str, exclude: tuple[str, ...] = ()) -> Part:
    return Part(label=label, noun=noun, path=path, exclude=exclude)


def shared(label: str, noun: str, exclude: tuple[str, ...] = ()) -> Part:
    return Part(label=label, noun=noun, exclude=exclude)


REGISTRY: list[Part] = [
    shared(
        "accounts.User",
        "personnes",
        # Rights over the whole platform belong to the platform that granted
        # them; groups and permissions have ids of their own database.
        exclude=("is_staff", "is_superuser", "groups", "user_permissions"),
    ),
    owned(
        "collectivites.Collectivite",
        "pk",
        "collectivités",
        # The storage limit is the receiving platform's decision.
        exclude=("quota_mb",),
    ),
    owned("collectivites.Membership", "collectivite", "membres"),
    owned("collectivites.Workspace", "collectivite", "espaces de travail"),
    owned(
        "collectivites.WorkspaceMember",
        "workspace__collectivite",
        "membres des espaces de travail",
    ),
    owned("collectivites.Interim", "collectivite", "intérims"),
    shared("documents.Blob", "contenus stockés"),
    owned("documents.Document", "collectivite", "documents"),
    owned("documents.Version", "document__collectivite", "versions"),
    owned("journal.JournalEntry", "collectivite", "entrées du journal"),
    owned("seances.Seance", "collectivite", "séances"),
    owned("seances.AgendaItem", "seance__collectivite", "points de l'ordre du jour"),
    owned(
        "seances.DraftRevision", "item__seance__collectivite", "projets de délibération"
    ),
    owned("seances.Annex", "item__seance__collectivite", "annexes des points"),
    owned("convocations.Convocation", "seance__collectivite", "convocations"),
    owned(
        "convocations.Delivery",
        "convocation__seance__collectivite",
        "envois des convocations",
    ),
    owned(
        "convocations.ConvocationPreference",
        "membership__collectivite",
        "préférences de convocation",
    ),
    owned(
        "convocations.Reply",
        "delivery__convocation__seance__collectivite",
        "réponses aux convocations",
    ),
    owned("convocations.Procuration", "seance__collectivite", "procurations"),
    owned(
        "convocations.PointNote",
        "item__seance__collectivite",
        "notes personnelles des élus sur les points",
    ),
    owned(
        "convocations.ChangeNotice",
        "convocation__seance__collectivite",
        "avis de modification après la convocation",
    ),
    owned(
        "convocations.ConvocationChange",
        "convocation__seance__collectivite",
        "modifications après la convocation",
    ),
    owned(
        "convocations.NoticeDelivery",
        "notice__convocation__seance__collectivite",
        "envois des avis de modification",
    ),
    owned("proceedings.Sitting", "seance__collectivite", "tenues des séances"),
    owned(
        "proceedings.Attendance",
        "sitting__seance__collectivite",
        "présences à l'appel",
    ),
    owned(
        "proceedings.Movement", "sitting__seance__collectivite", "arrivées et départs"
    ),
    owned(
        "proceedings.Examination", "item__seance__collectivite", "examens des points"
    ),
    owned(
        "proceedings.Interest", "item__seance__collectivite", "conseillers intéressés"
    ),
    owned("proceedings.Vote", "item__seance__collectivite", "votes"),
    owned(
        "proceedings.VoteChoice",
        "vote__item__seance__collectivite",
        "voix nominatives",
    ),
    owned(
        "proceedings.NominationTally",
        "vote__item__seance__collectivite",
        "voix des candidats aux désignations",
    ),
    owned(
        "proceedings.CarriedPoint",
        "sitting__seance__collectivite",
        "points reportés faute de quorum",
    ),
    owned("actes.NumberSequence", "collectivite", "numérotations annuelles"),
    owned("actes.Deliberation", "collectivite", "délibérations"),
    owned(
        "actes.Transmission", "collectivite", "transmissions au contrôle de légalité"
    ),
    owned("minutes.ListeDeliberations", "collectivite", "listes des délibérations"),
    owned("minutes.ProcesVerbal", "collectivite", "procès-verbaux"),
    owned("actes.Signature", "collectivite", "signatures des actes"),
    owned("publication.Publication", "collectivite", "publications"),
    owned("discussions.Thread", "collectivite", "discussions"),
    owned("discussions.Comment", "thread__collectivite", "commentaires"),
    owned(
        "discussions.CommentRevision",
        "comment__thread__collectivite",
        "versions antérieures des commentaires",
    ),
    owned("discussions.Mention", "comment__thread__collectivite", "mentions"),
    owned("discussions.ReviewRequest", "collectivite", "demandes de relecture"),
    owned("discussions.Review", "request__collectivite", "relectures"),
    owned("notifications.Notification", "collectivite", "notifications"),
    owned(
        "notifications.NotificationPreference",
        "membership__collectivite",
        "préférences de notification",
    ),
]

# Models of the project's apps that stay out of the export, each with why.
EXCLUDED: dict[str, str] = {
    "guide.DisplaySettings": (
        "a person's own display settings (text size, contrast, guided tour), "
        "the same in every collectivité they belong to: not the data of one"
    ),
    "previews.Rendition": (
        "derived from the stored bytes (preview PDF, extracted text), cached per "
        "content hash and rebuilt on demand from the document page"
    ),
    "dossiers.DossierBuild": (
        "a compilation of a séance's dossier, derived from its drafts and annexes "
        "and compiled again from the séance page; the journal keeps its hash"
    ),
    "collectivites.MemberImport": (
        "the working state of one import of a member list (its file until done, "
        "its progress and result); the people it added travel as memberships"
    ),
    "actes.RegistreBuild": (
        "a drawing of a year's registre, derived from its délibérations and "
        "drawn again from the registre page"
    ),
    "dossiers.RenderedPart": (
        "a cache of drafts already laid out as PDF, kept per hash of their HTML "
        "and drawn again when missing"
    ),
    "search.SearchEntry": (
        "the search index, derived from documents, comments and drafts; "
        "rebuilt for the collectivité by the import itself"
    ),
    "overview.CalendarFeed": (
        "the secret address of a member's calendar, a key to this server only: "
        "an archive must not carry it, and the member creates a new one"
    ),
    "accounts.TotpDevice": (
        "a second factor's secret stays on the server it was set up with; "
        "after a move the person sets up their application again"
    ),
    "accounts.RecoveryCode": (
        "hashes of one-time codes that go with the second factor, which does not travel"
    ),
    "accounts.LoginLink": "a login link lives fifteen minutes and serves once",
    "accounts.EmailRequest": (
        "counts of recent e-mail requests, kept an hour to refuse floods"
    ),
    "actes.SigningCertificate": (
        "the collectivité's signing key and its passphrase never leave the "
        "server; the new server is given the certificate again"
    ),
    "scheduling.ScheduledJob": (
        "when each periodic job of the platform last ran: the state of this "
        "server, not of a collectivité"
    ),
}
