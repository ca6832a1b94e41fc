"""Running a confirmed member import in the background, a batch of lines
at a time, so that the page can say how far it is and the person may leave.

Each batch is one transaction: the accounts it creates, the invitations it
queues and the outcome of each of its lines are kept together, so a worker
that dies loses at most its current batch, and the task delivered again
resumes after the last line kept, creating nobody twice.
"""

import hashlib
import logging
from dataclasses import asdict
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from collectivites.member_import import (
    Member,
    Row,
    Settings,
    Target,
    build_preview,
    existing_for,
    import_row,
    read_table,
)
from collectivites.models import Collectivite, MemberImport
from collectivites.services import send_invitation
from domain.roles import Role, Status
from journal.services import record

logger = logging.getLogger(__name__)

# Lines written per transaction: small enough for the page to move, large
# enough that a list of thousands is not thousands of commits.
BATCH = 25

UNEXPECTED = (
    "Une erreur inattendue a interrompu l'import. Les personnes déjà ajoutées "
    "le restent ; vous pouvez reprendre l'import."
)


def settings_to_data(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    data["started_on"] = settings.started_on.isoformat()
    data["mapping"] = list(settings.mapping)
    return data


def settings_from_data(data: dict[str, Any]) -> Settings:
    return Settings(
        kind=Status(data["kind"]),
        default_role=Role(data["default_role"]),
        started_on=date.fromisoformat(data["started_on"]),
        has_header=bool(data["has_header"]),
        # A choice the code no longer knows fails here, not later.
        mapping=tuple(
            Target(target).value if target else "" for target in data["mapping"]
        ),
    )


def request_import(
    *,
    collectivite: Collectivite,
    by: User,
    filename: str,
    data: bytes,
    settings: Settings,
    invite: bool,
) -> MemberImport:
    """Keep the confirmed list and queue its import."""
    with transaction.atomic():
        run = MemberImport.objects.create(
            collectivite=collectivite,
            requested_by=by,
            filename=filename[:255],
            content=data,
            file_sha256=hashlib.sha256(data).hexdigest(),
            settings=settings_to_data(settings),
            invite=invite,
        )
    _enqueue(run)
    logger.info("member import requested import=%s", run.pk)
    return run


def resume_import(run: MemberImport) -> bool:
    """Queue again an import that failed or whose worker is gone; the lines
    already kept are not imported again. ``False`` if it needs no resuming."""
    with transaction.atomic():
        locked = MemberImport.objects.select_for_update().get(pk=run.pk)
        if not (locked.status == MemberImport.Status.FAILED or locked.is_stale):
            return False
        locked.status = MemberImport.Status.PENDING
        locked.error = ""
        locked.save(update_fields=["status", "error", "updated_at"])
    _enqueue(locked)
    return True


def _enqueue(run: MemberImport) -> None:
    from collectivites.tasks import run_member_import  # noqa: PLC0415 - imports us

    run_member_import.enqueue(str(run.pk))


def start_import(import_id: str) -> MemberImport | None:
    """Claim a queued import; ``None`` when another worker has it or it is
    over (a task may be delivered twice)."""
    with transaction.atomic():
        run = (
            MemberImport.objects.select_for_update(of=("self",))
            .select_related("collectivite", "requested_by")
            .filter(pk=import_id)
            .first()
        )
        if run is None or not (
            run.status == MemberImport.Status.PENDING or run.is_stale
        ):
            return None
        run.status = MemberImport.Status.RUNNING
        run.started_at = run.started_at or timezone.now()
        run.save(update_fields=["status", "started_at", "updated_at"])
    return run


def run_import(run: MemberImport) -> None:
    """Import every line of a claimed import not kept yet, then finish it.

    The file is read and checked again against the members as they are
    now; a line that ``add_member`` still refuses (someone added the same
    person meanwhile) is left aside with its reason, never half-done."""
    settings = settings_from_data(run.settings)
    table = read_table(bytes(run.content))
    preview = build_preview(
        table, settings, existing_for(run.collectivite), timezone.localdate()
    )
    kept = {entry["line"] for entry in run.added} | {
        entry["line"] for entry in run.left_aside
    }
    todo = [row for row in preview.rows if row.line not in kept]
    run.lines_total = len(preview.rows)
    run.save(update_fields=["lines_total", "updated_at"])
    for start in range(0, len(todo), BATCH):
        _import_batch(run, todo[start : start + BATCH], settings)
    finish_import(run, file_format=table.file_format)


def _import_batch(run: MemberImport, rows: list[Row], settings: Settings) -> None:
    by = run.requested_by
    today = timezone.localdate()
    with transaction.atomic():
        # One import at a time per collectivité, so that each sees the other.
        Collectivite.objects.select_for_update().filter(pk=run.collectivite_id).first()
        locked = MemberImport.objects.select_for_update().get(pk=run.pk)
        kept = {entry["line"] for entry in locked.added} | {
            entry["line"] for entry in locked.left_aside
        }
        for row in rows:
            if row.line in kept:  # kept by a worker that died after its commit
                continue
            membership = None
            if row.ready:
                try:
                    with transaction.atomic():
                        membership = import_row(run.collectivite, by, row, settings)
                except ValidationError as error:
                    row.errors.extend(error.messages)
                except IntegrityError:
                    row.errors.append("Ajouté(e) entre-temps par quelqu'un d'autre.")
            if membership is None:
                locked.left_aside.append(_row_data(row))
                continue
            locked.added.append({**_row_data(row), "membership": str(membership.pk)})
            if run.invite and (
                membership.is_current(today) or membership.started_on > today
            ):
                send_invitation(membership, by=by)
        locked.lines_done = len(locked.added) + len(locked.left_aside)
        locked.save(update_fields=["added", "left_aside", "lines_done", "updated_at"])
    run.added, run.left_aside = locked.added, locked.left_aside
    run.lines_done = locked.lines_done


def _row_data(row: Row) -> dict[str, Any]:
    member = row.member
    return {
        "line": row.line,
        "errors": list(row.errors),
        "warnings": list(row.warnings),
        "member": {
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "phone": member.phone,
            "role": member.role.value,
            "function": member.function,
            "delegation": member.delegation,
        },
    }


def rows_of(entries: list[dict[str, Any]]) -> list[Row]:
    """The lines kept on an import, as the tables of the preview show them."""
    rows = []
    for entry in sorted(entries, key=lambda entry: entry["line"]):
        fields = dict(entry["member"])
        fields["role"] = Role(fields["role"])
        rows.append(
            Row(
                line=entry["line"],
                cells=(),
                member=Member(**fields),
                errors=list(entry["errors"]),
                warnings=list(entry["warnings"]),
            )
        )
    return rows


def finish_import(run: MemberImport, *, file_format: str) -> None:
    """The import is over: the journal says what came of it, and the file
    itself is forgotten."""
    with transaction.atomic():
        locked = MemberImport.objects.select_for_update().get(pk=run.pk)
        if locked.status == MemberImport.Status.DONE:
            return
        locked.status = MemberImport.Status.DONE
        locked.finished_at = timezone.now()
        locked.content = b""
        locked.error = ""
        locked.save(
            update_fields=["status", "finished_at", "content", "error", "updated_at"]
        )
        record(
            "membership.imported",
            collectivite=run.collectivite,
            actor=run.requested_by,
            file_sha256=locked.file_sha256,
            file_format=file_format,
            added=len(locked.added),
            left_aside_lines=sorted(entry["line"] for entry in locked.left_aside),
            invited=locked.invite,
        )
    run.status, run.finished_at = locked.status, locked.finished_at
    logger.info("member import finished import=%s added=%s", run.pk, len(locked.added))


def fail_import(run: MemberImport, reason: str = UNEXPECTED) -> None:
    with transaction.atomic():
        MemberImport.objects.filter(pk=run.pk).update(
            status=MemberImport.Status.FAILED,
            error=reason[:300],
            updated_at=timezone.now(),
        )
    logger.warning("member import failed import=%s", run.pk)
