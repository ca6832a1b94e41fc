"""A commune with documents, versions, shared contents and a journal, and
the helpers that export it, wipe it and read archives."""

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError

from collectivites.models import Collectivite
from documents.models import Blob, Document
from documents.services import add_version, create_document
from domain.roles import Role
from journal.models import JournalEntry
from journal.services import record
from portability.archive import JSON_NAME
from portability.exporting import select_rows
from portability.registry import REGISTRY
from quorum.testing import MembershipFactory, Personas, convened_for_today


@dataclass
class ArchiveData:
    personas: Personas
    budget: Document
    cantine: Document
    other_document: Document
    other_entry: JournalEntry


def upload(content: bytes) -> dict[str, Any]:
    return {"stream": io.BytesIO(content), "size": len(content)}


@pytest.fixture
def archive_data(personas: Personas) -> ArchiveData:
    """Saint-Test with two documents of several versions, one content used by
    both and one shared with Autre-Test, a secrétaire who also works for
    Autre-Test, and journal entries of both chains interleaved."""
    p = personas
    MembershipFactory(
        user=p.secretaire, collectivite=p.other, role=Role.SECRETAIRE.value
    )
    budget = create_document(
        workspace=p.finances,
        author=p.secretaire,
        filename="Budget primitif 2026.txt",
        folder="Finances/Budget",
        **upload(b"budget v1"),
    )
    add_version(
        document=budget,
        author=p.adjointe,
        filename="Budget primitif 2026.txt",
        note="Ajout des subventions aux associations — été",
        **upload(b"budget v2"),
    )
    other_document = create_document(
        workspace=p.other_workspace,
        author=p.outsider,
        filename="Modèle.txt",
        **upload(b"modele partage"),
    )
    other_entry = JournalEntry.objects.get(target_id=str(other_document.pk))
    cantine = create_document(
        workspace=p.ecole,
        author=p.agent,
        filename="Règlement de la cantine.txt",
        **upload(b"budget v1"),  # the same bytes as the budget's first version
    )
    add_version(
        document=cantine,
        author=p.agent,
        filename="Règlement de la cantine.txt",
        **upload(b"modele partage"),  # the same bytes as Autre-Test's model
    )
    # A document in the trash, with who put it there (appended by documents).
    from documents.services import delete_document

    delete_document(document=cantine, by=p.maire)
    record(
        "seance.convoked",
        collectivite=p.commune,
        actor=p.maire,
        target=budget,
        lieu="Salle des fêtes « Les Tilleuls »",
        membres=15,
    )
    record("document.read", collectivite=p.other, actor=p.outsider)
    record("document.read", collectivite=p.commune, actor=p.conseiller, target=cantine)
    # Discussions, reviews and notifications (appended by discussions).
    from datetime import timedelta

    from django.utils import timezone

    from discussions.models import Review
    from discussions.services import (
        answer_review,
        edit_comment,
        reply,
        request_review,
        set_thread_resolved,
        start_thread,
    )
    from notifications.services import set_email_mode

    thread = start_thread(
        document=budget,
        author=p.secretaire,
        body="Relire le chapitre 65, @" + p.adjointe.full_name,
        version=budget.current_version,
    )
    answer = reply(thread=thread, author=p.adjointe, body="Fait.")
    edit_comment(comment=answer, author=p.adjointe, body="Fait, voir la v2.")
    set_thread_resolved(thread=thread, by=p.adjointe, resolved=True)
    review_request = request_review(
        document=budget,
        by=p.secretaire,
        reviewers=[p.adjointe, p.maire],
        due_on=timezone.localdate() + timedelta(days=2),
        message="Avant la commission.",
    )
    answer_review(
        review=Review.objects.get(request=review_request, reviewer=p.adjointe),
        by=p.adjointe,
        decision=Review.Decision.APPROVED,
    )
    set_email_mode(
        p.adjointe.memberships.get(collectivite=p.commune),
        "daily",
    )
    # A séance with a sub-point, a draft, its review and an annex (appended
    # by seances).
    from datetime import datetime as _datetime
    from datetime import time as _time
    from datetime import timedelta as _timedelta

    from django.utils import timezone as _timezone

    from seances.models import PARIS
    from seances.services import add_item, create_seance
    from seances.workflow import approve, link_annex, save_draft
    from seances.workflow import request_review as request_point_review

    seance = create_seance(
        collectivite=p.commune,
        by=p.secretaire,
        starts_at=_datetime.combine(
            _timezone.localdate() + _timedelta(days=20), _time(20), tzinfo=PARIS
        ),
        place="Salle du conseil",
        kind="ordinaire",
    )
    point = add_item(
        seance,
        by=p.secretaire,
        title="Décision modificative n° 1",
        kind="deliberation",
        rapporteur=p.adjointe.memberships.get(collectivite=p.commune),
        agents=[p.agent.memberships.get(collectivite=p.commune)],
        huis_clos=True,
    )
    add_item(
        seance, by=p.secretaire, title="Budget annexe", kind="information", parent=point
    )
    save_draft(
        point,
        by=p.secretaire,
        based_on=0,
        articles="Article unique.",
        nature="5",
        matiere="7.1",
    )
    link_annex(point, by=p.secretaire, document=budget)
    request_point_review(point, by=p.secretaire)
    approve(point, by=p.adjointe)
    # A convocation sent, opened and acknowledged, and a councillor who asked
    # for paper (appended by convocations).
    from convocations.access import get_delivery_by_token
    from convocations.services import (
        acknowledge,
        record_opening,
        send_convocation,
        set_paper_preference,
    )
    from seances.workflow import validate

    convened = create_seance(
        collectivite=p.commune,
        by=p.secretaire,
        starts_at=_datetime.combine(
            _timezone.localdate() + _timedelta(days=30), _time(20), tzinfo=PARIS
        ),
        place="Salle du conseil",
        kind="ordinaire",
    )
    convened_point = add_item(
        convened,
        by=p.secretaire,
        title="Tarifs de la cantine",
        kind="deliberation",
        rapporteur=p.adjointe.memberships.get(collectivite=p.commune),
    )
    save_draft(convened_point, by=p.secretaire, based_on=0, articles="Tarifs.")
    request_point_review(convened_point, by=p.secretaire)
    approve(convened_point, by=p.adjointe)
    validate(convened_point, by=p.maire)
    set_paper_preference(
        p.conseiller.memberships.get(collectivite=p.commune),
        by=p.secretaire,
        wants_paper=True,
        postal_address="3 rue des Tilleuls\n00000 Saint-Test",
    )
    convocation = send_convocation(convened, by=p.secretaire)
    mine = convocation.deliveries.get(recipient__user=p.adjointe)
    record_opening(get_delivery_by_token(mine.token), by=None)
    acknowledge(mine, by=p.adjointe)
    # Answers, a procuration given then moved to another colleague (the
    # revoked one stays), an answer taken by phone, and a councillor's own
    # note on the point (appended by convocations).
    from convocations.models import Channel, Reply
    from convocations.services import record_reply, save_point_note

    def member(user: Any) -> Any:
        return user.memberships.get(collectivite=p.commune)

    def delivery_of(user: Any) -> Any:
        return convocation.deliveries.select_related("convocation").get(
            recipient__user=user
        )

    record_reply(delivery_of(p.adjointe), by=p.adjointe, answer=Reply.Answer.PRESENT)
    for mandataire in (p.adjointe, p.maire):
        record_reply(
            delivery_of(p.conseiller),
            by=p.conseiller,
            answer=Reply.Answer.PROCURATION,
            mandataire=member(mandataire),
        )
    record_reply(
        delivery_of(p.maire),
        by=p.secretaire,
        answer=Reply.Answer.PRESENT,
        channel=Channel.PHONE,
    )
    save_point_note(
        convened_point,
        author=member(p.conseiller),
        body="Demander le coût « par élève » à l'adjointe.",
    )
    # A draft corrected after the sending, and the notice that told the
    # council (appended by convocations).
    from convocations.changes import make_notice

    convened_point.refresh_from_db()
    save_draft(
        convened_point,
        by=p.secretaire,
        based_on=convened_point.draft_revision,
        articles="Tarifs corrigés.",
    )
    make_notice(convocation.pk)
    # The convened séance held: roll call with a procuration, a departure
    # and a return, a point opened without then with quorum, an interested
    # councillor, an open vote with names, a nomination round, debates; and
    # another séance closed for want of quorum, its point carried to the
    # new convocation (appended by proceedings).
    from proceedings.reconvocation import close_for_lack_of_quorum
    from proceedings.services import (
        open_point,
        open_seance,
        record_movement,
        record_roll_call,
        save_debates,
        set_interest,
    )
    from proceedings.voting import record_nomination_round, record_open_vote
    from seances.services import mark_convened

    sitting = open_seance(convened_for_today(convened), by=p.secretaire)
    record_roll_call(
        sitting,
        by=p.secretaire,
        entries={},
        president=member(p.maire),
        secretaire=member(p.adjointe),
        auxiliary="La secrétaire de mairie",
    )
    record_movement(sitting, by=p.secretaire, member=member(p.adjointe), kind="depart")
    open_point(convened_point, by=p.secretaire)
    record_movement(sitting, by=p.secretaire, member=member(p.adjointe), kind="arrivee")
    set_interest(
        convened_point, by=p.secretaire, member=member(p.conseiller), interested=True
    )
    open_point(convened_point, by=p.secretaire)
    record_open_vote(
        convened_point,
        by=p.secretaire,
        exceptions={member(p.adjointe).pk: "abstention"},
    )
    record_nomination_round(
        convened_point,
        by=p.secretaire,
        round_number=1,
        votes={member(p.adjointe).pk: 2},
    )
    save_debates(convened_point, by=p.secretaire, text="Question « par élève ».")
    failed = create_seance(
        collectivite=p.commune,
        by=p.secretaire,
        starts_at=_datetime.combine(
            _timezone.localdate() + _timedelta(days=40), _time(20), tzinfo=PARIS
        ),
        place="Salle du conseil",
        kind="ordinaire",
    )
    add_item(failed, by=p.secretaire, title="Point d'information", kind="information")
    mark_convened(failed, by=p.secretaire)
    failing = open_seance(convened_for_today(failed), by=p.secretaire)
    record_roll_call(
        failing,
        by=p.secretaire,
        entries={member(p.maire).pk: ("present", None)},
        president=member(p.maire),
        secretaire=member(p.maire),
    )
    close_for_lack_of_quorum(failing, by=p.secretaire)
    # The séance closed: its délibération numbered, drawn, signed by the
    # president and the secrétaire de séance, and its transmission to the
    # préfecture acknowledged (appended by actes).
    from actes.models import Deliberation as _Deliberation
    from actes.services import build_pdfs_of
    from actes.signatures import sign
    from actes.transmission import record_transmission
    from proceedings.services import close_seance

    close_seance(sitting, by=p.secretaire)
    _Deliberation.objects.filter(seance=convened).update(
        adopted_on=_timezone.localdate()
    )
    build_pdfs_of(
        [
            str(pk)
            for pk in _Deliberation.objects.filter(seance=convened).values_list(
                "pk", flat=True
            )
        ]
    )
    deliberation = _Deliberation.objects.get(seance=convened)
    sign(deliberation, member(p.maire), p.maire, "president")
    sign(deliberation, member(p.adjointe), p.adjointe, "secretaire")
    record_transmission(
        deliberation,
        by=p.secretaire,
        sent_on=_timezone.localdate(),
        acknowledged_on=_timezone.localdate(),
        acknowledgement_id="038-213800001-AR-1",
    )
    # The held séance closed: its délibération signed and put online with a
    # passage masked, its procès-verbal drafted and edited, its list put
    # online (appended by minutes and publication).
    from actes.models import Deliberation as _Deliberation
    from actes.services import build_pdfs_of as _build_pdfs_of
    from actes.signatures import sign as _sign
    from minutes.models import ListeDeliberations as _Liste
    from minutes.models import ProcesVerbal as _ProcesVerbal
    from minutes.services import save_proces_verbal as _save_proces_verbal
    from proceedings.services import close_seance as _close_seance
    from publication.services import publish as _publish

    sitting.refresh_from_db()
    if not sitting.is_closed:
        _close_seance(sitting, by=p.secretaire)
    _build_pdfs_of(
        [
            str(pk)
            for pk in _Deliberation.objects.filter(seance=convened).values_list(
                "pk", flat=True
            )
        ]
    )
    _deliberation = _Deliberation.objects.filter(seance=convened).first()
    if _deliberation is not None:
        if not _deliberation.signatures.exists():
            _sign(_deliberation, member(p.maire), p.maire, "president")
            _sign(_deliberation, member(p.adjointe), p.adjointe, "secretaire")
        _publish(_deliberation, by=p.secretaire, passages_text="Tarifs")
    _proces_verbal = _ProcesVerbal.objects.get(seance=convened)
    _save_proces_verbal(
        _proces_verbal,
        by=p.adjointe,
        based_on=_proces_verbal.revision,
        body=_proces_verbal.body + "<p>Relu par la secrétaire de séance.</p>",
        huis_clos_body="<p>Aucun point à huis clos.</p>",
    )
    _publish(_Liste.objects.get(seance=convened), by=p.secretaire)
    # The adjointe's reviews held by the conseiller for a week, ended early
    # (appended by collectivites.interims).
    from collectivites.interims import end_interim, hand_over
    from domain.interim import Scope

    end_interim(
        hand_over(
            giver=member(p.adjointe),
            holder=member(p.conseiller),
            scope=Scope.REVIEWS,
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate() + timedelta(days=6),
            reason="congés",
            by=p.secretaire,
        ),
        by=p.adjointe,
    )
    return ArchiveData(
        personas=p,
        budget=budget,
        cantine=cantine,
        other_document=other_document,
        other_entry=other_entry,
    )


def export(slug: str, out: Path) -> str:
    output = io.StringIO()
    call_command("export_collectivite", slug, str(out), stdout=output)
    return output.getvalue()


def import_(archive: Path) -> str:
    output = io.StringIO()
    call_command("import_collectivite", str(archive), stdout=output)
    return output.getvalue()


def wipe(collectivite: Collectivite) -> None:
    """Delete every row that the export of ``collectivite`` holds, except the
    people and contents that another collectivité still uses, and the stored
    files of the contents deleted: the state of a database that never had it."""
    rows = select_rows(collectivite)
    position = {part.model: i for i, part in enumerate(REGISTRY)}
    owned = [part for part in REGISTRY if not part.is_shared]
    for part in owned:
        # Cycles come apart at the nullable keys that point forward in the
        # registry (``Document.current_version``); the others are left set,
        # for the checks that want one of two keys (a thread's document or
        # point).
        nullable = {
            field.name: None
            for field in part.model._meta.local_fields
            if field.is_relation
            and field.null
            and position.get(field.related_model, len(REGISTRY)) >= position[part.model]
        }
        if nullable:
            keys = [obj.pk for obj in rows[part.key]]
            part.model._default_manager.filter(pk__in=keys).update(**nullable)
    for part in reversed(REGISTRY):
        for obj in rows[part.key]:
            if part.is_shared:
                _delete_if_unused(obj)
            else:
                part.model._default_manager.filter(pk=obj.pk).delete()


def _delete_if_unused(obj: models.Model) -> None:
    stored = obj.storage_name if isinstance(obj, Blob) else None
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError):
        return  # another collectivité still uses it
    if stored:
        default_storage.delete(stored)


def archive_json(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as zf:
        return json.loads(zf.read(JSON_NAME).decode("utf-8"))


def json_bytes_without_date(archive: Path) -> bytes:
    """The bytes of collectivite.json, the line of the export date blanked."""
    with zipfile.ZipFile(archive) as zf:
        lines = zf.read(JSON_NAME).splitlines(keepends=True)
    dated = [line for line in lines if line.startswith(b'  "exported_at": ')]
    assert len(dated) == 1
    return b"".join(line for line in lines if line not in dated)


def archive_files(archive: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {name: zf.read(name) for name in zf.namelist() if name != JSON_NAME}


def rewrite(archive: Path, out: Path, replace: dict[str, bytes | None]) -> None:
    """Copy ``archive`` to ``out`` with the named entries replaced, or left
    out when their new content is None."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = replace.get(name, source.read(name))
            if content is not None:
                target.writestr(name, content)


def database_state() -> dict[str, Any]:
    """Every row of the exported models and every stored file, to compare."""
    state: dict[str, Any] = {
        part.key: sorted(
            map(str, part.model._default_manager.values_list("pk", flat=True))
        )
        for part in REGISTRY
    }
    state["files"] = sorted(stored_files())
    return state


def stored_files(directory: str = "") -> list[str]:
    if not default_storage.exists(directory or "."):
        return []
    folders, files = default_storage.listdir(directory or ".")
    found = [f"{directory}/{name}".lstrip("/") for name in files]
    for folder in folders:
        found += stored_files(f"{directory}/{folder}".lstrip("/"))
    return found
