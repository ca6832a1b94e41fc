"""Who may see and do what inside one collectivité.

Every permission of Quorum is decided here, from facts about a person's
place in a collectivité (``Actor``). The Django layer builds the actor and
asks; it never decides on its own. Nothing here ever compares two
collectivités: an actor only exists inside the collectivité it belongs to,
and a person without a current membership has no actor at all.

The defaults follow the product's access rules; a collectivité may widen
them (``is_admin``) but never narrow them below the law.
"""

from dataclasses import dataclass, field
from datetime import date

from domain.interim import HeldTask, Scope
from domain.roles import ADMINISTRATION_ROLES, Role, Status


@dataclass(frozen=True)
class Actor:
    status: Status
    role: Role
    in_office: bool
    is_admin: bool = False
    workspace_ids: frozenset[object] = field(default_factory=frozenset)
    managed_workspace_ids: frozenset[object] = field(default_factory=frozenset)
    # The tasks others handed to this person and that run today
    # (``domain.interim``).
    held: frozenset[HeldTask] = field(default_factory=frozenset)

    def holds_for(self, scope: Scope) -> frozenset[object]:
        """The people whose ``scope`` this person holds today."""
        return frozenset(task.for_id for task in self.held if task.scope == scope)

    def holds_from(self, scope: Scope, roles: frozenset[Role]) -> bool:
        """Whether someone of ``roles`` handed ``scope`` to this person."""
        return any(task.scope == scope and task.for_role in roles for task in self.held)


def in_office(started_on: date, ended_on: date | None, today: date) -> bool:
    """A mandate or a job runs from its first day to the day before its end.

    A resignation dated D ends access on D; the history stays.
    """
    return started_on <= today and (ended_on is None or today < ended_on)


def _current(actor: Actor | None) -> Actor | None:
    return actor if actor is not None and actor.in_office else None


def can_enter_collectivite(actor: Actor | None) -> bool:
    """Any member in office enters; a former member and an outsider do not."""
    return _current(actor) is not None


def can_administer(actor: Actor | None) -> bool:
    """The maire, the secrétaire de mairie, the DGS and the collectivité's
    administrators manage members, invitations and workspaces."""
    current = _current(actor)
    return current is not None and (
        current.role in ADMINISTRATION_ROLES or current.is_admin
    )


def can_see_members(actor: Actor | None) -> bool:
    """The list of members and their roles is known to every member."""
    return can_enter_collectivite(actor)


def can_see_workspace(actor: Actor | None, workspace_id: object) -> bool:
    """A commission or project space is seen by its members, plus the maire.

    Administrators know that it exists (to manage its members) through
    ``can_manage_workspace``; they do not see its contents.
    """
    current = _current(actor)
    return current is not None and (
        workspace_id in current.workspace_ids or current.role == Role.MAIRE
    )


def can_manage_workspace(actor: Actor | None, workspace_id: object) -> bool:
    """The administration and the workspace's own animateurs manage its
    members and settings."""
    current = _current(actor)
    return current is not None and (
        can_administer(current) or workspace_id in current.managed_workspace_ids
    )


def can_contribute_to_workspace(actor: Actor | None, workspace_id: object) -> bool:
    """Whoever sees a workspace may add documents and versions to it."""
    return can_see_workspace(actor, workspace_id)


def can_delete_document(actor: Actor | None, workspace_id: object) -> bool:
    """A document is put in the trash by whoever manages its workspace (the
    administration, its animateurs) and sees its contents: an administrator
    who is not a member does not see the documents, so cannot delete them."""
    return can_see_workspace(actor, workspace_id) and can_manage_workspace(
        actor, workspace_id
    )


def can_see_trash(actor: Actor | None, workspace_id: object) -> bool:
    """The trash of a workspace, and the restoring of what it holds, belong
    to those who may delete its documents."""
    return can_delete_document(actor, workspace_id)


def can_import_members(actor: Actor | None) -> bool:
    """Bringing in a member list is an administration task."""
    return can_administer(actor)


def can_create_workspace(actor: Actor | None) -> bool:
    """Opening a new commission or project is an administration task: the
    maire, the secrétaire de mairie, the DGS and the administrators."""
    return can_administer(actor)


def can_discuss_document(actor: Actor | None, workspace_id: object) -> bool:
    """Whoever sees a document reads its discussion, its review requests,
    and writes in them; only they may be mentioned or asked to review."""
    return can_see_workspace(actor, workspace_id)


def can_edit_comment(
    actor: Actor | None, workspace_id: object, *, is_author: bool
) -> bool:
    """A comment is changed by its author alone, while they still see the
    document; its earlier wording is kept."""
    return is_author and can_discuss_document(actor, workspace_id)


def can_resolve_thread(
    actor: Actor | None, workspace_id: object, *, opened_it: bool
) -> bool:
    """A thread is marked resolved, or reopened, by the person who opened
    it or by whoever manages the workspace (administration, animateurs),
    as long as they see the document."""
    return can_discuss_document(actor, workspace_id) and (
        opened_it or can_manage_workspace(actor, workspace_id)
    )


def can_request_review(actor: Actor | None, workspace_id: object) -> bool:
    """Whoever may add versions to a document may ask others to review it."""
    return can_contribute_to_workspace(actor, workspace_id)


def can_answer_review(
    actor: Actor | None, workspace_id: object, *, is_reviewer: bool
) -> bool:
    """A review is answered by the person it was asked of, while they see
    the document."""
    return is_reviewer and can_discuss_document(actor, workspace_id)


def can_see_notifications(actor: Actor | None) -> bool:
    """Every member in office reads their own notifications and chooses how
    they are e-mailed; nobody reads another person's."""
    return can_enter_collectivite(actor)


# --- Séances and their agenda ------------------------------------------------


@dataclass(frozen=True)
class PointFacts:
    """What the rules need to know about one agenda point and one actor.

    ``state`` is the review state (brouillon, relecture, valide, inscrit);
    ``convened`` whether its séance has been convened (the agenda is then
    public to the council and frozen).
    """

    state: str
    convened: bool
    is_rapporteur: bool = False
    is_named_agent: bool = False
    is_validator: bool = False
    rapporteur_approved: bool = False
    has_rapporteur: bool = False
    closed: bool = False
    # The séance has opened (en cours or close): the convocation's time is over.
    opened: bool = False
    # The actor holds, today, the reviews of the point's rapporteur, or the
    # preparation of an agent named on it (``domain.interim``).
    holds_reviews: bool = False
    holds_preparation: bool = False
    # Withdrawn or postponed (its ``outcome``): the council will not examine
    # it at this séance, so nothing more is prepared on it until the
    # administration maintains it again.
    set_aside: bool = False


_PREPARERS = frozenset({Role.MAIRE, Role.SECRETAIRE, Role.DGS})
_DRAFTING_AGENTS = frozenset({Role.SECRETAIRE, Role.DGS})


def _prepares(actor: Actor, point: PointFacts) -> bool:
    """Whether the actor prepares ``point``: by role, as its rapporteur or
    one of its named agents, or in the place of one of them (intérim). The
    holder of a secrétaire's or a DGS's preparation prepares every point,
    and still does not build the agenda nor convene."""
    return (
        actor.role in _PREPARERS
        or point.is_rapporteur
        or point.is_named_agent
        or point.holds_reviews
        or point.holds_preparation
        or actor.holds_from(Scope.PREPARATION, _DRAFTING_AGENTS)
    )


def _drafts(actor: Actor, point: PointFacts) -> bool:
    """Whether the actor drafts ``point`` as an agent: the secrétaire, the
    DGS, a named agent, or whoever holds one of their preparations."""
    return (
        actor.role in _DRAFTING_AGENTS
        or point.is_named_agent
        or point.holds_preparation
        or actor.holds_from(Scope.PREPARATION, _DRAFTING_AGENTS)
    )


def _validates_for_maire(actor: Actor) -> bool:
    """The maire, or the adjoint who holds his validations today
    (CGCT L2122-17)."""
    return actor.role == Role.MAIRE or actor.holds_from(
        Scope.VALIDATIONS, frozenset({Role.MAIRE})
    )


def can_see_seances(actor: Actor | None, workspace_id: object = None) -> bool:
    """Every member in office sees the council's séances (date, place,
    kind); a commission's séance is seen by those who see its workspace.
    What each point contains follows ``can_see_point``."""
    if workspace_id is not None:
        return can_see_workspace(actor, workspace_id)
    return can_enter_collectivite(actor)


def can_manage_seances(actor: Actor | None) -> bool:
    """The administration (maire, secrétaire, DGS, administrators) creates
    and edits séances, builds the agenda and marks a séance convened."""
    return can_administer(actor)


def can_see_point(actor: Actor | None, point: PointFacts) -> bool:
    """Before its séance is convened, a point is seen by the maire, the
    secrétaire and the DGS, its rapporteur and the agents named on it. From
    the convocation, every élu in office sees it too (CGCT L2121-13), and
    still the named agents. A point à huis clos is never public: this
    predicate only ever answers for members in office."""
    current = _current(actor)
    if current is None:
        return False
    if _prepares(current, point) or _validates_for_maire(current):
        return True
    return point.convened and current.status == Status.ELU


def can_edit_draft(actor: Actor | None, point: PointFacts) -> bool:
    """The draft is written by the secrétaire, the DGS, the maire, the named
    agents and the rapporteur until its séance is convened. Changing it
    costs what the review established: the rapporteur's approval is
    withdrawn, a validated point goes back to brouillon (``seances.workflow``).
    Once convened the text is the one the council received. A point set
    aside (withdrawn, postponed) is not written on until it is maintained."""
    current = _current(actor)
    return (
        current is not None
        and not point.convened
        and not point.set_aside
        and point.state in {"brouillon", "relecture", "valide"}
        and _prepares(current, point)
    )


def can_request_point_review(actor: Actor | None, point: PointFacts) -> bool:
    """The secrétaire, the DGS or a named agent who drafts a point asks its
    rapporteur for a review, once there is a rapporteur. Only a délibération
    is reviewed: the other points are ready from their creation
    (``seances.workflow.initial_state``) and the service refuses them; nor
    is a point set aside."""
    current = _current(actor)
    return (
        current is not None
        and not point.convened
        and not point.set_aside
        and point.state == "brouillon"
        and point.has_rapporteur
        and _drafts(current, point)
    )


def can_review_point(actor: Actor | None, point: PointFacts) -> bool:
    """The rapporteur approves the draft under review or asks for changes,
    unless the point is set aside."""
    current = _current(actor)
    return (
        current is not None
        and not point.convened
        and not point.set_aside
        and point.state == "relecture"
        and not point.rapporteur_approved
        and (point.is_rapporteur or point.holds_reviews)
    )


def can_validate_point(actor: Actor | None, point: PointFacts) -> bool:
    """The maire validates a point its rapporteur approved. An adjoint
    validates only a point that the maire handed to them (``is_validator``)
    and that they report: an adjoint acts for the maire within their
    délégation (CGCT L2122-18), and the agenda shows the délégation by the
    rapporteur, not by the free text of the membership. Another adjoint,
    even named, does not. Nobody validates a point set aside."""
    current = _current(actor)
    if current is None or point.convened or point.set_aside:
        return False
    if point.state != "relecture":
        return False
    if not point.rapporteur_approved:
        return False
    if _validates_for_maire(current):
        return True
    return current.role == Role.ADJOINT and point.is_validator and point.is_rapporteur


def can_choose_validator(actor: Actor | None) -> bool:
    """Only the maire hands the validation of a point to an adjoint, and
    only to the adjoint who reports it (see ``can_validate_point``)."""
    current = _current(actor)
    return current is not None and current.role == Role.MAIRE


def can_add_annex(actor: Actor | None, point: PointFacts) -> bool:
    """Those who write the draft link its annexes, until the convocation,
    while the point is not set aside."""
    current = _current(actor)
    return (
        current is not None
        and not point.convened
        and not point.set_aside
        and _prepares(current, point)
    )


def can_correct_convened_point(actor: Actor | None, point: PointFacts) -> bool:
    """Once the convocation is sent the agenda is frozen (CAA Versailles
    03/03/2011 n°09VE03950): no point is added. What the council was sent
    may still be corrected until the séance opens, provided every
    councillor is told (CE 25/07/1986 n°68309 for a withdrawal): the
    maire, the secrétaire and the DGS correct a draft, move an annex to
    its document's newer version, withdraw or postpone a point. The old
    text stays on record, and each convened member receives one message
    listing what changed (``convocations.changes``). A point set aside is
    no longer corrected: the council will not examine it."""
    current = _current(actor)
    return (
        current is not None
        and current.role in _PREPARERS
        and point.convened
        and not point.opened
        and not point.set_aside
    )


def can_see_preview(actor: Actor | None, workspace_id: object) -> bool:
    """The preview, the extracted text and the comparison of a document's
    versions are seen by whoever sees the document itself."""
    return can_see_workspace(actor, workspace_id)


def can_request_preview(actor: Actor | None, workspace_id: object) -> bool:
    """Whoever sees a document may ask again for its preview: it only redoes
    derived work, and changes nothing of the document."""
    return can_see_workspace(actor, workspace_id)


def can_see_seance_documents(
    actor: Actor | None, *, convened: bool, points: list[PointFacts]
) -> bool:
    """The convocation, the ordre du jour, the note de synthèse and the
    councillors' dossier hold every point of a séance. The maire, the
    secrétaire and the DGS read them while they are prepared; every élu in
    office from the convocation (CGCT L2121-10, L2121-13); anyone else only
    if each point is one they may see (a rapporteur of every point). The
    public dossier, without the points à huis clos, is not theirs to read
    before it is published."""
    current = _current(actor)
    if current is None:
        return False
    if current.role in _PREPARERS or (convened and current.status == Status.ELU):
        return True
    return bool(points) and all(can_see_point(current, point) for point in points)


def can_build_dossier(actor: Actor | None) -> bool:
    """Those who prepare séances compile their dossiers, both variants."""
    return can_manage_seances(actor)


# --- Convocations -------------------------------------------------------------


def can_send_convocation(actor: Actor | None) -> bool:
    """The maire convenes the council (CGCT L2121-10); the secrétaire de
    mairie and the DGS send the convocation in his name. An administrator
    of the collectivité who is none of them does not: the convocation
    starts the legal delay, and who pressed the button is on record."""
    current = _current(actor)
    return current is not None and current.role in _PREPARERS


def can_follow_convocation(actor: Actor | None) -> bool:
    """Those who send the convocation follow what became of each e-mail,
    read the failures, print the proof and the paper convocations."""
    return can_send_convocation(actor)


def can_manage_paper_convocations(actor: Actor | None) -> bool:
    """A councillor asks the mairie for paper (CGCT L2121-10): the maire,
    the secrétaire and the DGS record the request and the postal address."""
    return can_send_convocation(actor)


def can_acknowledge_convocation(actor: Actor | None, *, is_recipient: bool) -> bool:
    """Only the member a convocation was addressed to, still in office,
    says that they received it; nobody acknowledges for someone else."""
    return is_recipient and _current(actor) is not None


# --- Replies, procurations and the convened member's dossier -----------------


def can_answer_convocation(actor: Actor | None, *, is_recipient: bool) -> bool:
    """A convened member in office says whether they will come, or give a
    procuration (CGCT L2121-20); nobody answers online for someone else.
    The answer changes as often as they like until the séance opens
    (``convocations.services.record_reply``)."""
    return is_recipient and _current(actor) is not None


def can_record_replies(actor: Actor | None) -> bool:
    """A member may answer the mairie by phone, by letter or by e-mail: the
    maire, the secrétaire and the DGS record it for them, under their own
    name in the journal."""
    return can_send_convocation(actor)


def can_see_expected_attendance(actor: Actor | None) -> bool:
    """Who announced what, who has not answered, the procurations and the
    likely quorum: for those who send the convocation and prepare the room;
    a councillor sees only their own answer."""
    return can_follow_convocation(actor)


def can_see_own_convocations(actor: Actor | None) -> bool:
    """Every member in office has the list of the séances they are convened
    to ("Mes séances"); it holds only their own convocations, so an agent
    convened to nothing finds it empty."""
    return _current(actor) is not None


def can_read_convened_dossier(
    actor: Actor | None, *, is_recipient: bool, point: PointFacts
) -> bool:
    """The dossier of "Mes séances" holds, for a member convened to the
    séance, the points that member may see (``can_see_point``): every point
    for an élu of the council, huis clos included; for an agent of a
    commission, the points they are named on."""
    return is_recipient and can_see_point(actor, point)


def can_keep_point_note(
    actor: Actor | None, *, is_recipient: bool, point: PointFacts
) -> bool:
    """A convened member keeps their own notes on each point they read in
    their dossier. A note is read and written by its author alone, never
    by the secrétaire or the maire: the views fetch only the actor's own."""
    return can_read_convened_dossier(actor, is_recipient=is_recipient, point=point)


# --- Overview: the board, the calendar and its feed ---------------------------


def can_see_board(actor: Actor | None) -> bool:
    """Every member in office opens the board of a séance's points; each
    card on it follows ``can_see_point``, so a conseiller finds there,
    before the convocation, only the points they report."""
    return can_enter_collectivite(actor)


def can_see_calendar(actor: Actor | None) -> bool:
    """Every member in office has a calendar of the séances they see
    (``can_see_seances``), and may subscribe to it from their own agenda."""
    return can_enter_collectivite(actor)


def can_see_legal_deadlines(actor: Actor | None) -> bool:
    """The last day to convene, and the weeks to publish the list of
    délibérations and the procès-verbal, are the duties of those who
    prepare the séances; the other members' calendars stay free of them."""
    return can_manage_seances(actor)


# --- Holding the séance -------------------------------------------------------


def can_run_seance(actor: Actor | None) -> bool:
    """The maire, who presides (CGCT L2121-14), and the secrétaire de mairie
    or the DGS, who assist the secrétaire de séance (L2121-15), keep the
    roll call, the arrivals and departures, the votes and the debates of a
    séance of the council. An administrator who is none of them does not:
    what is entered becomes the record of the séance."""
    current = _current(actor)
    return current is not None and current.role in _PREPARERS


def can_see_room_display(*, council: bool, convened: bool) -> bool:
    """The screen of the council room is public, as the séances of the
    council are (CGCT L2121-18): anyone, logged in or not, from any
    collectivité, sees it once the séance is convened. A séance in
    preparation shows nothing, nor does a commission's meeting, which is
    not public. A point à huis clos is never shown on it, not even its
    title (``proceedings.display``)."""
    return council and convened


# --- Intérims -----------------------------------------------------------------


def can_see_interims(actor: Actor | None) -> bool:
    """Every member in office sees who holds whose tasks, and until when:
    what is pending shows who holds it."""
    return can_enter_collectivite(actor)


def can_hand_over(actor: Actor | None, *, is_giver: bool) -> bool:
    """A member in office hands their own tasks for a while; the
    administration (maire, secrétaire, DGS, administrators) records a
    hand-over for someone who could not, say the arrêté of the maire's
    replacement. What may be handed to whom is ``domain.interim``'s."""
    return _current(actor) is not None and (is_giver or can_administer(actor))


def can_end_interim(actor: Actor | None, *, is_giver: bool, is_holder: bool) -> bool:
    """The one who handed their tasks takes them back early (back from
    holidays), the holder gives them back, or the administration ends it."""
    return _current(actor) is not None and (
        is_giver or is_holder or can_administer(actor)
    )


# --- The journal ----------------------------------------------------------------


def can_read_journal(actor: Actor | None) -> bool:
    """The maire, the secrétaire de mairie and the DGS read and export the
    journal, the evidence of what was convened, voted and changed. Nobody
    else does, not even an administrator who is none of them: its entries
    hold the titles of draft points and of points à huis clos, which only
    those three see at every stage (``can_see_point``), and say who read
    which point à huis clos."""
    current = _current(actor)
    return current is not None and current.role in _PREPARERS


# --- After the séance: procès-verbal, list, publication -----------------------


def can_see_minutes(actor: Actor | None) -> bool:
    """The procès-verbal in hand and the list of a séance are read by every
    élu in office, who approve it at the next séance (L2121-15), and by
    those who prepare the séances."""
    current = _current(actor)
    return current is not None and (
        current.status == Status.ELU or current.role in _PREPARERS
    )


def can_edit_proces_verbal(
    actor: Actor | None, *, is_secretaire_de_seance: bool
) -> bool:
    """The secrétaire de séance drafts the procès-verbal (L2121-15), helped
    by the secrétaire de mairie or the DGS; the maire, who signs it, may
    correct it too. Until the council approves it."""
    current = _current(actor)
    return current is not None and (
        is_secretaire_de_seance or current.role in _PREPARERS
    )


def can_publish_acts(actor: Actor | None) -> bool:
    """The maire, the secrétaire de mairie and the DGS post the list, put
    the acts online, mask the personal data of third parties in the
    published copy and withdraw an act once its two months are over."""
    current = _current(actor)
    return current is not None and current.role in _PREPARERS


# --- Délibérations, their signatures, transmission and registre ---------------


def can_see_deliberations(actor: Actor | None) -> bool:
    """Every member in office reads the délibérations taken by the council:
    they are acts, public once published (CGCT L2121-26). Each one follows
    ``can_see_deliberation``."""
    return can_enter_collectivite(actor)


def can_see_deliberation(
    actor: Actor | None, *, huis_clos: bool, point: PointFacts | None
) -> bool:
    """A délibération is an act like others once taken, even on a point
    examined à huis clos (L2121-18): the act is published, the debates are
    not. Inside Quorum, before any publication, one taken à huis clos is
    read only by those who saw its point (``can_see_point``): council
    members and the named agents (RULES §5, §11)."""
    if not can_see_deliberations(actor):
        return False
    if not huis_clos:
        return True
    return point is not None and can_see_point(actor, point)


def can_sign_deliberation(actor: Actor | None, *, is_signer: bool) -> bool:
    """The president of the séance and its secrétaire sign the acts of the
    séance, each for themself (L2121-23); nobody signs for someone else."""
    return is_signer and _current(actor) is not None


def can_transmit_deliberation(actor: Actor | None) -> bool:
    """The maire, the secrétaire de mairie and the DGS prepare the package
    for the transmission operator and record the préfecture's
    acknowledgement (L2131-1, L2131-2)."""
    current = _current(actor)
    return current is not None and current.role in _PREPARERS


def can_print_registre(actor: Actor | None) -> bool:
    """The registre des délibérations is printed and bound by the mairie
    (R2121-9): the maire, the secrétaire and the DGS."""
    return can_transmit_deliberation(actor)


def can_manage_signing_certificate(actor: Actor | None) -> bool:
    """The maire, the secrétaire de mairie and the DGS, who run the
    collectivité, install, replace or remove the certificate that seals its
    signed acts. An administrator named by the collectivité who is none of
    them does not: the certificate signs in the collectivité's name, as
    those three do when they transmit its acts."""
    current = _current(actor)
    return current is not None and current.role in _PREPARERS
