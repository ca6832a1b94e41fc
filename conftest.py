import os
from pathlib import Path

import pytest
from django.conf import settings

from quorum.testing import Personas, make_personas

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"  # type: ignore[attr-defined]
    settings.MAILERS = {
        "default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    }  # type: ignore[attr-defined]
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}
    }  # type: ignore[attr-defined]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    for template in settings.TEMPLATES:  # type: ignore[attr-defined]
        template["OPTIONS"]["string_if_invalid"] = InvalidVariable("%s")


class InvalidVariable(str):
    """Fails any test whose template uses a variable that does not exist."""

    def __mod__(self, other: object) -> str:
        raise AssertionError(f"Variable de gabarit inconnue : {other!r}")


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


@pytest.fixture
def corpus_dir() -> Path:
    """The real documents beside the project; CI always has them."""
    path = Path(settings.QUORUM_CORPUS_DIR)
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"Le corpus est introuvable : {path}")
        pytest.skip(f"corpus absent de cette machine ({path})")
    return path
