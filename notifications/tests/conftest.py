from typing import Any

import pytest

from quorum.testing import World, make_world


@pytest.fixture(autouse=True)
def _static_files_found_on_request(settings: Any) -> None:
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture
def world(db: None) -> World:
    return make_world()
