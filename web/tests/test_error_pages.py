"""The error pages: in French, with a way out, and revealing nothing."""

import re
import uuid
from typing import Any

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.views.defaults import permission_denied

from quorum.testing import PASSWORD, Personas, World, pass_second_step

pytestmark = pytest.mark.django_db

NOT_FOUND = "Page introuvable : elle n'existe pas, ou vous n'y avez pas accès."
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="(?P<token>[^"]+)"')
NONCE = re.compile(r'nonce="(?P<nonce>[^"]+)"')


@login_not_required
def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("panne simulée")


# A URL configuration for the 500 test only (``pytest.mark.urls``): the
# project has no page that fails on purpose.
urlpatterns = [path("panne/", _broken)]


def _page(response: Any) -> str:
    """The page without what changes at each rendering (CSRF token, nonce)."""
    return NONCE.sub("", TOKEN.sub("", response.content.decode()))


def _token(page: str) -> str:
    found = TOKEN.search(page)
    assert found is not None, "no CSRF token in the page"
    return found["token"]


def test_unknown_url_gets_the_french_404(client: Client, personas: Personas) -> None:
    for user in (None, personas.secretaire):
        if user is not None:
            client.force_login(user)
        response = client.get("/saint-test/nulle-part/")
        assert response.status_code == 404
        page = response.content.decode()
        assert NOT_FOUND in page
        assert 'href="/"' in page
        assert "Not Found" not in page
        assert "requested resource" not in page


def test_a_refused_object_gets_the_same_404_as_a_missing_one(
    client: Client, world: World
) -> None:
    """The agent is not in the Commission des finances: its document and a
    document that never existed answer the same page."""
    client.force_login(world.personas.agent)

    def detail(document_id: object) -> Any:
        return client.get(reverse("documents:detail", args=[world.slug, document_id]))

    refused, missing = detail(world.finances_doc.id), detail(uuid.uuid4())

    assert refused.status_code == missing.status_code == 404
    assert NOT_FOUND in refused.content.decode()
    assert _page(refused) == _page(missing)
    assert "Budget primitif" not in refused.content.decode()


def test_another_collectivite_gets_the_same_404_as_none(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.outsider)

    refused = client.get(reverse("web:dashboard", args=["saint-test"]))
    missing = client.get(reverse("web:dashboard", args=["nulle-commune"]))

    assert refused.status_code == missing.status_code == 404
    assert _page(refused) == _page(missing)
    assert "Saint-Test" not in refused.content.decode()


def test_a_get_on_a_post_only_url_explains_in_french(
    client: Client, personas: Personas
) -> None:
    """The logout is a form's button; its address opened from a bookmark
    used to answer an empty page."""
    client.force_login(personas.secretaire)
    came_from = "http://testserver" + reverse("web:dashboard", args=["saint-test"])

    response = client.get(reverse("accounts:logout"), headers={"referer": came_from})

    assert response.status_code == 405
    assert "POST" in response["Allow"]
    page = response.content.decode()
    assert "Cette action se fait depuis un bouton de la page" in page
    assert f'href="{came_from}"' in page
    # The page's scripts carry the nonce that the policy allows.
    nonce = NONCE.search(page)
    assert nonce is not None
    assert f"'nonce-{nonce['nonce']}'" in response["Content-Security-Policy"]
    # The person is still logged in: nothing was done.
    assert client.get(reverse("web:home")).status_code in (200, 302)
    assert "_auth_user_id" in client.session


def test_the_405_page_leads_home_when_coming_from_elsewhere(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.secretaire)

    response = client.get(
        reverse("accounts:logout"), headers={"referer": "https://ailleurs.example/"}
    )

    page = response.content.decode()
    assert response.status_code == 405
    assert "ailleurs.example" not in page
    assert 'href="/"' in page


def test_a_comment_sent_from_a_stale_page_is_shown_back(world: World) -> None:
    """The tester's case: the page of a new discussion stays open, the
    person logs out and in again in another tab, then sends the comment."""
    client = Client(enforce_csrf_checks=True)
    secretaire = world.personas.secretaire
    client.force_login(secretaire)
    new_thread = reverse(
        "discussions:new_thread", args=[world.slug, world.finances_doc.id]
    )
    stale_token = _token(client.get(new_thread).content.decode())

    # Another tab: logout, then login through the form (a new CSRF cookie).
    client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": stale_token})
    login_page = client.get(reverse("accounts:login")).content.decode()
    logged_in = client.post(
        reverse("accounts:login"),
        {
            "csrfmiddlewaretoken": _token(login_page),
            "username": secretaire.email,
            "password": PASSWORD,
        },
    )
    pass_second_step(client, logged_in, secretaire.email)

    comment = "Je propose de revoir la ligne 12 <avant> le vote & la séance."
    response = client.post(
        new_thread,
        {
            "csrfmiddlewaretoken": stale_token,
            "body": comment,
            "api_token": "jeton-secret-123",
        },
        headers={"referer": "http://testserver" + new_thread},
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert "la page n'était plus à jour" in page
    assert "readonly" in page
    assert (
        "Je propose de revoir la ligne 12 &lt;avant&gt; le vote &amp; la séance."
        in page
    )
    assert "jeton-secret-123" not in page
    assert stale_token not in page
    assert f'href="http://testserver{new_thread}"' in page
    assert not world.finances_doc.threads.exists()


def test_the_csrf_page_never_shows_a_password(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post(
        reverse("accounts:login"),
        {"username": personas.secretaire.email, "password": "mot-de-passe-tape"},
        headers={"referer": "https://ailleurs.example/connexion/"},
    )

    page = response.content.decode()
    assert response.status_code == 403
    assert personas.secretaire.email in page
    assert "mot-de-passe-tape" not in page
    assert "ailleurs.example" not in page
    assert "Forbidden" not in page


@pytest.mark.urls(__name__)
def test_a_server_error_gets_the_french_500() -> None:
    client = Client(raise_request_exception=False)

    response = client.get("/panne/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "Erreur technique" in page
    assert "panne simulée" not in page
    assert "dsfr.min.css" in page
    assert 'href="/"' in page


def test_the_500_page_renders_without_any_context() -> None:
    page = get_template("500.html").render()

    assert "Un problème est survenu de notre côté" in page


def test_the_403_page_is_in_french(rf: RequestFactory, personas: Personas) -> None:
    """No page of the project refuses with a 403 (they answer 404), but
    Django's own refusals (PermissionDenied) get a French page."""
    request = rf.get("/")
    request.user = personas.secretaire

    response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    page = response.content.decode()
    assert "Vous n'avez pas le droit de faire cette action" in page
    assert 'href="/"' in page
