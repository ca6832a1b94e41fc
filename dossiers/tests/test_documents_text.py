"""The texts of the convocation's documents as printed: the points put to
the council only (L2121-10), and what was typed, « & », « < » and quotes
included, with the French spaces before « ; : ! ? » and no broken
character reference."""

import io

import pypdf
from django.utils import timezone
from django.utils.html import escape

from dossiers import documents
from dossiers.tests.conftest import make_built
from dossiers.tests.test_dossier import compiled, pages_text
from dossiers.typography import NBSP, french_spacing
from quorum.testing import World
from seances.models import AgendaItem
from seances.services import mark_convened, set_outcome

TITLE = 'Association Sport & Loisirs : « fête » <2027> "été" ; oui ? non !'


def _text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.replace(NBSP, " ").split())


def test_a_character_reference_keeps_its_semicolon() -> None:
    spaced = french_spacing(escape("Sport & Loisirs ; a < b : « oui » l'été ?"))

    assert "&amp; Loisirs" in spaced
    assert "&lt; b" in spaced
    assert "l&#x27;été" in spaced
    assert f"Loisirs{NBSP};" in spaced
    assert f"b{NBSP}:" in spaced
    assert f"«{NBSP}oui{NBSP}»" in spaced
    assert f"été{NBSP}?" in spaced
    assert "&amp\u00a0;" not in spaced


def test_a_reference_before_punctuation_still_gets_its_space() -> None:
    assert french_spacing(escape('dit "oui" !')) == f"dit &quot;oui&quot;{NBSP}!"
    assert french_spacing("A&amp;B;") == f"A&amp;B{NBSP};"


def test_l2121_10_the_convocation_and_the_agenda_print_a_title_as_typed(
    world: World,
) -> None:
    built = make_built(world)
    AgendaItem.objects.filter(pk=built.cantine.pk).update(title=TITLE)

    for pdf in (
        documents.convocation(built.seance),
        documents.ordre_du_jour(built.seance),
    ):
        text = _flat(_text(pdf))
        assert 'Association Sport & Loisirs : « fête » <2027> "été" ; oui ? non !' in (
            text
        )
        assert "& ;" not in text
        assert "&amp" not in text
        assert "&lt" not in text
        assert "&quot" not in text


def test_the_dossier_summary_prints_a_title_as_typed(world: World) -> None:
    built = make_built(world, convene=False)
    AgendaItem.objects.filter(pk=built.cantine.pk).update(title=TITLE)

    text = _flat(" ".join(pages_text(compiled(built, world))))

    assert "Association Sport & Loisirs :" in text
    assert "& ;" not in text
    assert "&amp" not in text


def test_l2121_10_a_point_withdrawn_before_the_convocation_is_in_no_document(
    world: World,
) -> None:
    """As the e-mail of the convocation: withdrawn, it is no question put
    to the council; the other points keep their numbers."""
    built = make_built(world, convene=False)
    set_outcome(
        built.cantine, by=world.personas.maire, outcome=AgendaItem.Outcome.RETIRE
    )
    mark_convened(built.seance, by=world.personas.maire, sent_on=timezone.localdate())

    for pdf in (
        documents.convocation(built.seance),
        documents.ordre_du_jour(built.seance),
        documents.note_de_synthese(built.seance),
    ):
        text = _flat(_text(pdf))
        assert "Tarifs de la cantine" not in text
        assert "Retiré" not in text
        assert "Budget primitif 2027" in text
    summary = _flat(" ".join(pages_text(compiled(built, world))))
    assert "Tarifs de la cantine" not in summary
