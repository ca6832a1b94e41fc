"""The order of the agenda: the drag and drop sends the whole order, the
server keeps the tree (1, 1.1, 1.2, 2) and refuses what would break it."""

import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from journal.models import JournalEntry
from portability.archive import JSON_NAME
from portability.exporting import export_collectivite
from quorum.testing import World
from seances.models import AgendaItem, Seance
from seances.services import add_item
from seances.tests.access_rows import make_convened_point, make_seance

HTMX = {"HX-Request": "true"}
LINE = re.compile(
    r'<strong>([\d.]+)\.</strong> <a class="fr-link" href="[^"]+">([^<]+)</a>'
)


@dataclass
class Agenda:
    """A séance whose agenda reads 1. A, 2. B, 2.1 B1, 2.2 B2, 3. C."""

    seance: Seance
    points: dict[str, AgendaItem]

    def ids(self, *titles: str) -> list[str]:
        return [str(self.points[title].pk) for title in titles]


@pytest.fixture
def agenda(world: World) -> Agenda:
    seance = make_seance(world)
    points: dict[str, AgendaItem] = {}
    for title, parent in [("A", ""), ("B", ""), ("B1", "B"), ("B2", "B"), ("C", "")]:
        points[title] = add_item(
            seance,
            by=world.personas.secretaire,
            title=title,
            kind=AgendaItem.Kind.INFORMATION,
            parent=points[parent] if parent else None,
        )
    return Agenda(seance, points)


def _reorder(
    client: Client, seance: Seance, order: list[str], *, htmx: bool = True
) -> HttpResponseBase:
    url = reverse(
        "seances:agenda_reorder",
        kwargs={"collectivite": seance.collectivite.slug, "seance_id": seance.pk},
    )
    return client.post(url, {"order": order}, headers=HTMX if htmx else {})


def _lines(page: str) -> list[tuple[str, str]]:
    """The numbers and titles of an agenda, as the page shows them."""
    return LINE.findall(page)


def _stored(seance: Seance) -> list[tuple[str, int, object]]:
    return list(
        seance.items.order_by("pk").values_list("title", "position", "updated_at")
    )


def test_a_new_order_is_saved_renumbered_and_journaled(
    client: Client, world: World, agenda: Agenda
) -> None:
    client.force_login(world.personas.secretaire)
    order = agenda.ids("C", "B", "B2", "B1", "A")

    response = _reorder(client, agenda.seance, order)

    assert response.status_code == 200
    page = response.content.decode()
    assert "L&#x27;ordre du jour est enregistré." in page
    assert _lines(page) == [
        ("1", "C"),
        ("2", "B"),
        ("2.1", "B2"),
        ("2.2", "B1"),
        ("3", "A"),
    ]
    positions = dict(agenda.seance.items.values_list("title", "position"))
    assert positions == {"C": 1, "B": 2, "B2": 1, "B1": 2, "A": 3}
    entry = JournalEntry.objects.get(action="agenda.reordered")
    assert entry.actor == world.personas.secretaire
    assert entry.target_id == str(agenda.seance.pk)
    assert entry.data["before"] == agenda.ids("A", "B", "B1", "B2", "C")
    assert entry.data["after"] == order


def test_the_same_order_again_stores_and_journals_nothing(
    client: Client, world: World, agenda: Agenda
) -> None:
    client.force_login(world.personas.maire)
    before = _stored(agenda.seance)

    response = _reorder(client, agenda.seance, agenda.ids("A", "B", "B1", "B2", "C"))

    assert response.status_code == 200
    assert _stored(agenda.seance) == before
    assert not JournalEntry.objects.filter(action="agenda.reordered").exists()


@pytest.mark.parametrize(
    ("titles", "message"),
    [
        pytest.param(
            ["ailleurs", "B", "B1", "B2", "C"],
            "Cet ordre nomme un point qui n&#x27;est pas de cette séance",
            id="a-point-of-another-seance",
        ),
        pytest.param(
            ["A", "B1", "B", "B2", "C"],
            "« B1 » est un sous-point de « B » et reste sous ce point",
            id="a-sub-point-above-its-parent",
        ),
        pytest.param(
            ["A", "B", "B1", "C", "B2"],
            "« B2 » est un sous-point de « B » et reste sous ce point",
            id="a-sub-point-under-another-point",
        ),
        pytest.param(
            ["B", "A", "B1", "B2", "C"],
            "« B1 » est un sous-point de « B » et reste sous ce point",
            id="a-point-between-a-point-and-its-sub-points",
        ),
        pytest.param(
            ["C", "B", "B1", "B2"],
            "L&#x27;ordre du jour a changé entre-temps : rechargez la page",
            id="a-point-left-out",
        ),
        pytest.param(
            ["C", "B", "B1", "B2", "A", "A"],
            "Cet ordre nomme deux fois le même point",
            id="a-point-twice",
        ),
        pytest.param(
            ["pas-un-identifiant", "B", "B1", "B2", "C"],
            "Cet ordre nomme un point qui n&#x27;est pas de cette séance",
            id="not-an-id",
        ),
    ],
)
def test_an_order_that_breaks_the_agenda_is_refused_and_changes_nothing(
    client: Client, world: World, agenda: Agenda, titles: list[str], message: str
) -> None:
    elsewhere = add_item(
        make_seance(world, days=40),
        by=world.personas.secretaire,
        title="Point d'une autre séance",
        kind=AgendaItem.Kind.INFORMATION,
    )
    named = {title: str(point.pk) for title, point in agenda.points.items()}
    named["ailleurs"] = str(elsewhere.pk)
    order = [named.get(title, title) for title in titles]
    client.force_login(world.personas.secretaire)
    before = _stored(agenda.seance)

    response = _reorder(client, agenda.seance, order)

    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert 'role="alert"' in page
    # The agenda comes back as it is stored, for the page to show it again.
    assert [title for _, title in _lines(page)] == ["A", "B", "B1", "B2", "C"]
    assert _stored(agenda.seance) == before
    assert not JournalEntry.objects.filter(action="agenda.reordered").exists()


def test_without_htmx_a_refusal_comes_back_as_a_message_on_the_seance_page(
    client: Client, world: World, agenda: Agenda
) -> None:
    client.force_login(world.personas.secretaire)

    response = _reorder(
        client, agenda.seance, agenda.ids("A", "B1", "B", "B2", "C"), htmx=False
    )

    assert response.status_code == 302
    assert response["Location"] == agenda.seance.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "« B1 » est un sous-point de « B »" in page


def test_nothing_is_reordered_once_the_seance_is_convened(
    client: Client, world: World
) -> None:
    item = make_convened_point(world)
    second = add_item(
        make_seance(world, days=40),
        by=world.personas.secretaire,
        title="Point à venir",
        kind=AgendaItem.Kind.INFORMATION,
    )
    client.force_login(world.personas.maire)
    before = _stored(item.seance)

    response = _reorder(client, item.seance, [str(item.pk)])

    assert response.status_code == 422
    page = response.content.decode()
    assert "La séance est convoquée : l&#x27;ordre est arrêté." in page
    assert "data-agenda-reorder-url" not in page
    assert _stored(item.seance) == before
    # The séance's page offers neither the handles nor their script.
    detail = client.get(item.seance.get_absolute_url()).content.decode()
    assert "agenda.js" not in detail
    assert "q-agenda__handle" not in detail
    assert "agenda.js" in client.get(second.seance.get_absolute_url()).content.decode()


@pytest.mark.parametrize("persona", ["conseiller", "adjointe", "agent"])
def test_only_the_administration_reorders_the_agenda(
    client: Client, world: World, agenda: Agenda, persona: str
) -> None:
    user = world.user(persona)
    assert user is not None
    client.force_login(user)
    before = _stored(agenda.seance)

    response = _reorder(client, agenda.seance, agenda.ids("C", "B", "B1", "B2", "A"))

    assert response.status_code == 404
    assert _stored(agenda.seance) == before


def test_the_agenda_the_point_pages_and_the_export_show_the_same_order(
    client: Client, world: World, agenda: Agenda, tmp_path: Path
) -> None:
    client.force_login(world.personas.secretaire)
    # Dragged, then one step with the buttons: C, B (B2, B1), A, then A up.
    _reorder(client, agenda.seance, agenda.ids("C", "B", "B2", "B1", "A"))
    response = client.post(
        reverse(
            "seances:point_move",
            kwargs={"collectivite": world.slug, "item_id": agenda.points["A"].pk},
        ),
        {"direction": "up"},
    )
    assert response.status_code == 302
    expected = [("1", "C"), ("2", "A"), ("3", "B"), ("3.1", "B2"), ("3.2", "B1")]

    page = client.get(agenda.seance.get_absolute_url()).content.decode()
    assert _lines(page) == expected

    for number, title in expected:
        point = client.get(agenda.points[title].get_absolute_url()).content.decode()
        assert f'<h1 class="q-break">{number}. {title}</h1>' in point

    out = tmp_path / "export.zip"
    export_collectivite(world.slug, out)
    with zipfile.ZipFile(out) as archive:
        rows = json.loads(archive.read(JSON_NAME))["rows"]["seances.agendaitem"]
    assert _numbered(rows, str(agenda.seance.pk)) == expected


def _numbered(rows: list[dict[str, Any]], seance_id: str) -> list[tuple[str, str]]:
    """The agenda of one séance, numbered from the exported rows alone."""
    points = [row for row in rows if row["fields"]["seance"] == seance_id]

    def level(parent: str | None) -> list[dict[str, Any]]:
        return sorted(
            (row for row in points if row["fields"]["parent"] == parent),
            key=lambda row: row["fields"]["position"],
        )

    numbered = []
    for index, top in enumerate(level(None), start=1):
        numbered.append((str(index), top["fields"]["title"]))
        for sub_index, sub in enumerate(level(top["pk"]), start=1):
            numbered.append((f"{index}.{sub_index}", sub["fields"]["title"]))
    return numbered
