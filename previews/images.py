"""The preview of an image: a copy that Pillow decoded and drew again.

Never the bytes that were sent: a file made to be both an image and a web
page, the place where a phone took the photo (its EXIF data) or a TIFF that
browsers do not show never reach the page. The copy is turned upright as the
camera said and made smaller for the page.
"""

import logging
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)

# The longest side of the copy, and the largest image drawn at all.
IMAGE_SIDE = 2000
IMAGE_MAX_PIXELS = 50_000_000
# Pillow's decoder for each type read from the bytes: no other is tried.
_PILLOW_FORMATS = {
    "png": "PNG",
    "jpeg": "JPEG",
    "gif": "GIF",
    "webp": "WEBP",
    "tiff": "TIFF",
}

UNREADABLE = (
    "Cette image est abîmée ou d'un format que Quorum ne sait pas lire : elle "
    "n'a pas d'aperçu. Elle reste téléchargeable telle quelle."
)
TOO_LARGE = (
    "Cette image est trop grande pour un aperçu (plus de 50 millions de "
    "points). Elle reste téléchargeable telle quelle."
)


class NotDrawn(Exception):
    """The image has no preview; ``str(error)`` says why, to people."""


def draw(source: Path, code: str, workdir: Path) -> Path:
    """A PNG (a JPEG for photos) of the image of type ``code``, in ``workdir``.

    TODO(image-text): a photographed page could be recognised by OCRmyPDF
    like a scan; its text is not read yet, so search finds it by its title."""
    from PIL import Image, ImageOps  # noqa: PLC0415 - needed by the worker only

    try:
        with warnings.catch_warnings():
            # Past Pillow's own limit it only warns: refused like past ours.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # WeasyPrint, once imported, lets Pillow fill in cut-off images
            # for the whole process; verify() still refuses them.
            with Image.open(source, formats=[_PILLOW_FORMATS[code]]) as checked:
                checked.verify()
            opened = Image.open(source, formats=[_PILLOW_FORMATS[code]])
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise NotDrawn(TOO_LARGE) from error
    except (OSError, ValueError, SyntaxError) as error:
        logger.warning("image unreadable code=%s", code)
        raise NotDrawn(UNREADABLE) from error
    try:
        with opened as image:
            if image.width * image.height > IMAGE_MAX_PIXELS:
                raise NotDrawn(TOO_LARGE)
            # A JPEG decodes straight to a smaller size: far less memory.
            image.draft("RGB", (IMAGE_SIDE, IMAGE_SIDE))
            drawn = ImageOps.exif_transpose(image)
            drawn.thumbnail((IMAGE_SIDE, IMAGE_SIDE))
            if code == "jpeg":
                output = workdir / "apercu.jpg"
                drawn.convert("RGB").save(output, "JPEG", quality=85)
            else:
                output = workdir / "apercu.png"
                if drawn.mode not in {"1", "L", "LA", "P", "RGB", "RGBA"}:
                    drawn = drawn.convert("RGBA")
                drawn.save(output, "PNG")
    except (OSError, ValueError, SyntaxError) as error:
        logger.warning("image unreadable code=%s", code)
        raise NotDrawn(UNREADABLE) from error
    return output
