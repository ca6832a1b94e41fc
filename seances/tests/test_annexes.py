"""An annex is part of its point's dossier: read by whoever sees the point,
through its own address, whatever the rules of the space it comes from."""

import io

from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from documents.services import add_version, create_document
from quorum.testing import World
from seances.models import AgendaItem, Annex
from seances.services import mark_convened
from seances.tests.access_rows import make_draft_point, validate_point


def _attach_url(world: World, item: AgendaItem) -> str:
    return reverse(
        "seances:annex_add", kwargs={"collectivite": world.slug, "item_id": item.pk}
    )


def _download_url(annex: Annex, slug: str) -> str:
    return reverse(
        "seances:annex_download",
        kwargs={"collectivite": slug, "item_id": annex.item_id, "annex_id": annex.pk},
    )


def _body(response: HttpResponseBase) -> bytes:
    # Read to its end: the test client closes a download once consumed.
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content)  # type: ignore[arg-type]
    return response.content  # type: ignore[attr-defined]


def _attach_budget(client: Client, world: World, item: AgendaItem) -> Annex:
    """The secrétaire joins the finances' budget to the point, by the form."""
    client.force_login(world.personas.secretaire)
    response = client.post(
        _attach_url(world, item), {"document": str(world.finances_doc.pk)}
    )
    assert response.status_code == 302
    return Annex.objects.get(item=item)


def test_an_annex_is_read_by_the_council_from_the_convocation_only(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    annex = _attach_budget(client, world, item)
    kept = world.finances_doc.current_version
    assert kept is not None
    assert annex.version == kept
    expected = _body(client.get(kept.get_download_url()))
    # A later version of the document does not change what the point carries.
    later = b"Budget primitif 2027, version 3\n"
    add_version(
        document=world.finances_doc,
        author=world.personas.secretaire,
        stream=io.BytesIO(later),
        filename="budget-v3.txt",
        size=len(later),
        note="après l'annexe",
    )
    url = _download_url(annex, world.slug)

    client.force_login(world.personas.conseiller)
    assert client.get(url).status_code == 404

    validate_point(world, item)
    mark_convened(item.seance, by=world.personas.maire, sent_on=timezone.localdate())

    response = client.get(url)
    assert response.status_code == 200
    assert _body(response) == expected
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert kept.filename in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    # The point links to the annex's own address, not to the workspace's.
    page = client.get(item.get_absolute_url()).content.decode()
    assert url in page
    assert kept.get_download_url() not in page
    # The space itself stays closed to him.
    assert client.get(kept.get_download_url()).status_code == 404


def test_an_annex_leads_nowhere_outside_its_point_and_collectivite(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    annex = _attach_budget(client, world, item)
    validate_point(world, item)
    mark_convened(item.seance, by=world.personas.maire, sent_on=timezone.localdate())

    client.force_login(world.personas.outsider)
    assert client.get(_download_url(annex, world.slug)).status_code == 404
    assert client.get(_download_url(annex, world.other.slug)).status_code == 404

    client.force_login(world.personas.conseiller)
    allowed = client.get(_download_url(annex, world.slug))
    assert allowed.status_code == 200
    _body(allowed)
    assert client.get(_download_url(annex, world.other.slug)).status_code == 404
    # Under another point, the same annex is not found.
    other_point = make_draft_point(world)
    client.force_login(world.personas.secretaire)
    wrong = reverse(
        "seances:annex_download",
        kwargs={
            "collectivite": world.slug,
            "item_id": other_point.pk,
            "annex_id": annex.pk,
        },
    )
    assert client.get(wrong).status_code == 404


def test_the_attach_page_says_who_will_read_the_document(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    client.force_login(world.personas.secretaire)

    page = client.get(_attach_url(world, item)).content.decode()

    assert "fr-notice" in page
    assert "Le document sera lisible par tous ceux qui voient ce point." in page
    assert "même si elles ne sont pas membres de son espace" in page
    assert "dès la convocation, tous les élus du conseil municipal." in page


def test_the_choice_list_names_each_documents_space(
    client: Client, world: World
) -> None:
    # The maire sees both spaces, each holding a "Budget primitif 2027".
    namesake = b"Budget de l'extension\n"
    create_document(
        workspace=world.ecole,
        author=world.personas.agent,
        stream=io.BytesIO(namesake),
        filename="budget-ecole.txt",
        size=len(namesake),
        title="Budget primitif 2027",
        note="",
    )
    item = make_draft_point(world)
    client.force_login(world.personas.maire)

    page = client.get(_attach_url(world, item)).content.decode()

    assert f"{world.finances_doc.title} — Commission des finances" in page
    assert "Budget primitif 2027 — Projet école" in page
