"""The procès-verbal (CGCT L2121-15): drafted from the record when the
séance closes, edited without losing anyone's text, approved at the next
séance, signed by the maire and the secrétaire de séance."""

import io
from datetime import timedelta

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.storage import open_blob
from domain.french import elide
from journal.models import JournalEntry
from minutes.models import ProcesVerbal
from minutes.services import save_proces_verbal
from minutes.tests.helpers import (
    DEBATES,
    HUIS_CLOS_POINT,
    PUBLIC_POINT,
    SECRET_DEBATES,
    approve_at_next_seance,
    closed_seance,
    next_seance,
    sign_proces_verbal,
)
from proceedings.services import close_seance
from proceedings.tests.helpers import held as held_council
from proceedings.tests.helpers import make_council, opened
from proceedings.voting import record_open_vote
from seances.models import AgendaItem, Seance
from seances.services import create_seance
from web.french import date_format

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split())


def names(held, *indexes: int) -> list[str]:
    return [held.council.members[index].user.full_name for index in indexes]


def test_l2121_15_the_approved_pdf_carries_every_mandatory_mention():
    held = closed_seance()
    approve_at_next_seance(held)
    proces_verbal = held.proces_verbal
    assert proces_verbal.state == ProcesVerbal.State.APPROUVE

    with open_blob(proces_verbal.pdf) as stream:
        text = pdf_text(stream.read())

    seance = held.council.seance
    maire, *_ = names(held, 0)
    # Date, hour and place of the séance, its president.
    assert f"{seance.local_start:%Y}" in text
    assert "La séance est ouverte à" in text
    assert f"sous la présidence {elide('de', maire)}" in text
    # Members present, represented (the procuration), the late arrival.
    assert "Membres en exercice : 7" in text
    for name in names(held, 0, 1, 2, 3, 4):
        assert name in text
    sixth, seventh = names(held, 5, 6)
    assert f"Procurations (1) : {sixth} à {maire}" in text
    assert f"{seventh} arrive à" in text
    # The secrétaire de séance and the quorum.
    assert f"Secrétaire de séance : {names(held, 4)[0]}" in text
    assert "Le quorum, de 4 membres présents, est atteint" in text
    # Each point with its rapporteur, the debates and the vote with names.
    assert PUBLIC_POINT in text
    assert f"Rapporteur : {names(held, 1)[0]}" in text
    assert DEBATES in text
    assert "pour 6, contre 1, abstentions 0" in text
    assert f"Contre : {names(held, 3)[0]}" in text
    assert f"(par {maire})" in text
    # The approval by the council, and the closing.
    assert "approuvé par le conseil municipal le" in text
    assert "La séance est levée à" in text


def test_the_secret_ballot_names_nobody_and_huis_clos_stays_out_of_the_body():
    held = closed_seance()
    proces_verbal = held.proces_verbal

    assert "CANARI-HUIS-CLOS" not in proces_verbal.body
    assert "Point examiné à huis clos" in proces_verbal.body
    assert SECRET_DEBATES.split(" CANARI")[0] in proces_verbal.huis_clos_body
    assert HUIS_CLOS_POINT in proces_verbal.huis_clos_body
    assert "scrutin secret" in proces_verbal.huis_clos_body.lower()
    # Its blank and spoiled papers are not abstentions (L2121-21).
    assert "bulletins blancs ou nuls 1" in proces_verbal.huis_clos_body
    assert "abstentions 1" not in proces_verbal.huis_clos_body
    # Who voted what in a secret ballot is never known, nor written.
    assert "Pour :" not in proces_verbal.huis_clos_body


def test_l2121_15_the_approval_goes_on_the_next_seance_created():
    held = closed_seance()
    assert held.proces_verbal.approval_item is None

    seance = next_seance(held)

    proces_verbal = held.proces_verbal
    item = proces_verbal.approval_item
    assert item is not None
    assert item.seance == seance
    day = date_format(held.council.seance.local_start, "j F Y")
    assert item.title == f"Approbation du procès-verbal de la séance du {day}"
    assert proces_verbal.state == ProcesVerbal.State.SOUMIS
    assert JournalEntry.objects.filter(action="proces_verbal.put_on_agenda").exists()


def test_l2121_15_a_seance_planned_before_the_closing_takes_the_approval_then():
    council = make_council(5, titles=("Tarifs",), days=10)
    later = create_seance(
        collectivite=council.collectivite,
        by=council.secretaire,
        starts_at=council.seance.starts_at + timedelta(days=30),
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
    )
    assert not AgendaItem.objects.filter(seance=later).exists()
    sitting = held_council(council, present=council.members[:4])
    record_open_vote(opened(council, council.items[0]), by=council.secretaire)

    close_seance(sitting, by=council.secretaire)

    proces_verbal = ProcesVerbal.objects.get(seance=council.seance)
    assert proces_verbal.approval_item.seance == later


def test_a_convened_seance_does_not_take_the_point_its_agenda_is_frozen():
    """CAA Versailles 03/03/2011 Commune de Nozay: once convened, the agenda
    is closed; the approval waits for the séance after it."""
    council = make_council(5, titles=("Tarifs",), days=10)
    convened = make_council(
        3, titles=("Budget",), collectivite=council.collectivite, days=20
    ).seance
    sitting = held_council(council, present=council.members[:5])
    record_open_vote(opened(council, council.items[0]), by=council.secretaire)

    close_seance(sitting, by=council.secretaire)

    proces_verbal = ProcesVerbal.objects.get(seance=council.seance)
    assert proces_verbal.approval_item is None
    assert not AgendaItem.objects.filter(
        seance=convened, title__startswith="Approbation"
    ).exists()
    later = create_seance(
        collectivite=council.collectivite,
        by=council.secretaire,
        starts_at=convened.starts_at + timedelta(days=30),
        place="Salle du conseil",
        kind=Seance.Kind.ORDINAIRE,
    )
    proces_verbal.refresh_from_db()
    assert proces_verbal.approval_item.seance == later


def test_a_rejected_approval_leaves_the_proces_verbal_submitted():
    held = closed_seance(with_huis_clos=False)
    approve_at_next_seance(held, adopted=False)

    proces_verbal = held.proces_verbal
    assert proces_verbal.state == ProcesVerbal.State.SOUMIS
    assert proces_verbal.pdf is None


def test_l2121_15_signed_by_the_maire_and_the_secretaire_de_seance():
    held = closed_seance(with_huis_clos=False)
    approve_at_next_seance(held)

    proces_verbal = sign_proces_verbal(held)

    signers = {s.capacity: s.signer for s in proces_verbal.signatures.all()}
    assert signers == {
        "president": held.president,
        "secretaire": held.secretaire_de_seance,
    }
    assert JournalEntry.objects.filter(action="actes.signed").count() == 2


def test_the_text_no_longer_changes_once_approved():
    held = closed_seance(with_huis_clos=False)
    approve_at_next_seance(held)
    proces_verbal = held.proces_verbal

    with pytest.raises(ValidationError, match="approuvé"):
        save_proces_verbal(
            proces_verbal,
            by=held.council.secretaire,
            based_on=proces_verbal.revision,
            body="<p>Autre texte</p>",
            huis_clos_body="",
        )


def test_two_people_editing_at_once_never_lose_text(client):
    held = closed_seance(with_huis_clos=False)
    proces_verbal = held.proces_verbal
    secretaire = held.council.secretaire
    client.force_login(secretaire)
    url = reverse(
        "minutes:proces_verbal_edit",
        kwargs={
            "collectivite": held.council.collectivite.slug,
            "proces_verbal_id": proces_verbal.pk,
        },
    )
    # Someone else saves first, from the same revision.
    save_proces_verbal(
        proces_verbal,
        by=held.secretaire_de_seance.user,
        based_on=0,
        body="<p>Texte de la secrétaire de séance.</p>",
        huis_clos_body="",
    )

    response = client.post(
        url, {"based_on": 0, "body": "Mon texte à moi.", "huis_clos_body": ""}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Quelqu&#x27;un a enregistré le procès-verbal" in page or (
        "Quelqu'un a enregistré le procès-verbal" in page
    )
    assert "Texte de la secrétaire de séance." in page
    assert "Mon texte à moi." in page
    proces_verbal.refresh_from_db()
    assert proces_verbal.body == "<p>Texte de la secrétaire de séance.</p>"

    # Saved again from the form shown, knowingly.
    response = client.post(
        url, {"based_on": 1, "body": "Mon texte à moi.", "huis_clos_body": ""}
    )
    assert response.status_code == 302
    proces_verbal.refresh_from_db()
    assert proces_verbal.body == "<p>Mon texte à moi.</p>"
    assert proces_verbal.revision == 2
