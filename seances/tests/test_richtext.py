"""The rich text of a draft délibération: what is kept, what is removed, and
how every place that shows a draft shows it."""

import io
import json
import zipfile
from pathlib import Path

import pypdf
import pytest
from django.test import Client
from django.urls import reverse

from documents.storage import open_blob
from dossiers import documents
from dossiers.models import DossierBuild
from dossiers.services import request_build
from portability.exporting import export_collectivite
from quorum.testing import World
from seances import richtext
from seances.models import AgendaItem, DraftRevision
from seances.tests.access_rows import make_draft_point
from seances.workflow import compare, save_draft

TABLE = (
    "<table><thead><tr><th>Service</th><th>Tarif</th></tr></thead>"
    "<tbody><tr><td>Cantine</td><td>3,10 €</td></tr>"
    "<tr><td>Garderie périscolaire</td><td>1,20 €</td></tr></tbody></table>"
)


def _url(name: str, world: World, item: AgendaItem) -> str:
    return reverse(name, kwargs={"collectivite": world.slug, "item_id": item.pk})


def _save(world: World, item: AgendaItem, **texts: str) -> DraftRevision:
    return save_draft(
        item,
        by=world.personas.secretaire,
        based_on=item.revisions.count(),
        nature="1",
        **texts,
    )


@pytest.mark.parametrize(
    ("dangerous", "trace"),
    [
        pytest.param("<script>alert('x')</script>", "alert", id="script"),
        pytest.param('<p onclick="alert(1)">', "onclick", id="onclick"),
        pytest.param('<p style="color: red">', "style", id="style"),
        pytest.param(
            '<iframe src="https://example.org/"></iframe>', "iframe", id="iframe"
        ),
        pytest.param('<a href="javascript:alert(1)">', "javascript", id="javascript"),
        pytest.param('<img src="x" onerror="alert(1)">', "img", id="img"),
    ],
)
def test_what_could_run_in_a_browser_is_removed_on_save(
    world: World, dangerous: str, trace: str
) -> None:
    item = make_draft_point(world)

    revision = _save(world, item, articles=f"<p>Le tarif {dangerous}est fixé.</p>")

    assert trace not in revision.articles
    assert revision.articles.startswith("<p>Le tarif ")
    assert revision.articles.endswith("est fixé.</p>")


def test_the_form_sanitises_what_the_editor_sends_whatever_the_browser(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    client.force_login(world.personas.secretaire)

    response = client.post(
        _url("seances:draft_edit", world, item),
        {
            "based_on": "1",
            "rich": "true",
            "expose": '<p style="x" onclick="y">Exposé<script>alert(1)</script></p>',
            "articles": '<p>Vente<a href="javascript:alert(1)"> du terrain</a></p>',
            "nature": "1",
        },
    )

    assert response.status_code == 302
    latest = item.revisions.latest("number")
    assert latest.expose == "<p>Exposé</p>"
    assert latest.articles == "<p>Vente du terrain</p>"


def test_bold_italic_lists_and_tables_survive_the_save(world: World) -> None:
    item = make_draft_point(world)
    articles = (
        "<p>Les tarifs sont <strong>modifiés</strong> à compter du "
        "<em>1er janvier</em> :</p>"
        "<ul><li>la cantine ;</li><li>la garderie.</li></ul>"
        f"{TABLE}"
        "<ol><li>premier</li><li>second<br>suite</li></ol>"
        '<table><tbody><tr><td colspan="2">Total</td></tr></tbody></table>'
    )

    revision = _save(world, item, articles=articles)

    assert revision.articles == articles


def test_the_editors_bold_and_italic_are_stored_as_strong_and_em(
    world: World,
) -> None:
    item = make_draft_point(world)

    revision = _save(world, item, articles="<p><b>Gras</b> et <i>italique</i></p>")

    assert revision.articles == "<p><strong>Gras</strong> et <em>italique</em></p>"


def test_without_javascript_the_textarea_is_plain_paragraphs_and_stays_text(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    _save(world, item, visas="<p>Vu le <strong>CGCT</strong>,</p><p>Vu la loi,</p>")
    client.force_login(world.personas.secretaire)
    url = _url("seances:draft_edit", world, item)

    page = client.get(url).content.decode()
    response = client.post(
        url,
        {
            "based_on": "2",
            "visas": "Vu le CGCT,\nVu la loi,\nVu <b>ceci</b> & cela,",
            "nature": "1",
        },
    )

    assert ">\nVu le CGCT,\nVu la loi,</textarea>" in page
    assert 'data-richtext="&lt;p&gt;Vu le &lt;strong&gt;CGCT' in page
    assert response.status_code == 302
    assert item.revisions.latest("number").visas == (
        "<p>Vu le CGCT,</p><p>Vu la loi,</p><p>Vu &lt;b&gt;ceci&lt;/b&gt; &amp; cela,</p>"
    )


def test_a_plain_text_revision_from_before_still_shows_as_paragraphs(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    # Written before the rich text, as it stays in the database.
    DraftRevision.objects.filter(item=item).update(
        expose="Premier paragraphe,\nsa seconde ligne.\n\nSecond paragraphe.",
        visas="Vu le CGCT,\nVu la délibération n° 2026-001,",
        articles="Le budget est modifié.\nLe maire est chargé de l'exécution.",
    )
    client.force_login(world.personas.maire)

    page = client.get(item.get_absolute_url()).content.decode()

    assert (
        "<p>Premier paragraphe,<br>sa seconde ligne.</p><p>Second paragraphe.</p>"
        in page
    )
    assert "<p>Vu le CGCT,</p><p>Vu la délibération n° 2026-001,</p>" in page
    assert "<strong>Article 1er</strong> — Le budget est modifié.</p>" in page
    assert (
        "<strong>Article 2</strong> — Le maire est chargé de l'exécution.</p>" in page
    )


def test_saving_a_plain_text_revision_unchanged_stores_nothing_new(
    world: World,
) -> None:
    item = make_draft_point(world)
    DraftRevision.objects.filter(item=item).update(articles="Un.\nDeux.")
    latest = item.revisions.get()

    again = save_draft(
        item,
        by=world.personas.secretaire,
        based_on=1,
        visas=latest.visas,
        articles="<p>Un.</p><p>Deux.</p>",
        nature=latest.nature,
        matiere=latest.matiere,
    )

    assert again == latest
    assert item.revisions.count() == 1


def test_a_list_or_a_table_belongs_to_the_article_before_it() -> None:
    parts = richtext.articles(
        f"<p>Les tarifs sont :</p>{TABLE}<p>Le maire exécute.</p>"
    )

    assert [str(part.lead) for part in parts] == [
        "Les tarifs sont :",
        "Le maire exécute.",
    ]
    assert "Garderie périscolaire" in parts[0].rest
    assert parts[1].rest == ""


def test_the_comparison_of_two_rich_revisions_shows_the_changed_paragraph(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    old = _save(world, item, articles=f"<p>Les tarifs :</p>{TABLE}")
    new = _save(
        world,
        item,
        articles="<p>Les <strong>tarifs</strong> :</p>"
        + TABLE.replace("1,20 €", "1,50 €"),
    )
    client.force_login(world.personas.maire)

    page = client.get(
        _url("seances:draft_compare", world, item), {"a": old.number, "b": new.number}
    ).content.decode()
    diff = [
        (line.tag, line.text)
        for line in compare(old, new)
        if line.section == "Articles"
    ]

    assert diff == [
        ("same", "Les tarifs :"),
        ("same", "Service | Tarif"),
        ("same", "Cantine | 3,10 €"),
        ("removed", "Garderie périscolaire | 1,20 €"),
        ("added", "Garderie périscolaire | 1,50 €"),
    ]
    assert "<del>Garderie périscolaire | 1,20 €</del>" in page
    assert "<ins>Garderie périscolaire | 1,50 €</ins>" in page
    assert "&lt;td&gt;" not in page
    assert "<td>" not in page


def test_the_conflict_page_shows_both_texts_sanitised(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    _save(world, item, articles="<p>Texte <strong>enregistré</strong>.</p>")
    client.force_login(world.personas.adjointe)

    response = client.post(
        _url("seances:draft_edit", world, item),
        {
            "based_on": "1",
            "rich": "true",
            "articles": "<p>Texte <em>saisi</em><script>alert(1)</script>.</p>",
            "nature": "1",
        },
    )

    page = response.content.decode()
    assert response.status_code == 409
    assert "— Texte <strong>enregistré</strong>.</p>" in page
    assert "— Texte <em>saisi</em>.</p>" in page
    assert "<script>alert" not in page
    # The form, now based on version 2, waits for the editor again.
    assert '<input type="hidden" name="based_on" value="2"' in page
    assert '<input type="hidden" name="rich" id="id_rich">' in page


def test_the_dossier_pdf_carries_the_tables_text(world: World) -> None:
    item = make_draft_point(world)
    _save(world, item, articles=f"<p>Les tarifs sont fixés ainsi :</p>{TABLE}")

    build = request_build(
        item.seance, variant="conseillers", by=world.personas.secretaire
    )

    build.refresh_from_db()
    assert build.status == DossierBuild.Status.READY, build.error
    assert build.output is not None
    with open_blob(build.output) as stream:
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Article 1er — Les tarifs sont fixés ainsi :" in text
    assert "Garderie périscolaire 1,20 €" in text
    assert "<td>" not in text
    assert "strong" not in text


def test_a_long_tables_header_row_is_repeated_on_every_page_of_the_pdf(
    world: World,
) -> None:
    item = make_draft_point(world)
    rows = "".join(f"<tr><td>Ligne {n}</td><td>{n} €</td></tr>" for n in range(120))
    _save(
        world,
        item,
        articles="<p>Les tarifs :</p><table><thead><tr><th>Prestation</th>"
        f"<th>Montant</th></tr></thead><tbody>{rows}</tbody></table>",
    )

    build = request_build(
        item.seance, variant="conseillers", by=world.personas.secretaire
    )

    build.refresh_from_db()
    assert build.output is not None
    with open_blob(build.output) as stream:
        reader = pypdf.PdfReader(io.BytesIO(stream.read()))
    pages = [page.extract_text() for page in reader.pages]
    with_rows = [text for text in pages if "Ligne " in text]
    assert len(with_rows) >= 2
    assert all("Prestation" in text and "Montant" in text for text in with_rows)


def test_the_note_de_synthese_shows_the_exposes_list(world: World) -> None:
    item = make_draft_point(world)
    _save(
        world,
        item,
        expose="<p>Le projet porte sur :</p><ul><li>la cantine ;</li>"
        "<li>la garderie.</li></ul>",
    )

    data = documents.note_de_synthese(item.seance)

    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Le projet porte sur :" in text
    assert "la cantine ;" in text
    assert "la garderie." in text


def test_search_finds_a_word_in_a_table_cell_and_not_the_tag_names(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    _save(world, item, articles=f"<p>Les <strong>tarifs</strong> :</p>{TABLE}")
    client.force_login(world.personas.secretaire)

    def finds(words: str) -> bool:
        page = client.get(
            reverse("search:results", args=[world.slug]), {"q": words}
        ).content.decode()
        return item.title in page and "Aucun résultat" not in page

    assert finds("périscolaire")
    for tag in ("tbody", "strong", "thead"):
        assert not finds(tag), tag


def test_the_export_carries_the_html_as_stored(world: World, tmp_path: Path) -> None:
    item = make_draft_point(world)
    revision = _save(world, item, articles=f"<p>Les tarifs :</p>{TABLE}")
    out = tmp_path / "export.zip"

    export_collectivite(world.slug, out)

    with zipfile.ZipFile(out) as archive:
        exported = json.loads(archive.read("collectivite.json"))
    rows = exported["rows"]["seances.draftrevision"]
    stored = {row["pk"]: row["fields"]["articles"] for row in rows}
    assert stored[str(revision.pk)] == f"<p>Les tarifs :</p>{TABLE}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("texte libre", "<p>texte libre</p>", id="plain"),
        pytest.param("<div>un</div><div>deux</div>", "<p>un</p><p>deux</p>", id="div"),
        pytest.param("<p><br></p><p> </p><ul><li></li></ul>", "", id="empty"),
        pytest.param(
            "<strong>seul</strong> texte",
            "<p><strong>seul</strong> texte</p>",
            id="loose",
        ),
        pytest.param(
            '<table><tr><td rowspan="999">x</td></tr></table>',
            "<table><tbody><tr><td>x</td></tr></tbody></table>",
            id="span",
        ),
    ],
)
def test_sanitise_leaves_only_blocks_of_the_allow_list(
    value: str, expected: str
) -> None:
    assert richtext.sanitise(value) == expected
    assert richtext.sanitise(expected) == expected
