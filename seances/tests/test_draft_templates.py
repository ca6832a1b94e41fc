"""The starting templates of a draft délibération (``?modele=``): each
fills the form of an empty draft with its visas, considérants, articles,
nature and matière, and the draft saved from it keeps them."""

from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from domain.actes import DRAFT_TEMPLATES, DraftTemplate
from quorum.testing import World
from seances.models import AgendaItem, DraftRevision
from seances.services import add_item
from seances.tests.access_rows import make_draft_point, make_seance


def _empty_point(world: World) -> AgendaItem:
    return add_item(
        make_seance(world),
        by=world.personas.secretaire,
        title="Point sans projet",
        kind=AgendaItem.Kind.DELIBERATION,
        rapporteur=world.memberships["adjointe"],
    )


def _edit_url(world: World, item: AgendaItem) -> str:
    return reverse(
        "seances:draft_edit", kwargs={"collectivite": world.slug, "item_id": item.pk}
    )


def _lines(template: DraftTemplate) -> list[str]:
    return [*template.visas, *template.considerants, *template.articles]


def _sent(value: object) -> str:
    """What a browser sends back of a field the page drew."""
    return "" if value is None else str(value)


def _filled(template: DraftTemplate) -> dict[str, str]:
    return {
        "nature": template.nature,
        "matiere": template.matiere,
        "visas": "\n".join(template.visas),
        "considerants": "\n".join(template.considerants),
        "articles": "\n".join(template.articles),
    }


@pytest.mark.parametrize("key", sorted(DRAFT_TEMPLATES))
def test_a_template_fills_the_form_of_an_empty_draft(
    client: Client, world: World, key: str
) -> None:
    template = DRAFT_TEMPLATES[key]
    item = _empty_point(world)
    client.force_login(world.personas.secretaire)

    response = client.get(_edit_url(world, item), {"modele": key})

    assert response.status_code == 200
    form = response.context["form"]
    assert {name: form[name].value() for name in _filled(template)} == _filled(template)
    assert form["expose"].value() in (None, "")
    assert form["based_on"].value() == 0
    html = response.content.decode()
    for line in _lines(template):
        assert line in unescape(html)
    assert f'<option value="{template.nature}" selected>' in html
    assert f'<option value="{template.matiere}" selected>' in html


@pytest.mark.parametrize("key", sorted(DRAFT_TEMPLATES))
def test_the_draft_saved_from_a_template_keeps_its_texts_and_classification(
    client: Client, world: World, key: str
) -> None:
    template = DRAFT_TEMPLATES[key]
    item = _empty_point(world)
    client.force_login(world.personas.secretaire)
    form = client.get(_edit_url(world, item), {"modele": key}).context["form"]
    sent = {name: _sent(form[name].value()) for name in form.fields}

    response = client.post(_edit_url(world, item), sent)

    assert response.status_code == 302
    revision = DraftRevision.objects.get(item=item)
    assert revision.number == 1
    assert revision.author == world.personas.secretaire
    assert (revision.nature, revision.matiere) == (template.nature, template.matiere)
    page = unescape(client.get(item.get_absolute_url()).content.decode())
    for line in _lines(template):
        assert line in page


def test_an_empty_draft_offers_every_template(client: Client, world: World) -> None:
    item = _empty_point(world)
    client.force_login(world.personas.secretaire)

    html = client.get(_edit_url(world, item)).content.decode()

    for key, template in DRAFT_TEMPLATES.items():
        assert f'href="?modele={key}"' in html
        assert template.label in unescape(html)


def test_an_unknown_template_leaves_the_form_empty(
    client: Client, world: World
) -> None:
    item = _empty_point(world)
    client.force_login(world.personas.secretaire)

    form = client.get(_edit_url(world, item), {"modele": "inconnu"}).context["form"]

    assert form["visas"].value() in (None, "")
    assert form["articles"].value() in (None, "")
    assert form["nature"].value() in (None, "")


def test_a_draft_already_written_offers_no_template_and_ignores_one_asked(
    client: Client, world: World
) -> None:
    """A template is a start: it never replaces a text someone wrote."""
    item = make_draft_point(world)
    client.force_login(world.personas.secretaire)

    response = client.get(_edit_url(world, item), {"modele": "subvention"})

    form = response.context["form"]
    assert "Le budget est modifié." in form["articles"].value()
    assert (form["nature"].value(), form["matiere"].value()) == ("5", "7.1")
    assert form["based_on"].value() == 1
    assert "?modele=" not in response.content.decode()


def test_the_budget_primitif_template_drafts_a_budget_document(
    client: Client, world: World
) -> None:
    item = _empty_point(world)
    client.force_login(world.personas.maire)

    form = client.get(_edit_url(world, item), {"modele": "budget_primitif"}).context[
        "form"
    ]

    assert form["nature"].value() == "5"
    assert form["matiere"].value() == "7.1"
    assert "adopte le budget primitif" in form["articles"].value()
