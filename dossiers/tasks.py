"""The background work of the dossiers: one task per compilation."""

import logging

from django.tasks import task

from dossiers import services

logger = logging.getLogger(__name__)


@task()
def build_dossier(build_id: str) -> None:
    """Compile one dossier de séance; its progress is kept on the build."""
    build = services.start_build(build_id)
    if build is None:
        return
    try:
        services.compile_dossier(build)
    except Exception:
        logger.exception("dossier build crashed build=%s", build.id)
        services.fail_build(build)
