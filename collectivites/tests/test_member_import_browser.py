"""The import in a real browser: the wide preview must fit a phone too.

Screenshots go to ``test-artifacts/`` (they show made-up people only).
"""

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from collectivites.models import Membership
from quorum.testing import World, make_world
from web.tests.conftest import CHROMIUM, CHROMIUM_FLAGS
from web.tests.test_browser import SIZES, Visit

pytestmark = pytest.mark.browser

LIST = (
    "Nelly,WIDMER,nelly.widmer@example.test,06 12 34 56 78,Conseillère\n"
    "Agnès,MICHELOT,agnes.michelot@example.test,,2e adjointe\n"
    "Marc,SAUGET,agnes.michelot@example.test,12,Conseiller\n"
)


@pytest.fixture
def world(db: None) -> World:
    return make_world()


# web's browser fixtures live in conftest files out of this folder's reach:
# the same overrides here (see accounts/tests/conftest.py for base_url).
@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any],
) -> dict[str, Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} est introuvable : lancez `make system-deps`.")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def base_url() -> str | None:
    return None


@pytest.fixture
def visit(page: Page, live_server: object, request: pytest.FixtureRequest) -> Visit:
    folder = Path(settings.BASE_DIR) / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return Visit(page, live_server.url, folder, request.node.name)  # type: ignore[attr-defined]


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
