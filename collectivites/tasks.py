"""The background work of the collectivités: importing a member list."""

import logging

from django.tasks import task

from collectivites import import_runs

logger = logging.getLogger(__name__)


@task()
def run_member_import(import_id: str) -> None:
    """Import one confirmed member list; its progress is kept on the import."""
    run = import_runs.start_import(import_id)
    if run is None:
        return
    try:
        import_runs.run_import(run)
    except Exception:
        logger.exception("member import crashed import=%s", run.pk)
        import_runs.fail_import(run)
