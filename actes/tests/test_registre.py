"""The yearly registre des délibérations (R2121-9): drawn by the worker
with its progress shown, then kept until an act of its year changes."""

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from actes.models import Deliberation, RegistreBuild
from actes.registre import fingerprint, request_registre, start_registre
from actes.tests.access_rows import make_deliberation
from quorum.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def act(world: World) -> Deliberation:
    return make_deliberation(world)


@pytest.fixture
def secretaire(client: Client, world: World) -> Client:
    client.force_login(world.personas.secretaire)
    return client


def _urls(world: World, year: int) -> dict[str, str]:
    kwargs = {"collectivite": world.slug, "year": year}
    return {
        "index": reverse("actes:registre", kwargs={"collectivite": world.slug}),
        "state": reverse("actes:registre_state", kwargs=kwargs),
        "build": reverse("actes:registre_build", kwargs=kwargs),
        "pdf": reverse("actes:registre_pdf", kwargs=kwargs),
    }


def test_the_registre_being_drawn_shows_its_progress_and_is_drawn_once_r2121_9(
    secretaire: Client, world: World, act: Deliberation
) -> None:
    running = RegistreBuild.objects.create(
        collectivite=act.collectivite,
        year=act.year,
        key=fingerprint(act.collectivite, act.year),
        status=RegistreBuild.Status.RUNNING,
        started_at=timezone.now(),
        acts_done=1,
        acts_total=3,
    )
    urls = _urls(world, act.year)

    polled = secretaire.get(urls["state"], headers={"HX-Request": "true"})
    again = request_registre(act.collectivite, act.year, by=world.personas.maire)

    text = unescape(polled.content.decode())
    assert "Préparation du registre" in text
    assert "mise en page des délibérations" in text
    assert "1 sur 3 délibérations (33 %)" in text
    assert 'hx-trigger="every 2s"' in text
    assert again == running, "not queued twice"
    assert start_registre(str(running.pk)) is None, "another worker has it"
    RegistreBuild.objects.filter(pk=running.pk).update(
        started_at=timezone.now() - timedelta(hours=1)
    )
    assert start_registre(str(running.pk)) is not None, "its worker is gone"


def test_once_drawn_the_page_that_followed_it_says_it_is_ready(
    secretaire: Client, world: World, act: Deliberation
) -> None:
    urls = _urls(world, act.year)

    asked = secretaire.post(urls["build"], headers={"HX-Request": "true"})
    followed = secretaire.get(
        urls["state"] + "?suivi=1", headers={"HX-Request": "true"}
    )
    download = secretaire.get(urls["pdf"])

    build = RegistreBuild.objects.get()
    assert build.status == RegistreBuild.Status.READY
    assert (build.acts_done, build.acts_total) == (1, 1)
    assert build.pages >= 3
    for answer in (asked, followed):
        text = unescape(answer.content.decode())
        assert f"Le registre {act.year} est prêt ({build.pages} feuillets)." in text
        assert f"Télécharger le registre {act.year}" in text
        assert "hx-trigger" not in text
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment;")


def test_the_registre_is_kept_until_an_act_of_its_year_changes(
    secretaire: Client, world: World, act: Deliberation
) -> None:
    urls = _urls(world, act.year)
    secretaire.post(urls["build"])
    first = RegistreBuild.objects.get()

    secretaire.post(urls["build"])  # nothing changed: the same pages
    kept = secretaire.get(urls["index"]).content.decode()
    act.title = "Tarifs de la cantine scolaire"
    act.save(update_fields=["title", "updated_at"])
    changed = unescape(secretaire.get(urls["index"]).content.decode())
    refused = secretaire.get(urls["pdf"])
    secretaire.post(urls["build"])

    assert f"Télécharger le registre {act.year}" in kept
    assert f"Télécharger le registre {act.year}" not in changed
    assert "une délibération a changé depuis sa dernière préparation" in changed
    assert f"Préparer le registre {act.year}" in changed
    assert refused.status_code == 302
    assert refused["Location"] == urls["index"]
    builds = list(RegistreBuild.objects.order_by("created_at"))
    assert [build.pk for build in builds][0] == first.pk
    assert len(builds) == 2
    assert builds[1].status == RegistreBuild.Status.READY


def test_a_failed_drawing_says_why_and_may_be_asked_again(
    secretaire: Client, world: World, act: Deliberation
) -> None:
    RegistreBuild.objects.create(
        collectivite=act.collectivite,
        year=act.year,
        key=fingerprint(act.collectivite, act.year),
        status=RegistreBuild.Status.FAILED,
        error="une erreur inattendue a interrompu la préparation",
    )

    page = unescape(secretaire.get(_urls(world, act.year)["index"]).content.decode())

    assert "La dernière préparation a échoué : une erreur inattendue" in page
    assert f"Préparer le registre {act.year}" in page
