"""Help pages, the glossary, display settings kept per person, the tour."""

from django.template import Context, Template
from django.test import Client
from django.urls import get_resolver, reverse

from guide.help import PAGES
from guide.models import DisplaySettings
from quorum.testing import World


def test_each_screen_links_to_its_help_page(client: Client, world: World) -> None:
    client.force_login(world.personas.conseiller)

    page = client.get(
        reverse("convocations:my_seances", kwargs={"collectivite": world.slug})
    )

    assert (
        reverse("guide:help", kwargs={"slug": "mes-seances"}) in page.content.decode()
    )
    assert (
        client.get(reverse("guide:help", kwargs={"slug": "mes-seances"})).status_code
        == 200
    )


def test_a_legal_word_links_to_its_glossary_entry_with_its_definition() -> None:
    html = Template('{% load glossary %}{% term "quorum" %}').render(Context())

    assert 'href="/aide/glossaire/#quorum"' in html
    assert 'role="tooltip"' in html
    assert "plus de la moitié" in html
    assert "aria-describedby" in html


def test_large_text_and_contrast_follow_the_person_to_another_device(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.conseiller)

    client.post(
        reverse("guide:display"),
        {"text_size": "large", "high_contrast": "on", "scheme": "dark"},
    )

    other = Client()
    other.force_login(world.personas.conseiller)
    page = other.get(reverse("web:dashboard", kwargs={"collectivite": world.slug}))
    html = page.content.decode()
    assert 'class="quorum-text-large quorum-contrast"' in html
    assert 'data-fr-scheme="dark"' in html
    assert 'media="print"' in html


def test_the_tour_is_remembered_once_skipped(client: Client, world: World) -> None:
    client.force_login(world.personas.conseiller)

    done = client.post(
        reverse("guide:tour_done"), headers={"X-Requested-With": "fetch"}
    )

    assert done.status_code == 204
    display = DisplaySettings.objects.get(user=world.personas.conseiller)
    assert display.tour_done_at is not None


def test_every_help_page_opens_and_explains_real_screens(
    client: Client, db: None
) -> None:
    resolver = get_resolver()
    known = {
        f"{ns}:{name}"
        for ns, (prefix, sub) in resolver.namespace_dict.items()
        for name in sub.reverse_dict
        if isinstance(name, str)
    }
    for page in PAGES:
        response = client.get(reverse("guide:help", kwargs={"slug": page.slug}))
        assert response.status_code == 200, page.slug
        assert set(page.screens) <= known, set(page.screens) - known
    assert client.get(reverse("guide:glossary")).status_code == 200
