"""The background work of the délibérations: their PDFs, drawn after the
séance closes."""

import logging

from django.tasks import task

from actes import services

logger = logging.getLogger(__name__)


@task()
def build_pdfs(ids: list[str]) -> None:
    """Draw the PDF of each délibération of ``ids`` not drawn yet; the
    séance's page counts those done."""
    services.build_pdfs_of(ids)
