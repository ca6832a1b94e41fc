"""The three steps of the import through the HTTP client, as the secrétaire."""

import io
import time
from pathlib import Path

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from collectivites.models import MemberImport, Membership
from collectivites.services import add_member
from domain.roles import Role
from journal.models import JournalEntry
from quorum.testing import Personas

pytestmark = pytest.mark.django_db

SLUG = "saint-test"
UPLOAD = reverse("collectivites:member_import", args=[SLUG])
PREVIEW = reverse("collectivites:member_import_preview", args=[SLUG])
CONFIRM = reverse("collectivites:member_import_confirm", args=[SLUG])
CANCEL = reverse("collectivites:member_import_cancel", args=[SLUG])


def council_list(personas: Personas) -> bytes:
    """Two newcomers, one person already in the council, one wrong phone."""
    return (
        "Prénom;Nom;Courriel;Téléphone;Fonction\n"
        "Nelly;WIDMER;nelly.widmer@example.test;06 12 34 56 78;Conseillère municipale\n"
        f"Jean;CONSEIL;{personas.conseiller.email};;Conseiller\n"
        "Agnès;MICHELOT;agnes.michelot@example.test;+33 3 84 56 78 90;2e adjointe\n"
        "Marc;SAUGET;marc.sauget@example.test;12;Conseiller\n"
    ).encode("cp1252")


def upload(client: Client, content: bytes, name: str = "elus.csv", **fields: str):
    return client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile(name, content),
            "text": "",
            "kind": "elu",
            "default_role": "",
            "started_on": "",
            **fields,
        },
    )


def state() -> tuple[int, int, int]:
    return (
        Membership.objects.count(),
        User.objects.count(),
        JournalEntry.objects.count(),
    )


@pytest.fixture
def secretaire(client: Client, personas: Personas) -> Client:
    client.force_login(personas.secretaire)
    return client


def test_secretaire_imports_the_ready_lines_and_sees_the_others_with_reasons(
    secretaire: Client, personas: Personas
) -> None:
    before = state()

    assert secretaire.get(UPLOAD).status_code == 200
    response = upload(secretaire, council_list(personas))
    assert response.status_code == 302
    assert response["Location"] == PREVIEW

    page = secretaire.get(PREVIEW)
    assert page.status_code == 200
    assert (page.context["ready_count"], page.context["faulty_count"]) == (2, 2)
    text = page.content.decode()
    assert "2 lignes prêtes, 2 lignes en erreur" in text
    assert "encodage Windows-1252, séparateur point-virgule" in text
    assert "Déjà membre sur cette période" in text
    assert "« 12 » n&#x27;est pas un numéro de téléphone." in text
    assert state() == before, "nothing is stored before the confirmation"

    done = secretaire.post(
        CONFIRM, {"digest": page.context["confirm_form"]["digest"].value()}, follow=True
    )

    assert done.status_code == 200
    text = done.content.decode()
    run = MemberImport.objects.get()
    assert done.redirect_chain == [(run.get_absolute_url() + "?suivi=1", 302)]
    assert "Import terminé : 2 personnes ajoutées, 2 lignes laissées de côté." in text
    assert run.status == MemberImport.Status.DONE
    assert bytes(run.content) == b"", "the file is forgotten once imported"
    assert "2 personnes ajoutées" in text
    assert "2 lignes laissées de côté" in text
    assert [row.line for row in done.context["left_aside"]] == [3, 5]
    memberships, users, entries = state()
    assert (memberships, users) == (before[0] + 2, before[1] + 2)
    assert entries == before[2] + 3
    summary = JournalEntry.objects.filter(action="membership.imported").get()
    assert (summary.data["added"], summary.data["left_aside_lines"]) == (2, [3, 5])
    assert summary.actor == personas.secretaire
    actions = JournalEntry.objects.order_by("-id").values_list("action", flat=True)[:3]
    assert list(actions) == [
        "membership.imported",
        "membership.added",
        "membership.added",
    ]
    agnes = Membership.objects.get(user__email="agnes.michelot@example.test")
    assert (agnes.role, agnes.user.full_name, agnes.user.phone) == (
        Role.ADJOINT,
        "Agnès MICHELOT",
        "03 84 56 78 90",
    )
    assert not agnes.user.has_usable_password()
    assert mail.outbox == [], "no invitation unless asked"
    # The list is forgotten once imported.
    assert secretaire.get(PREVIEW)["Location"] == UPLOAD


def test_choosing_the_columns_of_a_list_without_header(
    secretaire: Client, corpus_dir: Path
) -> None:
    csv = corpus_dir / "idelibre-test-fixtures" / "user_success_deputy.csv"
    upload(secretaire, csv.read_bytes())
    assert secretaire.get(PREVIEW).context["ready_count"] == 0  # no names yet

    response = secretaire.post(
        PREVIEW,
        {
            "column_2": "first_name",
            "column_3": "last_name",
            "column_4": "email",
            "column_6": "phone",
            "column_7": "role",
        },
    )

    assert response.status_code == 302
    page = secretaire.get(PREVIEW + "?voir=toutes")
    assert (page.context["ready_count"], page.context["faulty_count"]) == (1, 3)
    rows = {row.line: row for row in page.context["page"].object_list}
    assert rows[3].member.full_name == "Saul Goodman"
    assert "Même adresse e-mail que la ligne 2" in rows[1].errors[0]


def test_two_columns_for_the_same_thing_are_refused(secretaire: Client) -> None:
    upload(secretaire, b"a@example.test;b@example.test;Ana;ROS\n")

    page = secretaire.post(PREVIEW, {"column_0": "email", "column_1": "email"})

    assert page.status_code == 200
    assert "Plusieurs colonnes sont « Adresse e-mail »" in page.content.decode()


def test_cancelling_imports_nobody_and_forgets_the_list(
    secretaire: Client, personas: Personas
) -> None:
    before = state()
    upload(secretaire, council_list(personas))

    response = secretaire.post(CANCEL)

    assert response["Location"] == reverse("collectivites:members", args=[SLUG])
    assert state() == before
    assert secretaire.get(PREVIEW)["Location"] == UPLOAD
    assert secretaire.post(CONFIRM, {"digest": "0" * 64})["Location"] == UPLOAD
    assert state() == before


def test_a_confirmation_for_another_version_of_the_list_imports_nothing(
    secretaire: Client, personas: Personas
) -> None:
    upload(secretaire, council_list(personas))
    seen = secretaire.get(PREVIEW).context["confirm_form"]["digest"].value()
    # Meanwhile, in another tab, the first line becomes the header.
    secretaire.post(PREVIEW, {"has_header": "", "column_2": "email"})
    before = state()

    response = secretaire.post(CONFIRM, {"digest": seen})

    assert response["Location"] == PREVIEW
    assert state() == before


def test_a_person_added_meanwhile_is_left_aside_at_confirmation(
    secretaire: Client, personas: Personas
) -> None:
    upload(secretaire, council_list(personas))
    page = secretaire.get(PREVIEW)
    add_member(
        collectivite=personas.commune,
        email="nelly.widmer@example.test",
        first_name="Nelly",
        last_name="WIDMER",
        role=Role.CONSEILLER,
        by=personas.maire,
    )

    done = secretaire.post(
        CONFIRM, {"digest": page.context["confirm_form"]["digest"].value()}, follow=True
    )

    assert "1 personne ajoutée" in done.content.decode()
    assert [row.line for row in done.context["left_aside"]] == [2, 3, 5]
    assert (
        Membership.objects.filter(user__email="nelly.widmer@example.test").count() == 1
    )


def test_invitations_are_sent_when_asked(
    secretaire: Client, personas: Personas
) -> None:
    upload(secretaire, council_list(personas))
    digest = secretaire.get(PREVIEW).context["confirm_form"]["digest"].value()

    secretaire.post(CONFIRM, {"digest": digest, "invite": "on"})

    assert sorted(message.to[0] for message in mail.outbox) == [
        "agnes.michelot@example.test",
        "nelly.widmer@example.test",
    ]


def test_a_pasted_list_from_a_spreadsheet_is_read_like_a_file(
    secretaire: Client,
) -> None:
    pasted = "Prénom\tNom\tCourriel\r\nNelly\tWIDMER\tnelly@example.test\r\n"

    secretaire.post(
        UPLOAD,
        {
            "text": pasted,
            "kind": "agent",
            "default_role": "secretaire",
            "started_on": "",
        },
    )

    page = secretaire.get(PREVIEW)
    assert page.context["ready_count"] == 1
    assert "« liste collée » : CSV, encodage UTF-8, séparateur tabulation." in (
        page.content.decode()
    )
    assert page.context["preview"].rows[0].member.role == Role.SECRETAIRE


def test_a_default_role_of_the_other_kind_is_refused(secretaire: Client) -> None:
    response = upload(secretaire, b"x@example.test\n", default_role="agent")

    assert response.status_code == 200
    assert "Choisissez un rôle d&#x27;élu pour des élus" in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "Ce fichier est un PDF"),
        (b"", "Déposez un fichier ou collez une liste."),
    ],
)
def test_a_file_that_is_no_table_is_refused_in_french(
    secretaire: Client, content: bytes, message: str
) -> None:
    response = upload(secretaire, content, name="liste.csv")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert secretaire.get(PREVIEW)["Location"] == UPLOAD


def test_the_1110_line_file_previews_one_page_at_a_time(
    secretaire: Client, corpus_dir: Path
) -> None:
    csv = corpus_dir / "openslides-csv-examples" / "participants-demo_de_large.csv"
    upload(secretaire, csv.read_bytes())

    started = time.perf_counter()
    page = secretaire.get(PREVIEW)
    elapsed = time.perf_counter() - started

    assert elapsed < 5
    assert page.context["faulty_count"] == 1110
    assert len(page.context["page"].object_list) == 50
    text = page.content.decode()
    assert "0 ligne prête, 1\u00a0110 lignes en erreur" in text
    assert "1 / 23" in text
    assert "Aucune colonne n'est indiquée comme adresse e-mail" in text
    last = secretaire.get(PREVIEW + "?voir=erreurs&page=23")
    assert last.context["page"].object_list[-1].line == 1111


@pytest.mark.parametrize("persona", ["conseiller", "adjointe", "agent", "outsider"])
def test_only_the_administration_reaches_the_import(
    client: Client, personas: Personas, persona: str
) -> None:
    client.force_login(getattr(personas, persona))
    before = state()

    assert client.get(UPLOAD).status_code == 404
    assert upload(client, council_list(personas)).status_code == 404
    assert client.get(PREVIEW).status_code == 404
    assert client.post(CONFIRM, {"digest": "0" * 64}).status_code == 404
    assert client.post(CANCEL).status_code == 404
    assert state() == before


def test_the_member_list_offers_the_import_to_the_administration_only(
    client: Client, personas: Personas
) -> None:
    members = reverse("collectivites:members", args=[SLUG])
    client.force_login(personas.maire)
    assert UPLOAD in client.get(members).content.decode()

    client.force_login(personas.conseiller)
    assert UPLOAD not in client.get(members).content.decode()


def test_a_workbook_named_like_a_csv_is_read_as_a_workbook(secretaire: Client) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Prénom", "Nom", "Courriel"])
    book.active.append(["Nelly", "WIDMER", "nelly@example.test"])
    stream = io.BytesIO()
    book.save(stream)

    upload(secretaire, stream.getvalue(), name="liste.csv")

    page = secretaire.get(PREVIEW)
    assert page.context["table"].file_format == "Excel (XLSX)"
    assert page.context["ready_count"] == 1


def test_the_preview_asks_the_database_as_often_for_1110_lines_as_for_4(
    secretaire: Client, corpus_dir: Path
) -> None:
    idelibre = corpus_dir / "idelibre-test-fixtures" / "user_success_deputy.csv"
    large = corpus_dir / "openslides-csv-examples" / "participants-demo_de_large.csv"
    counts = []
    for path in (idelibre, large):
        upload(secretaire, path.read_bytes())
        with CaptureQueriesContext(connection) as queries:
            assert secretaire.get(PREVIEW).status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
