"""The import in a real browser: the wide preview must fit a phone too.

Screenshots go to ``test-artifacts/`` (they show made-up people only).
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from collectivites.models import Membership
from quorum.testing import World
from web.tests.browsing import SIZES, Visit

pytestmark = pytest.mark.browser

LIST = (
    "Nelly,WIDMER,nelly.widmer@example.test,06 12 34 56 78,Conseillère\n"
    "Agnès,MICHELOT,agnes.michelot@example.test,,2e adjointe\n"
    "Marc,SAUGET,agnes.michelot@example.test,12,Conseiller\n"
)


@pytest.mark.parametrize("size", SIZES)
def test_secretaire_imports_a_list_without_header_from_start_to_end(
    visit: Visit, world: World, size: dict[str, int], tmp_path: Path
) -> None:
    page = visit.page
    page.set_viewport_size(size)
    path = tmp_path / "elus.csv"
    path.write_text(LIST)
    before = Membership.objects.count()

    visit.log_in(world.personas.secretaire)
    visit.goto(f"/{world.slug}/membres/")
    visit.main_link("Importer une liste (Excel ou CSV)")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Importer une liste de membres"
    )
    page.get_by_label("Fichier de la liste").set_input_files(path)
    visit.check_layout()
    visit.shot("deposer")
    page.get_by_role("button", name="Lire la liste").click()

    expect(page.get_by_role("main")).to_contain_text(
        "0 ligne prête, 3 lignes en erreur"
    )
    page.get_by_label("Colonne 1").select_option("first_name")
    page.get_by_label("Colonne 2").select_option("last_name")
    page.get_by_label("Colonne 4").select_option("phone")
    page.get_by_label("Colonne 5").select_option("role")
    page.get_by_role("button", name="Appliquer ces colonnes").click()
    expect(page.get_by_role("main")).to_contain_text(
        "1 ligne prête, 2 lignes en erreur"
    )
    expect(page.get_by_role("main")).to_contain_text("« 12 » n'est pas un numéro")
    visit.check_layout()
    visit.shot("verifier")

    page.get_by_role("button", name="Importer la ligne prête").click()
    expect(page.get_by_role("main")).to_contain_text("1 personne ajoutée")
    # A few lines left aside are shown at once; many would stay folded.
    expect(page.get_by_text("Même adresse e-mail que la ligne 3")).to_be_visible()
    visit.check_layout()
    visit.shot("termine")
    assert Membership.objects.count() == before + 1
