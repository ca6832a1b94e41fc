"""The background work of previews: one task per stored content."""

import logging
import shutil
import tempfile
from pathlib import Path

from django.tasks import task

from documents.filetypes import Refused, identify
from documents.storage import open_blob
from previews import services
from previews.rendering import ConversionFailed, Result, render

logger = logging.getLogger(__name__)


@task()
def render_preview(rendition_id: str) -> None:
    """Convert, read and if need be recognise the text of one content."""
    rendition = services.start_rendition(rendition_id)
    if rendition is None:
        return
    if not rendition.source.is_clean:
        # Queued before the antivirus held the bytes back: never opened;
        # asked again once the bytes are declared clean.
        services.fail_rendition(rendition, "Le fichier est retenu par l'antivirus.")
        return

    with tempfile.TemporaryDirectory(prefix="quorum-apercu-") as scratch:
        workdir = Path(scratch)
        source = workdir / "original"
        with open_blob(rendition.source) as stored, source.open("wb") as copy:
            shutil.copyfileobj(stored, copy)
        try:
            with source.open("rb") as stream:
                filetype = identify(stream, "")
            result = render(source, filetype, workdir)
        except Refused as refusal:
            # Bytes stored before the upload checks existed.
            result = Result(available=False, reason=" ".join(refusal.messages))
        except ConversionFailed as error:
            services.fail_rendition(rendition, str(error))
            return
        except Exception:
            logger.exception("rendition crashed rendition=%s", rendition.id)
            services.fail_rendition(rendition)
            return
        services.finish_rendition(rendition, result)
