"""The DSFR's files are served by the application itself (whitenoise), as
the demo runs it: no collectstatic, no other web server.

The browser tests go through pytest-django's live server, whose own static
handler answers before whitenoise; this checks whitenoise itself."""

import re

import pytest
from django.test import Client
from django.urls import reverse

STATIC_LINK = re.compile(r"""(?:href|src)="(/static/[^"]+)\"""")


@pytest.mark.django_db
def test_every_static_file_of_the_layout_is_served(settings: object) -> None:
    # What the demo runs (DEBUG off): files indexed once, at start.
    settings.WHITENOISE_AUTOREFRESH = False  # type: ignore[attr-defined]
    client = Client()
    page = client.get(reverse("accounts:login")).content.decode()
    links = STATIC_LINK.findall(page)
    assert any("/dsfr/" in link and link.endswith(".css") for link in links)
    assert any("/dsfr/" in link and link.endswith(".js") for link in links)

    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        b"".join(response.streaming_content)  # type: ignore[attr-defined]
