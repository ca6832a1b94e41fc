"""Running the periodic jobs that are due, each at most once per slot.

Each job runs inline, inside the transaction that holds its row locked
(``select_for_update``) and records its run: a second scheduler waits for
the lock and then finds the job done; a job that fails rolls back with its
record and is tried again at the next pass. Nothing is lost between the
record and the work, as it could be if the job were handed to the worker
after being marked done. The work that takes time (the e-mails) is handed
to the worker by the jobs themselves, in that same transaction.
"""

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from scheduling.jobs import Every, Job, jobs
from scheduling.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass
class Pass:
    ran: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def run_due_jobs(now: datetime | None = None, only: list[Job] | None = None) -> Pass:
    """Run every job that is due at ``now`` (default: now); a job that fails
    is logged and does not keep the others from running."""
    now = now or timezone.now()
    selected = jobs() if only is None else only
    ScheduledJob.objects.bulk_create(
        [ScheduledJob(name=job.name) for job in selected], ignore_conflicts=True
    )

    result = Pass()
    for job in selected:
        try:
            if _run_if_due(job, now):
                result.ran.append(job.name)
        except Exception:
            logger.exception("scheduled job failed job=%s", job.name)
            result.failed.append(job.name)
    return result


def _run_if_due(job: Job, now: datetime) -> bool:
    with transaction.atomic():
        state = ScheduledJob.objects.select_for_update().get(name=job.name)
        if not job.cadence.is_due(state.last_run_at, now):
            return False

        started = time.monotonic()
        count = job.run(now)
        state.last_run_at = now
        state.save(update_fields=["last_run_at", "updated_at"])
    # A frequent job that found nothing to do is not worth a line a minute.
    quiet = count == 0 and isinstance(job.cadence, Every)
    logger.log(
        logging.DEBUG if quiet else logging.INFO,
        "scheduled job ran job=%s count=%s seconds=%.2f",
        job.name,
        count,
        time.monotonic() - started,
    )
    return True
