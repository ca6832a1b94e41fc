"""The preview shown in the document's page: a PDF in the browser's viewer,
an image drawn again; each served inline under a sandbox, with the type read
from its bytes. The original file is never shown, only downloaded."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from documents.models import Document
from documents.storage import store
from previews.images import IMAGE_SIDE
from previews.models import Rendition
from previews.tests.conftest import Upload, docx_bytes, pdf_bytes
from quorum.testing import Personas, World


@pytest.fixture
def secretaire(client: Client, personas: Personas) -> Client:
    client.force_login(personas.secretaire)
    return client


def url_of(name: str, document: Document, collectivite: str = "saint-test") -> str:
    return reverse(
        f"previews:{name}",
        kwargs={
            "collectivite": collectivite,
            "document_id": document.id,
            "version_id": document.current_version_id,
        },
    )


def body_of(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def directives(response: object) -> dict[str, str]:
    policy = response["Content-Security-Policy"]  # type: ignore[index]
    parts = (part.strip().split(" ", 1) for part in policy.split(";"))
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def image_bytes(kind: str, size: tuple[int, int], **save: object) -> bytes:
    picture = Image.new("RGB", size, (200, 30, 30))
    for x in range(min(size[0], 50)):
        picture.putpixel((x, 0), (0, 0, 255))
    out = io.BytesIO()
    picture.save(out, kind, **save)
    return out.getvalue()


def opened(data: bytes) -> Image.Image:
    picture = Image.open(io.BytesIO(data))
    picture.load()
    return picture


# --- The PDF -----------------------------------------------------------------


def test_the_preview_pdf_is_shown_inline_under_a_sandbox_that_only_quorum_frames(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("note.docx", docx_bytes("Ordre du jour du conseil"))

    response = secretaire.get(url_of("show", document))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "note%20%28aper%C3%A7u%29.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    policy = directives(response)
    assert policy["default-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["sandbox"] == ""
    assert "script-src" not in policy
    assert body_of(response).startswith(b"%PDF-")


def test_the_pdf_to_download_stays_an_attachment(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("vide.pdf", pdf_bytes())

    response = secretaire.get(url_of("pdf", document))
    body_of(response)

    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_original_file_is_never_shown_inline(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("note.docx", docx_bytes("Ordre du jour"))

    response = secretaire.get(document.current_version.get_download_url())
    body_of(response)

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert "sandbox" in response["Content-Security-Policy"]


def test_the_document_page_shows_the_pdf_with_a_download_and_a_link_for_phones(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("note.docx", docx_bytes("Ordre du jour"))

    page = secretaire.get(document.get_absolute_url()).content.decode()

    shown = url_of("show", document)
    assert f'data="{shown}"' in page
    assert 'type="application/pdf"' in page
    assert page.count(f'href="{shown}"') == 2  # inside the object, and for phones
    assert "Voir l'aperçu" in page
    assert url_of("pdf", document) in page
    assert "Télécharger l'aperçu PDF" in page
    # The page itself may frame its own previews and nothing else.
    policy = directives(secretaire.get(document.get_absolute_url()))
    assert policy["default-src"] == "'self'"
    assert "frame-src" not in policy
    assert "object-src" not in policy


def test_a_version_without_a_preview_shows_nothing(
    secretaire: Client, upload: Upload
) -> None:
    text = upload("note.txt", b"Bonjour\n")
    archive = upload("annexe.zip", _zip())

    for document in (text, archive):
        assert secretaire.get(url_of("show", document)).status_code == 404
        page = secretaire.get(document.get_absolute_url()).content.decode()
        assert url_of("show", document) not in page


def _zip() -> bytes:
    import zipfile  # noqa: PLC0415

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("plan.txt", "plan\n")
    return out.getvalue()


def test_svg_stored_before_the_checks_is_never_shown(
    client: Client, world: World
) -> None:
    """Bytes kept before the upload checks existed, or a preview gone
    wrong: what the page would show is read again, and a page or an SVG
    image never goes out inline."""
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    Rendition.objects.update_or_create(
        source=world.finances_v1.blob,
        kind=Rendition.Kind.PREVIEW,
        defaults={"state": Rendition.State.READY, "output": store(io.BytesIO(svg))},
    )
    client.force_login(world.personas.secretaire)
    kwargs = {
        "collectivite": world.slug,
        "document_id": world.finances_doc.id,
        "version_id": world.finances_v1.id,
    }

    assert client.get(reverse("previews:show", kwargs=kwargs)).status_code == 404
    assert client.get(reverse("previews:pdf", kwargs=kwargs)).status_code == 404


def test_no_one_outside_the_workspace_sees_the_preview(
    client: Client, personas: Personas, upload: Upload
) -> None:
    document = upload("note.docx", docx_bytes("Ordre du jour"))

    for outsider in (personas.conseiller, personas.outsider, personas.agent):
        client.force_login(outsider)
        assert client.get(url_of("show", document)).status_code == 404


# --- Images ------------------------------------------------------------------


def test_a_png_is_shown_as_an_image_drawn_again(
    secretaire: Client, upload: Upload
) -> None:
    notes = PngInfo()
    notes.add_text("Author", "Service urbanisme")
    original = image_bytes("PNG", (300, 200), pnginfo=notes)
    document = upload("plan.png", original)

    rendition = Rendition.objects.get(source=document.current_version.blob)
    assert rendition.state == Rendition.State.READY
    assert rendition.output_id != rendition.source_id
    response = secretaire.get(url_of("show", document))
    shown = body_of(response)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert directives(response)["sandbox"] == ""
    assert opened(shown).size == (300, 200)
    assert opened(shown).getpixel((0, 0)) == (0, 0, 255)
    assert "Author" not in opened(shown).info
    page = secretaire.get(document.get_absolute_url()).content.decode()
    assert f'<img class="q-apercu-image" src="{url_of("show", document)}"' in page
    assert 'alt="Aperçu de la version 1 : plan.png"' in page
    assert "Télécharger l'aperçu PDF" not in page
    assert secretaire.get(url_of("pdf", document)).status_code == 404


def test_a_photo_is_turned_upright_made_smaller_and_loses_its_metadata(
    secretaire: Client, upload: Upload
) -> None:
    """A phone's photo: lying on its side with an orientation tag, far
    larger than a page, and saying where it was taken."""
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: turn 90° clockwise to show it upright
    exif[0x010F] = "Téléphone de la mairie"
    original = image_bytes("JPEG", (4000, 3000), exif=exif.tobytes(), quality=90)
    document = upload("chantier.jpg", original)

    response = secretaire.get(url_of("show", document))
    shown = opened(body_of(response))

    assert response["Content-Type"] == "image/jpeg"
    assert shown.format == "JPEG"
    assert shown.size == (IMAGE_SIDE * 3 // 4, IMAGE_SIDE)
    assert not shown.getexif()


def test_an_image_that_is_also_a_web_page_reaches_the_page_only_drawn_again(
    secretaire: Client, upload: Upload
) -> None:
    polyglot = image_bytes("PNG", (40, 40)) + b"<html><script>alert(1)</script>"
    document = upload("logo.png", polyglot)

    shown = body_of(secretaire.get(url_of("show", document)))

    assert b"<script" not in shown
    assert opened(shown).size == (40, 40)


def test_a_tiff_that_browsers_cannot_show_is_shown_as_a_png(
    secretaire: Client, upload: Upload
) -> None:
    document = upload("cadastre.tif", image_bytes("TIFF", (120, 80)))

    response = secretaire.get(url_of("show", document))

    assert response["Content-Type"] == "image/png"
    assert opened(body_of(response)).size == (120, 80)


def test_an_image_too_large_to_draw_is_kept_and_says_why(upload: Upload) -> None:
    # 60 million points, a few kilobytes once compressed.
    huge = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(huge, "PNG")

    document = upload("orthophoto.png", huge.getvalue())

    rendition = Rendition.objects.get(source=document.current_version.blob)
    assert rendition.state == Rendition.State.UNAVAILABLE
    assert "trop grande pour un aperçu" in rendition.reason
    assert rendition.output is None


def test_a_broken_image_is_kept_and_says_why(upload: Upload) -> None:
    document = upload("photo.png", image_bytes("PNG", (50, 50))[:60])

    rendition = Rendition.objects.get(source=document.current_version.blob)
    assert rendition.state == Rendition.State.UNAVAILABLE
    assert "abîmée" in rendition.reason
