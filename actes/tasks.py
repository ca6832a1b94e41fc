"""The background work of the délibérations: their PDFs, drawn after the
séance closes."""

import logging

from django.tasks import task

from actes import registre, services

logger = logging.getLogger(__name__)


@task()
def build_pdfs(ids: list[str]) -> None:
    """Draw the PDF of each délibération of ``ids`` not drawn yet; the
    séance's page counts those done."""
    services.build_pdfs_of(ids)


@task()
def build_registre(build_id: str) -> None:
    """Draw one year's registre; its progress is kept on the build."""
    build = registre.start_registre(build_id)
    if build is None:
        return
    try:
        registre.draw_registre(build)
    except Exception:
        logger.exception("registre build crashed build=%s", build.pk)
        registre.fail_registre(build)
