"""Slow work shows what it is doing and how far it is, in the one shared
component (``web/progress.py``, ``includes/progress.html``), and says when
it is done with a link to the result: the compilation of a dossier and the
sending of a convocation, as the page that htmx polls shows them."""

import pytest
from django.test import Client
from django.urls import reverse

from convocations.models import Delivery
from convocations.services import send_convocation
from convocations.tasks import send_convocation_emails
from convocations.tests.conftest import ready_seance
from dossiers.models import DossierBuild
from dossiers.services import request_build
from dossiers.tasks import build_dossier
from quorum.testing import World
from web.progress import Progress

HTMX = {"HTTP_HX_REQUEST": "true"}
QUEUED = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queued(settings) -> None:
    """Tasks wait in the queue, as they do until a worker takes them."""
    settings.TASKS = QUEUED


def test_a_dossier_compilation_shows_each_step_then_says_it_is_ready(
    client: Client, world: World, queued: None
) -> None:
    seance = ready_seance(world)
    build = request_build(
        seance, variant=DossierBuild.Variant.CONSEILLERS, by=world.personas.secretaire
    )
    client.force_login(world.personas.secretaire)
    url = reverse(
        "dossiers:state", kwargs={"collectivite": world.slug, "seance_id": seance.pk}
    )

    waiting = client.get(url, **HTMX).content.decode()
    DossierBuild.objects.filter(pk=build.pk).update(
        status=DossierBuild.Status.RUNNING, pieces_done=1, pieces_total=3
    )
    running = client.get(url, **HTMX).content.decode()
    DossierBuild.objects.filter(pk=build.pk).update(status=DossierBuild.Status.PENDING)
    build_dossier.call(str(build.pk))
    finished = client.get(url + "?suivi=conseillers", **HTMX).content.decode()
    later = client.get(url, **HTMX).content.decode()

    assert "Compilation du dossier des conseillers : en attente de démarrage" in waiting
    assert f'hx-get="{url}?suivi=conseillers"' in waiting
    assert "mise en page des projets et des annexes" in running
    assert 'max="3" value="1"' in running
    assert "1 sur 3 pièces (33 %)" in running
    assert "Compilation terminée : le dossier des conseillers est prêt" in finished
    download = reverse(
        "dossiers:download",
        kwargs={
            "collectivite": world.slug,
            "seance_id": seance.pk,
            "variant": "conseillers",
        },
    )
    assert f'href="{download}">Télécharger le dossier des conseillers</a>' in finished
    assert "hx-trigger" not in finished
    # Someone who opens the page later is not told of a compilation they
    # did not wait for.
    assert "Compilation terminée" not in later


def test_the_sending_of_a_convocation_shows_how_many_left_then_the_outcome(
    client: Client, world: World, queued: None
) -> None:
    seance = ready_seance(world)
    convocation = send_convocation(seance, by=world.personas.secretaire)
    total = convocation.deliveries.count()
    client.force_login(world.personas.secretaire)
    poll = reverse(
        "convocations:sending",
        kwargs={"collectivite": world.slug, "seance_id": seance.pk},
    )

    page = client.get(seance.get_absolute_url()).content.decode()
    send_convocation_emails.call(str(convocation.pk))
    finished = client.get(poll, **HTMX).content.decode()

    assert total >= 3
    assert (
        "Envoi de la convocation : remise des e-mails au serveur de messagerie" in page
    )
    assert f"0 sur {total} e-mails (0 %)" in page
    assert f'hx-get="{poll}"' in page
    accepted = Delivery.objects.filter(
        convocation=convocation, status=Delivery.Status.ACCEPTED
    ).count()
    assert accepted == total
    assert f"Envoi terminé : {total} e-mails acceptés par le serveur." in finished
    deliveries = reverse(
        "convocations:deliveries",
        kwargs={"collectivite": world.slug, "seance_id": seance.pk},
    )
    assert f'href="{deliveries}">Suivre la remise</a>' in finished
    assert "hx-trigger" not in finished


@pytest.mark.parametrize(
    ("done", "total", "percent"),
    [(0, 0, 0), (0, 7, 0), (1, 3, 33), (7, 7, 100), (9, 7, 100)],
)
def test_the_percentage_never_passes_a_hundred(
    done: int, total: int, percent: int
) -> None:
    assert Progress("Travail", done=done, total=total).percent == percent
