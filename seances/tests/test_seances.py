from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.models import JournalEntry
from quorum.testing import World
from seances.models import PARIS, AgendaItem, Seance
from seances.services import add_item, advance_seance, mark_convened
from seances.tests.access_rows import (
    make_convened_meeting,
    make_convened_point,
    make_draft_point,
    make_seance,
    validate_point,
)
from seances.workflow import link_annex, save_draft


def _point_url(world: World, item: AgendaItem) -> str:
    return reverse(
        "seances:point", kwargs={"collectivite": world.slug, "item_id": item.pk}
    )


def test_a_conseiller_sees_a_draft_point_only_from_the_convocation(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    client.force_login(world.personas.conseiller)

    assert client.get(_point_url(world, item)).status_code == 404
    seance_page = client.get(item.seance.get_absolute_url())
    assert item.title not in seance_page.content.decode()

    validate_point(world, item)
    mark_convened(item.seance, by=world.personas.maire, sent_on=timezone.localdate())

    assert client.get(_point_url(world, item)).status_code == 200
    assert item.title in client.get(item.seance.get_absolute_url()).content.decode()


def test_an_unnamed_agent_never_sees_a_point_even_convened(
    client: Client, world: World
) -> None:
    item = make_convened_point(world)
    client.force_login(world.personas.agent)

    assert client.get(_point_url(world, item)).status_code == 404


def test_a_seance_entered_in_paris_time_is_stored_in_utc(
    client: Client, world: World
) -> None:
    client.force_login(world.personas.secretaire)

    response = client.post(
        reverse("seances:create", kwargs={"collectivite": world.slug}),
        {"day": "2027-07-01", "hour": "20:30", "place": "Mairie", "kind": "ordinaire"},
    )

    assert response.status_code == 302
    seance = Seance.objects.get()
    assert seance.starts_at == datetime(2027, 7, 1, 18, 30, tzinfo=timezone.UTC)
    assert JournalEntry.objects.filter(action="seance.created").exists()


def test_a_late_convocation_is_refused_with_the_latest_date_l2121_11(
    world: World,
) -> None:
    # Two days ahead leaves one jour franc; a commune under 3 500 needs 3.
    seance = make_seance(world, days=2)
    validate_point(world, make_draft_point(world, seance))
    too_late = timezone.localdate()

    with pytest.raises(ValidationError) as refused:
        mark_convened(seance, by=world.personas.maire, sent_on=too_late)

    message = " ".join(refused.value.messages)
    assert "Trop tard" in message
    assert "3 jours francs" in message
    seance.refresh_from_db()
    assert seance.status == Seance.Status.PREPARATION


def test_a_convocation_in_the_future_is_refused(world: World) -> None:
    item = make_draft_point(world)
    validate_point(world, item)

    with pytest.raises(ValidationError):
        mark_convened(
            item.seance,
            by=world.personas.maire,
            sent_on=timezone.localdate() + timedelta(days=1),
        )


def test_an_urgence_needs_a_written_reason_l2121_11(world: World) -> None:
    day = timezone.localdate() + timedelta(days=3)
    seance = make_seance(world, days=3)
    seance.kind = Seance.Kind.URGENCE
    seance.save(update_fields=["kind"])
    item = make_draft_point(world, seance)
    validate_point(world, item)

    with pytest.raises(ValidationError, match="motif"):
        mark_convened(seance, by=world.personas.maire, sent_on=timezone.localdate())

    mark_convened(
        seance,
        by=world.personas.maire,
        sent_on=timezone.localdate(),
        urgence_reason="Budget à voter avant le 15.",
    )
    seance.refresh_from_db()
    assert seance.status == Seance.Status.CONVOQUEE
    assert seance.local_start.date() == day


def test_only_validated_points_are_convened_and_become_inscrits(
    world: World,
) -> None:
    seance = make_seance(world)
    draft = make_draft_point(world, seance)

    with pytest.raises(ValidationError, match="pas encore validés"):
        mark_convened(seance, by=world.personas.maire, sent_on=timezone.localdate())

    validate_point(world, draft)
    mark_convened(seance, by=world.personas.maire, sent_on=timezone.localdate())
    draft.refresh_from_db()
    assert draft.state == AgendaItem.State.INSCRIT
    assert JournalEntry.objects.filter(action="seance.convened").count() == 1


def test_no_point_is_added_once_convened_caa_versailles_2011(world: World) -> None:
    item = make_convened_point(world)

    with pytest.raises(ValidationError, match="arrêté"):
        add_item(
            item.seance, by=world.personas.maire, title="Ajout", kind="information"
        )


def test_a_meeting_status_only_moves_forward(world: World) -> None:
    seance = make_convened_meeting(world)
    advance_seance(seance, by=world.personas.maire, to=Seance.Status.EN_COURS)

    with pytest.raises(ValidationError):
        advance_seance(seance, by=world.personas.maire, to=Seance.Status.CONVOQUEE)
    with pytest.raises(ValidationError):
        advance_seance(seance, by=world.personas.maire, to=Seance.Status.PREPARATION)

    advance_seance(seance, by=world.personas.maire, to=Seance.Status.CLOSE)
    assert JournalEntry.objects.filter(action="seance.status_changed").count() == 2


def test_a_council_seance_opens_only_with_its_roll_call(
    client: Client, world: World
) -> None:
    """No bypass of the roll call: the séance page leads to the holding of
    the séance, and the status cannot be moved by hand."""
    seance = make_convened_point(world).seance
    client.force_login(world.personas.secretaire)

    page = client.get(seance.get_absolute_url()).content.decode()
    with pytest.raises(ValidationError, match="s'ouvre par l'appel"):
        advance_seance(seance, by=world.personas.maire, to=Seance.Status.EN_COURS)
    posted = client.post(
        reverse(
            "seances:advance",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        )
    )

    assert "Tenir la séance" in page
    assert (
        reverse(
            "seances:advance",
            kwargs={"collectivite": world.slug, "seance_id": seance.pk},
        )
        not in page
    )
    assert posted.status_code == 404
    seance.refresh_from_db()
    assert seance.status == Seance.Status.CONVOQUEE


def test_the_rapporteur_is_an_elu_in_office_of_the_same_collectivite(
    world: World,
) -> None:
    seance = make_seance(world)
    for who in ("agent", "former", "outsider"):
        with pytest.raises(ValidationError):
            add_item(
                seance,
                by=world.personas.maire,
                title="Point",
                kind="deliberation",
                rapporteur=world.memberships[who],
            )


def test_moving_a_point_up_saves_the_new_order(client: Client, world: World) -> None:
    seance = make_seance(world)
    first = make_draft_point(world, seance)
    second = make_draft_point(world, seance)
    client.force_login(world.personas.secretaire)

    response = client.post(
        reverse(
            "seances:point_move",
            kwargs={"collectivite": world.slug, "item_id": second.pk},
        ),
        {"direction": "up"},
    )

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.position < first.position


def test_a_stale_draft_save_shows_both_texts_and_stores_nothing(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    save_draft(
        item, by=world.personas.adjointe, based_on=1, articles="Texte de l'adjointe."
    )
    client.force_login(world.personas.secretaire)
    url = reverse(
        "seances:draft_edit", kwargs={"collectivite": world.slug, "item_id": item.pk}
    )

    response = client.post(
        url, {"based_on": "1", "articles": "Texte de la secrétaire.", "nature": "1"}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Texte de l'adjointe." in page
    assert "Texte de la secrétaire." in page
    assert item.revisions.count() == 2
    response = client.post(
        url, {"based_on": "2", "articles": "Texte de la secrétaire.", "nature": "1"}
    )
    assert response.status_code == 302
    assert item.revisions.latest("number").articles == "<p>Texte de la secrétaire.</p>"


def test_two_revisions_are_compared_paragraph_by_paragraph(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    save_draft(
        item,
        by=world.personas.adjointe,
        based_on=1,
        visas="Vu le code général des collectivités territoriales,",
        articles="Le budget est modifié comme suit.",
    )
    client.force_login(world.personas.maire)

    response = client.get(
        reverse(
            "seances:draft_compare",
            kwargs={"collectivite": world.slug, "item_id": item.pk},
        ),
        {"a": 1, "b": 2},
    )

    page = response.content.decode()
    assert "<del>Le budget est modifié.</del>" in page
    assert "<ins>Le budget est modifié comme suit.</ins>" in page


def test_the_review_steps_are_journaled(world: World) -> None:
    item = make_draft_point(world)

    validate_point(world, item)

    actions = set(JournalEntry.objects.values_list("action", flat=True))
    assert {"review.requested", "review.approved", "review.validated"} <= actions


def test_the_seance_page_query_count_does_not_grow_with_points(
    client: Client,
    world: World,
    django_assert_max_num_queries: object,
    django_assert_num_queries: object,
) -> None:
    seance = make_seance(world)
    _add_points_with_sub_points_and_annexes(world, seance, 2)
    client.force_login(world.personas.maire)
    url = seance.get_absolute_url()
    client.get(url)

    with django_assert_max_num_queries(25) as few:  # type: ignore[operator]
        client.get(url)
    _add_points_with_sub_points_and_annexes(world, seance, 6)
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('data-point="') == 8 * 3
    assert page.count("— 2 annexes") == 8 * 3


def _add_points_with_sub_points_and_annexes(
    world: World, seance: Seance, count: int
) -> None:
    """``count`` points, each with two sub-points, each of the three with
    two annexes."""
    for _ in range(count):
        top = make_draft_point(world, seance)
        family = [top] + [
            add_item(
                seance,
                by=world.personas.secretaire,
                title=f"Sous-point {number}",
                kind=AgendaItem.Kind.DELIBERATION,
                parent=top,
                rapporteur=world.memberships["adjointe"],
                agents=[world.memberships["agent"]],
            )
            for number in (1, 2)
        ]
        for item in family:
            for document in (world.finances_doc, world.ecole_doc):
                link_annex(item, by=world.personas.secretaire, document=document)


def test_the_dashboard_shows_the_deadline_and_the_reported_points(
    client: Client, world: World
) -> None:
    day = timezone.localdate() + timedelta(days=5)
    item = make_draft_point(world)
    item.seance.starts_at = datetime.combine(day, time(20, 0), tzinfo=PARIS)
    item.seance.save(update_fields=["starts_at"])
    client.force_login(world.personas.secretaire)

    page = client.get(
        reverse("web:dashboard", kwargs={"collectivite": world.slug})
    ).content.decode()

    assert "Convocation à envoyer au plus tard le" in page
    assert "fr-badge--error" in page  # one day left
    client.force_login(world.personas.adjointe)
    page = client.get(
        reverse("web:dashboard", kwargs={"collectivite": world.slug})
    ).content.decode()
    assert item.title in page
