"""What every bad-input test checks: no error page, a French message that
says what is wrong, and nothing half stored."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.http import HttpResponse
from django.test import Client

from quorum.testing import Personas

ERROR = re.compile(
    r'class="[^"]*(?:fr-error-text|fr-message--error|fr-alert--error)[^"]*"[^>]*>'
    r"(.*?)</(?:li|p|div)>",
    re.S,
)
TAG = re.compile(r"<[^>]+>")
# Words of Django's or Python's English messages, that a person here would
# not understand.
ENGLISH = re.compile(
    r"\b(?:the|field|invalid|enter a|required|must|error|exception|traceback|"
    r"none|null)\b",
    re.I,
)


def project_models() -> list[type[Model]]:
    base = Path(settings.BASE_DIR).resolve()
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == base
        for model in config.get_models()
    ]


def snapshot() -> dict[str, int]:
    """How many rows each of Quorum's tables holds."""
    return {
        model._meta.label: model._default_manager.count() for model in project_models()
    }


def changed(
    before: dict[str, int], after: dict[str, int]
) -> dict[str, tuple[int, int]]:
    return {
        name: (before[name], after[name])
        for name in before
        if before[name] != after[name]
    }


def error_messages(response: HttpResponse) -> list[str]:
    html = response.content.decode(errors="replace")
    return [
        " ".join(TAG.sub(" ", found).split())
        for found in ERROR.findall(html)
        if TAG.sub("", found).strip()
    ]


def assert_french_refusal(response: HttpResponse, *, expect: str | None = None) -> None:
    """A page (no error page) that says in French what to change."""
    assert response.status_code < 500, response.status_code
    messages = error_messages(response)
    assert messages, "no error message shown"
    text = " ".join(messages)
    assert not ENGLISH.search(text), text
    assert re.search(r"[a-zàâçéèêëîïôûù]{3}", text), text
    if expect is not None:
        assert expect in text, text


@pytest.fixture
def manager(client: Client, personas: Personas) -> Client:
    """The secrétaire de mairie, who administers Saint-Test."""
    client.force_login(personas.secretaire)
    return client
