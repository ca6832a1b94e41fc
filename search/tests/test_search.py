"""The search box: what each person finds, and how a query is read."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from discussions.services import edit_comment, reply, start_thread
from documents.models import Document
from documents.services import add_version, create_document
from quorum.testing import ECOLE_MARKER, FINANCES_MARKER, OTHER_MARKER, World
from seances.services import mark_convened
from seances.tests.access_rows import make_draft_point, validate_point
from search.models import SearchEntry
from search.tests.conftest import extract_text
from web.tests.matrix import FINANCES, MEMBERS


def _search(client: Client, user: User, q: str, slug: str = "saint-test") -> str:
    client.force_login(user)
    response = client.get(reverse("search:results", args=[slug]), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def _document(world: World, title: str, text: str) -> Document:
    document = create_document(
        workspace=world.finances,
        author=world.personas.secretaire,
        stream=io.BytesIO(text.encode()),
        filename="note.txt",
        size=len(text.encode()),
        title=title,
    )
    extract_text(document)
    return document


@pytest.mark.parametrize("persona", sorted(MEMBERS))
def test_a_finances_document_is_found_only_by_who_sees_the_commission(
    client: Client, world: World, persona: str
) -> None:
    page = _search(client, world.user(persona), "canari finances")  # type: ignore[arg-type]

    sees = persona in FINANCES
    assert (FINANCES_MARKER.split("-")[1] in page) == sees
    # The passage comes from the current version's text, not the first.
    assert ("version 2" in page) == sees
    assert "version 1" not in page
    assert ("1 résultat" in page) == sees
    assert ("Aucun résultat" in page) == (not sees)


def test_a_member_of_the_project_alone_finds_its_document(
    client: Client, world: World
) -> None:
    assert "extension" in _search(client, world.personas.agent, "canari ecole")
    assert "Aucun résultat" in _search(
        client, world.personas.secretaire, "canari ecole"
    )
    assert ECOLE_MARKER.split("-")[0] in _search(
        client, world.personas.maire, "plan extension"
    )


def test_nothing_of_another_collectivite_is_ever_found(
    client: Client, world: World
) -> None:
    outsider = world.personas.outsider

    page = _search(client, outsider, "canari", slug="autre-test")
    assert "voirie" in page
    assert FINANCES_MARKER not in page
    assert ECOLE_MARKER not in page
    assert "Aucun résultat" in _search(client, outsider, "budget", slug="autre-test")
    for q in ("canari voirie", "devis", "travaux"):
        page = _search(client, world.personas.maire, q)
        assert "Aucun résultat" in page
        assert OTHER_MARKER not in page
    client.force_login(outsider)
    assert client.get("/saint-test/recherche/", {"q": "budget"}).status_code == 404


def test_accents_and_case_are_ignored(client: Client, world: World) -> None:
    _document(world, "Délibération sur la cantine", "Les tarifs de la RESTAURATION.")

    for q in ("deliberation", "DÉLIBÉRATION", "Deliberation cantine", "restauration"):
        page = _search(client, world.personas.secretaire, q)
        assert "cantine" in page, q


def test_the_match_is_marked_and_everything_else_escaped(
    client: Client, world: World
) -> None:
    _document(world, "Note <b>urgente</b>", "Si a < b & c > d, la chaudière")

    page = _search(client, world.personas.secretaire, "chaudiere")

    assert "<mark>chaudière</mark>" in page
    assert "a &lt; b &amp; c &gt; d" in page
    assert "<b>urgente</b>" not in page


def test_the_best_match_comes_first(client: Client, world: World) -> None:
    _document(world, "Compte rendu", "On a parlé voirie, et aussi du lavoir.")
    _document(world, "Restauration du lavoir", "Le lavoir, le lavoir, le lavoir.")

    page = _search(client, world.personas.secretaire, "lavoir")

    assert page.index("Restauration du") < page.index("Compte rendu")


def test_a_deleted_document_is_never_found(client: Client, world: World) -> None:
    Document.objects.filter(pk=world.finances_doc.pk).update(deleted_at=timezone.now())

    page = _search(client, world.personas.maire, "canari finances")

    assert "Aucun résultat" in page


def test_a_comment_is_found_with_a_link_to_it_and_edits_replace_it(
    client: Client, world: World
) -> None:
    thread = start_thread(
        document=world.finances_doc,
        author=world.personas.adjointe,
        body="Il manque la subvention du comité des fêtes.",
    )
    answer = reply(thread=thread, author=world.personas.secretaire, body="Ajoutée.")
    edit_comment(comment=answer, author=world.personas.secretaire, body="Corrigée.")

    page = _search(client, world.personas.secretaire, "comite fetes")
    assert "<mark>comité</mark>" in page
    assert "Discussion sur" in page
    assert f"#commentaire-{thread.comments.first().pk}" in page  # type: ignore[union-attr]
    assert "Corrigée" in _search(client, world.personas.secretaire, "corrigee")
    assert "Aucun résultat" in _search(client, world.personas.secretaire, "ajoutee")
    assert "Aucun résultat" in _search(client, world.personas.conseiller, "comite")


def test_a_new_version_replaces_the_text_found(client: Client, world: World) -> None:
    document = _document(world, "Règlement", "Ancien texte sur le cimetière.")
    content = b"Nouveau texte sur le columbarium."
    add_version(
        document=document,
        author=world.personas.secretaire,
        stream=io.BytesIO(content),
        filename="reglement.txt",
        size=len(content),
    )
    extract_text(document)

    assert "columbarium" in _search(client, world.personas.secretaire, "columbarium")
    assert "Aucun résultat" in _search(client, world.personas.secretaire, "cimetiere")


def test_a_draft_point_is_found_by_its_readers_before_the_convocation_l2121_13(
    client: Client, world: World
) -> None:
    """CGCT L2121-13: every councillor is informed of the points from the
    convocation; before it, a draft is for those who prepare it."""
    item = make_draft_point(world)

    def finds(persona: str) -> bool:
        return "Aucun résultat" not in _search(
            client,
            world.user(persona),  # type: ignore[arg-type]
            "decision modificative",
        )

    assert finds("secretaire")
    assert finds("maire")
    assert finds("adjointe")  # the rapporteur
    assert finds("agent")  # named on the point
    assert not finds("conseiller")
    # The draft itself is searched.
    assert "<mark>budget</mark>" in _search(
        client, world.personas.adjointe, "budget modifie"
    )

    validate_point(world, item)
    mark_convened(item.seance, by=world.personas.maire, sent_on=timezone.localdate())

    assert finds("conseiller")


def test_an_agent_not_named_never_finds_a_convened_point(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    item.agents.clear()
    validate_point(world, item)
    mark_convened(item.seance, by=world.personas.maire, sent_on=timezone.localdate())

    page = _search(client, world.personas.agent, "decision modificative")

    assert "Aucun résultat" in page


def test_an_anonymous_visitor_is_sent_to_the_login_page(
    client: Client, world: World
) -> None:
    response = client.get("/saint-test/recherche/", {"q": "budget"})

    assert response.status_code == 302
    assert "budget" not in response.content.decode()


def test_an_empty_query_explains_what_can_be_searched(
    client: Client, world: World
) -> None:
    page = _search(client, world.personas.conseiller, "   ")

    assert "Ce que vous pouvez chercher" in page
    assert "Aucun résultat" not in page


@pytest.mark.parametrize("q", ["le la les de", "?!.,;", "--", "« »"])
def test_a_query_of_common_words_or_signs_says_so(
    client: Client, world: World, q: str
) -> None:
    page = _search(client, world.personas.secretaire, q)

    assert "que des mots trop courants" in page


@pytest.mark.parametrize(
    "q",
    [
        '"budget',
        "budget*",
        "-budget",
        "budget OR",
        "NEAR(budget primitif)",
        "NEAR",
        "(budget",
        "title:budget",
        "budget ^ primitif",
        "AND",
        "budget'primitif",
        "budget & | ! primitif",
        "budget:*",
        "\x02budget\x03",
    ],
)
def test_search_syntax_typed_is_only_words(
    client: Client, world: World, q: str
) -> None:
    page = _search(client, world.personas.secretaire, q)

    assert "Une erreur" not in page


def test_near_and_or_are_searched_as_plain_words(client: Client, world: World) -> None:
    _document(world, "Near et or", "Le trésor near the river.")

    assert "trésor" in _search(client, world.personas.secretaire, "NEAR")
    assert "<mark>" in _search(client, world.personas.secretaire, '"budget" OR')


def test_a_very_long_query_is_cut_without_error(client: Client, world: World) -> None:
    page = _search(client, world.personas.secretaire, "budget " * 2000)

    assert "très longue" in page
    assert "primitif 2027" in page


def test_the_results_page_query_count_does_not_grow_with_results(
    client: Client, world: World, django_assert_max_num_queries: object
) -> None:
    client.force_login(world.personas.maire)
    url = reverse("search:results", args=[world.slug])
    make_draft_point(world)
    for number in range(3):
        _document(world, f"Facture {number}", "Facture de chauffage")
    with django_assert_max_num_queries(20) as few:  # type: ignore[operator]
        client.get(url, {"q": "facture"})
    for number in range(3, 40):
        _document(world, f"Facture {number}", "Facture de chauffage")
    make_draft_point(world)

    with django_assert_max_num_queries(len(few)):  # type: ignore[operator]
        page = client.get(url, {"q": "facture"}).content.decode()

    assert "Plus de" not in page
    assert "40 résultats" in page


def test_reindex_rebuilds_the_same_index(client: Client, world: World) -> None:
    make_draft_point(world)
    before = sorted(SearchEntry.objects.values_list("key", flat=True))

    call_command("reindex_search", stdout=io.StringIO())

    assert sorted(SearchEntry.objects.values_list("key", flat=True)) == before
    assert "version 2" in _search(client, world.personas.maire, "canari finances")
    assert "modificative" in _search(client, world.personas.maire, "modificative")
