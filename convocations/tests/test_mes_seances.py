""" "Mes séances": the séances a member is convened to, each dossier read
point by point on a phone, and the notes that only their author reads."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from convocations.models import PointNote
from convocations.services import send_convocation
from convocations.tests.conftest import ready_seance
from journal.models import JournalEntry
from quorum.testing import MembershipFactory, WorkspaceFactory, World, join
from seances.models import AgendaItem, Seance
from seances.services import add_item, create_seance
from seances.tests.access_rows import validate_point
from seances.workflow import link_annex, save_draft

NOTE = "CANARI-NOTE-PERSONNELLE demander le coût par élève"


def _mine(world: World) -> str:
    return reverse("convocations:my_seances", kwargs={"collectivite": world.slug})


def _dossier(seance: Seance) -> str:
    return reverse(
        "convocations:my_dossier",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )


def _note_url(item: AgendaItem) -> str:
    return reverse(
        "convocations:point_note",
        kwargs={"collectivite": item.seance.collectivite.slug, "item_id": item.pk},
    )


def _point(world: World, seance: Seance, title: str, **extra: object) -> AgendaItem:
    return add_item(
        seance,
        by=world.personas.secretaire,
        title=title,
        kind=AgendaItem.Kind.INFORMATION,
        **extra,
    )


def convened_council(world: World, *, days: int = 20, points: int = 0) -> Seance:
    """A council séance convened today: its validated délibération, a point
    à huis clos, and ``points`` more, each with two annexes."""
    seance = ready_seance(world, days=days)
    _point(world, seance, "Protection fonctionnelle CANARI-HUIS-CLOS", huis_clos=True)
    _add_points(world, seance, points)
    send_convocation(seance, by=world.personas.secretaire)
    return seance


def _add_points(world: World, seance: Seance, count: int) -> None:
    for number in range(count):
        item = _point(world, seance, f"Information n° {number}")
        for document in (world.finances_doc, world.ecole_doc):
            link_annex(item, by=world.personas.secretaire, document=document)


def commission_meeting(world: World) -> Seance:
    """A meeting of a commission of the schools (its agent and nobody
    else), convened: one point the agent works on, one à huis clos they
    are not named on. A project group holds no meeting: a commission."""
    commission = WorkspaceFactory.create(
        collectivite=world.commune, name="Commission des écoles"
    )
    join(commission, world.memberships["agent"])
    seance = create_seance(
        collectivite=world.commune,
        by=world.personas.secretaire,
        starts_at=timezone.now() + timedelta(days=10),
        place="École",
        kind="ordinaire",
        workspace=commission,
    )
    _point(world, seance, "Plan de l'extension", agents=[world.memberships["agent"]])
    _point(world, seance, "Situation d'un enseignant CANARI-HUIS-CLOS", huis_clos=True)
    send_convocation(seance, by=world.personas.secretaire)
    return seance


@pytest.fixture
def seance(world: World) -> Seance:
    return convened_council(world)


def test_mes_seances_lists_only_the_seances_the_elu_is_convened_to(
    client: Client, world: World, seance: Seance
) -> None:
    preparing = ready_seance(world, days=30)
    meeting = commission_meeting(world)
    client.force_login(world.personas.conseiller)

    page = client.get(_mine(world)).content.decode()

    assert _dossier(seance) in page
    assert _dossier(preparing) not in page
    assert _dossier(meeting) not in page


def test_upcoming_seances_come_first_then_the_past_ones(
    client: Client, world: World, seance: Seance
) -> None:
    later = convened_council(world, days=40)
    past = convened_council(world, days=25)
    Seance.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - timedelta(days=30), status=Seance.Status.CLOSE
    )
    client.force_login(world.personas.conseiller)

    page = client.get(_mine(world)).content.decode()

    positions = [page.index(_dossier(s)) for s in (seance, later, past)]
    assert positions == sorted(positions)
    assert page.index("Passées") < positions[2]
    assert page.index("Passées") > positions[1]


def test_the_dossier_shows_every_point_to_a_councillor_huis_clos_included(
    client: Client, world: World, seance: Seance
) -> None:
    client.force_login(world.personas.conseiller)

    page = client.get(_dossier(seance)).content.decode()

    assert "1. Tarifs de la cantine scolaire" in page
    assert "2. Protection fonctionnelle CANARI-HUIS-CLOS" in page
    assert "Huis clos" in page
    assert "Tarifs." in page  # the draft's article
    item = seance.items.get(huis_clos=False)
    assert f"{item.get_absolute_url()}#titre-discussion" in page
    assert "Poser une question au rapporteur" in page


def test_an_agent_convened_to_a_commission_reads_only_the_points_they_may_see(
    client: Client, world: World
) -> None:
    meeting = commission_meeting(world)
    client.force_login(world.personas.agent)

    listing = client.get(_mine(world)).content.decode()
    page = client.get(_dossier(meeting)).content.decode()

    assert _dossier(meeting) in listing
    assert "Plan de l&#x27;extension" in page
    assert "CANARI-HUIS-CLOS" not in page
    hidden = meeting.items.get(huis_clos=True)
    assert client.post(_note_url(hidden), {"body": NOTE}).status_code == 404


def test_a_seance_one_is_not_convened_to_has_no_dossier_here(
    client: Client, world: World, seance: Seance
) -> None:
    meeting = commission_meeting(world)

    client.force_login(world.personas.secretaire)
    assert client.get(_dossier(seance)).status_code == 404
    client.force_login(world.personas.conseiller)
    assert client.get(_dossier(meeting)).status_code == 404
    client.force_login(world.personas.agent)
    assert client.get(_dossier(seance)).status_code == 404


def test_a_conseiller_of_another_collectivite_gets_404(
    client: Client, world: World, seance: Seance
) -> None:
    stranger = MembershipFactory.create(collectivite=world.other, role="conseiller")
    item = seance.items.get(huis_clos=False)
    client.force_login(stranger.user)
    other_slug = {"collectivite": world.other.slug, "seance_id": seance.pk}

    assert client.get(_dossier(seance)).status_code == 404
    assert (
        client.get(reverse("convocations:my_dossier", kwargs=other_slug)).status_code
        == 404
    )
    assert client.post(_note_url(item), {"body": NOTE}).status_code == 404
    assert not PointNote.objects.exists()


def test_a_note_is_seen_by_its_author_only(
    client: Client, world: World, seance: Seance
) -> None:
    item = seance.items.get(huis_clos=False)
    client.force_login(world.personas.conseiller)
    client.post(_note_url(item), {"body": NOTE})
    own = client.get(_dossier(seance)).content.decode()

    assert NOTE in own
    for persona in ("maire", "adjointe"):
        client.force_login(world.user(persona))
        assert NOTE not in client.get(_dossier(seance)).content.decode()
    for persona in ("maire", "adjointe", "secretaire"):
        client.force_login(world.user(persona))
        for url in (item.get_absolute_url(), seance.get_absolute_url()):
            assert NOTE not in client.get(url).content.decode()
    client.force_login(world.personas.secretaire)
    assert client.get(_dossier(seance)).status_code == 404
    assert not JournalEntry.objects.filter(data__icontains="CANARI-NOTE").exists()


def test_another_member_saving_on_the_same_point_writes_their_own_note(
    client: Client, world: World, seance: Seance
) -> None:
    item = seance.items.get(huis_clos=False)
    client.force_login(world.personas.conseiller)
    client.post(_note_url(item), {"body": NOTE})

    client.force_login(world.personas.maire)
    client.post(_note_url(item), {"body": "Ma propre note."})

    notes = {note.author.user: note.body for note in PointNote.objects.all()}
    assert notes == {
        world.personas.conseiller: NOTE,
        world.personas.maire: "Ma propre note.",
    }


def test_a_note_saved_by_htmx_gets_its_state_back_and_a_post_comes_back_to_the_point(
    client: Client, world: World, seance: Seance
) -> None:
    item = seance.items.get(huis_clos=False)
    client.force_login(world.personas.conseiller)

    partial = client.post(
        _note_url(item), {"body": "Première idée."}, HTTP_HX_REQUEST="true"
    )
    plain = client.post(_note_url(item), {"body": NOTE})

    assert "Enregistrée le" in partial.content.decode()
    assert "<html" not in partial.content.decode()
    assert plain.status_code == 302
    assert plain["Location"] == f"{_dossier(seance)}#point-{item.pk}"
    assert PointNote.objects.get().body == NOTE


def test_the_note_cannot_be_kept_on_a_seance_one_is_not_convened_to(
    client: Client, world: World, seance: Seance
) -> None:
    item = seance.items.get(huis_clos=False)
    client.force_login(world.personas.secretaire)

    response = client.post(_note_url(item), {"body": NOTE})

    assert response.status_code == 404
    assert not PointNote.objects.exists()


def test_the_dossier_links_the_annexes_and_the_documents_of_the_seance(
    client: Client, world: World
) -> None:
    seance = convened_council(world, points=1)
    annexed = seance.items.get(title="Information n° 0")
    annex = annexed.annexes.first()
    assert annex is not None
    client.force_login(world.personas.adjointe)

    page = client.get(_dossier(seance)).content.decode()

    download = reverse(
        "seances:annex_download",
        kwargs={
            "collectivite": world.slug,
            "item_id": annexed.pk,
            "annex_id": annex.pk,
        },
    )
    assert download in page
    annex_response = client.get(download)
    assert annex_response.status_code == 200
    b"".join(annex_response.streaming_content)  # type: ignore[attr-defined]
    annex_response.close()
    assert (
        reverse(
            "dossiers:agenda",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        )
        in page
    )
    assert "Le dossier complet en PDF n'est pas encore prêt" in page


def test_the_header_links_mes_seances_for_the_elus(
    client: Client, world: World
) -> None:
    dashboard = reverse("web:dashboard", kwargs={"collectivite": world.slug})

    client.force_login(world.personas.conseiller)
    assert _mine(world) in client.get(dashboard).content.decode()
    client.force_login(world.personas.secretaire)
    assert _mine(world) not in client.get(dashboard).content.decode()


def test_the_query_count_of_mes_seances_does_not_grow_with_points_or_seances(
    client: Client,
    world: World,
    seance: Seance,
    django_assert_max_num_queries: object,
) -> None:
    client.force_login(world.personas.conseiller)
    client.get(_mine(world))
    with django_assert_max_num_queries(20) as few:  # type: ignore[operator]
        client.get(_mine(world))
    limit = len(few.captured_queries)
    convened_council(world, days=30, points=4)
    convened_council(world, days=35, points=2)

    with django_assert_max_num_queries(limit):  # type: ignore[operator]
        response = client.get(_mine(world))

    assert response.content.decode().count("Vous n'avez pas encore répondu") == 3


def test_the_query_count_of_the_dossier_does_not_grow_with_points(
    client: Client,
    world: World,
    django_assert_max_num_queries: object,
    django_assert_num_queries: object,
) -> None:
    small = convened_council(world, points=1)
    large = convened_council(world, days=25, points=8)
    client.force_login(world.personas.conseiller)
    for target in (small, large):
        for item in target.items.all():
            client.post(_note_url(item), {"body": f"Note {item.title}"})
    client.get(_dossier(small))

    with django_assert_max_num_queries(25) as few:  # type: ignore[operator]
        client.get(_dossier(small))
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(_dossier(large))

    page = response.content.decode()
    assert page.count('id="point-') == 10
    assert page.count("Note Information n°") == 8


def test_the_draft_shown_is_the_latest_version(client: Client, world: World) -> None:
    seance = ready_seance(world)
    item = seance.items.get()
    AgendaItem.objects.filter(pk=item.pk).update(state=AgendaItem.State.BROUILLON)
    item.refresh_from_db()
    save_draft(
        item, by=world.personas.secretaire, based_on=1, articles="Tarifs révisés."
    )

    validate_point(world, item)
    send_convocation(seance, by=world.personas.secretaire)
    client.force_login(world.personas.conseiller)

    page = client.get(_dossier(seance)).content.decode()

    assert "Tarifs révisés." in page
    assert "Tarifs.<" not in page
