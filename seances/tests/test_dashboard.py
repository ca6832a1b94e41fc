"""What the dashboard shows of the séances: to those who prepare them, the
délibérations to validate, the late reviews, the convocation deadline and
the quarters without a séance; to an élu, the points they report and the
reviews asked of them."""

from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collectivites.models import Collectivite, Membership
from quorum.testing import World
from seances.dashboard import quarter_reminders
from seances.models import PARIS, AgendaItem, Seance
from seances.services import add_item, create_seance
from seances.tests.access_rows import make_draft_point, make_seance, validate_point
from seances.workflow import request_review
from web.french import date_format


def _dashboard(client: Client, world: World, persona: str) -> str:
    user = world.user(persona)
    assert user is not None
    client.force_login(user)
    url = reverse("web:dashboard", kwargs={"collectivite": world.slug})
    return client.get(url).content.decode()


def _late(item: AgendaItem, days: int = 8) -> None:
    AgendaItem.objects.filter(pk=item.pk).update(
        review_requested_at=timezone.now() - timedelta(days=days)
    )


def test_the_secretaire_sees_the_deliberations_not_yet_validated_with_links(
    client: Client, world: World
) -> None:
    seance = make_seance(world)
    draft = make_draft_point(world, seance)
    validated = validate_point(world, make_draft_point(world, seance))
    AgendaItem.objects.filter(pk=validated.pk).update(title="Point déjà validé")
    add_item(
        seance, by=world.personas.secretaire, title="Questions orales", kind="questions"
    )

    page = _dashboard(client, world, "secretaire")

    assert "1 délibération à valider" in page
    assert f'href="{draft.get_absolute_url()}"' in page
    assert "Point déjà validé" not in page
    assert "Questions orales" not in page


def test_the_dashboard_says_when_to_send_the_convocation_at_the_latest(
    client: Client, world: World
) -> None:
    seance = make_seance(world, days=20)
    make_draft_point(world, seance)

    page = _dashboard(client, world, "secretaire")

    # A commune under 3 500: 3 jours francs, sent 4 days before (L2121-11).
    latest = seance.local_start.date() - timedelta(days=4)
    expected = date_format(latest, "l j F Y")
    assert f"Convocation à envoyer au plus tard le {expected}" in page
    assert "Convocation au plus tard le" not in page
    assert "J-16" in page


def test_the_secretaire_sees_the_late_reviews(client: Client, world: World) -> None:
    late = make_draft_point(world)
    request_review(late, by=world.personas.secretaire)
    _late(late)
    recent = make_draft_point(world, late.seance)
    AgendaItem.objects.filter(pk=recent.pk).update(title="Relecture du jour")
    request_review(recent, by=world.personas.secretaire)

    page = _dashboard(client, world, "secretaire")

    section = page.split("Relectures en retard", 1)[1]
    assert late.title in section
    assert world.personas.adjointe.full_name in section
    assert "Relecture du jour" not in section


def test_an_elu_sees_the_points_they_report_and_apart_the_reviews_asked_of_them(
    client: Client, world: World
) -> None:
    seance = make_seance(world)
    asked = make_draft_point(world, seance)
    request_review(asked, by=world.personas.secretaire)
    reported = make_draft_point(world, seance)
    AgendaItem.objects.filter(pk=reported.pk).update(title="Tarifs du marché")

    page = _dashboard(client, world, "adjointe")

    to_review = page.split("Projets de délibération à relire", 1)[1]
    to_review = to_review.split("Les points dont je suis rapporteur", 1)[0]
    assert asked.title in to_review
    assert "Tarifs du marché" not in to_review
    mine = page.split("Les points dont je suis rapporteur", 1)[1]
    assert "Tarifs du marché" in mine
    assert "Prochaines séances" not in page, "the preparation is not hers"


def test_a_conseiller_administrator_does_not_read_draft_titles_on_the_dashboard(
    client: Client, world: World
) -> None:
    item = make_draft_point(world)
    Membership.objects.filter(pk=world.memberships["conseiller"].pk).update(
        is_admin=True
    )

    page = _dashboard(client, world, "conseiller")

    assert "Prochaines séances" in page
    assert item.title not in page


def test_the_dashboard_query_count_does_not_grow_with_seances_and_points(
    client: Client,
    world: World,
    django_assert_max_num_queries: object,
    django_assert_num_queries: object,
) -> None:
    def add(days: int) -> None:
        seance = make_seance(world, days=days)
        item = make_draft_point(world, seance)
        request_review(item, by=world.personas.secretaire)
        _late(item)
        make_draft_point(world, seance)

    add(20)
    client.force_login(world.personas.maire)
    url = reverse("web:dashboard", kwargs={"collectivite": world.slug})
    client.get(url)
    with django_assert_max_num_queries(40) as few:  # type: ignore[operator]
        client.get(url)

    add(25)
    add(30)
    with django_assert_num_queries(len(few.captured_queries)):  # type: ignore[operator]
        page = client.get(url).content.decode()

    assert page.count("2 délibérations à valider") == 3


# --- At least once a quarter (CGCT L2121-7) -------------------------------


def test_l2121_7_the_dashboard_reminds_a_quarter_passing_without_a_seance(
    client: Client, world: World
) -> None:
    quarter = (timezone.localdate().month - 1) // 3 + 1

    for persona in ("secretaire", "maire"):
        page = _dashboard(client, world, persona)
        assert "Aucune séance du conseil n&#x27;est prévue d&#x27;ici la fin" in page
        assert f"{'1er' if quarter == 1 else f'{quarter}e'} trimestre" in page
        assert "CGCT L2121-7" in page
    assert "CGCT L2121-7" not in _dashboard(client, world, "conseiller")


def test_l2121_7_a_seance_planned_in_the_quarter_silences_the_reminder(
    client: Client, world: World
) -> None:
    today = timezone.localdate()
    quarter_end = _quarter_end(today)
    create_seance(
        collectivite=world.commune,
        by=world.personas.secretaire,
        starts_at=datetime.combine(quarter_end, time(23, 59), tzinfo=PARIS),
        place="Mairie",
        kind=Seance.Kind.ORDINAIRE,
    )

    assert "CGCT L2121-7" not in _dashboard(client, world, "secretaire")


TODAY = date(2026, 5, 12)
NOW = datetime(2026, 5, 12, 10, 0, tzinfo=PARIS)


def _commune_since(day: date) -> Collectivite:
    commune = Collectivite.objects.create(
        name="Trimestre-sur-Loire", slug="trimestre", population_totale=800
    )
    Collectivite.objects.filter(pk=commune.pk).update(
        created_at=datetime.combine(day, time(9), tzinfo=PARIS)
    )
    commune.refresh_from_db()
    return commune


def _seance_on(commune: Collectivite, day: date, status: str) -> None:
    seance = create_seance(
        collectivite=commune,
        by=None,
        starts_at=datetime.combine(day, time(20), tzinfo=PARIS),
        place="Mairie",
        kind=Seance.Kind.ORDINAIRE,
    )
    # The reminder reads the status only; how it got there is tested apart.
    Seance.objects.filter(pk=seance.pk).update(status=status)


@pytest.mark.django_db
def test_l2121_7_a_quarter_that_ended_without_a_seance_is_reminded() -> None:
    commune = _commune_since(date(2025, 6, 1))
    _seance_on(commune, date(2026, 5, 28), Seance.Status.PREPARATION)

    (reminder,) = quarter_reminders(commune, today=TODAY, now=NOW)

    assert reminder.passed
    assert reminder.message == (
        "Aucune séance du conseil ne s'est tenue au 1er trimestre 2026 : le "
        "conseil se réunit au moins une fois par trimestre (CGCT L2121-7)."
    )


@pytest.mark.django_db
def test_l2121_7_a_seance_prepared_but_never_convened_was_not_held() -> None:
    commune = _commune_since(date(2025, 6, 1))
    _seance_on(commune, date(2026, 3, 20), Seance.Status.PREPARATION)
    _seance_on(commune, date(2026, 4, 20), Seance.Status.CLOSE)

    reminders = quarter_reminders(commune, today=TODAY, now=NOW)

    assert [(r.year, r.quarter, r.passed) for r in reminders] == [(2026, 1, True)]


@pytest.mark.django_db
def test_l2121_7_a_seance_held_last_quarter_and_one_planned_need_no_reminder() -> None:
    commune = _commune_since(date(2025, 6, 1))
    _seance_on(commune, date(2026, 2, 10), Seance.Status.CLOSE)
    _seance_on(commune, date(2026, 6, 30), Seance.Status.PREPARATION)

    assert quarter_reminders(commune, today=TODAY, now=NOW) == []


@pytest.mark.django_db
def test_l2121_7_the_current_quarter_is_reminded_with_its_last_day() -> None:
    commune = _commune_since(date(2025, 6, 1))
    _seance_on(commune, date(2026, 3, 2), Seance.Status.CLOSE)
    _seance_on(commune, date(2026, 4, 2), Seance.Status.PREPARATION)  # past

    (reminder,) = quarter_reminders(commune, today=TODAY, now=NOW)

    assert not reminder.passed
    assert reminder.ends_on == date(2026, 6, 30)
    assert "d'ici la fin du 2e trimestre 2026, le 30 juin 2026" in reminder.message


@pytest.mark.django_db
def test_l2121_7_a_quarter_begun_before_the_collectivite_came_is_not_judged() -> None:
    commune = _commune_since(date(2026, 2, 1))
    _seance_on(commune, date(2026, 6, 2), Seance.Status.PREPARATION)

    assert quarter_reminders(commune, today=TODAY, now=NOW) == []


@pytest.mark.django_db
def test_l5211_11_an_epci_is_reminded_of_its_own_article() -> None:
    commune = _commune_since(date(2025, 6, 1))
    Collectivite.objects.filter(pk=commune.pk).update(kind=Collectivite.Kind.EPCI)
    commune.refresh_from_db()

    reminders = quarter_reminders(
        commune,
        today=date(2027, 1, 5),
        now=datetime(2027, 1, 5, 10, 0, tzinfo=PARIS),
    )

    assert [(r.year, r.quarter) for r in reminders] == [(2026, 4), (2027, 1)]
    assert all("CGCT L5211-11" in r.message for r in reminders)


def _quarter_end(day: date) -> date:
    first_month_next = (day.month - 1) // 3 * 3 + 4
    if first_month_next > 12:
        return date(day.year, 12, 31)
    return date(day.year, first_month_next, 1) - timedelta(days=1)
