"""The health check the load balancer asks: no login, one query to the
database, nothing else said."""

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries


@pytest.mark.django_db
def test_the_health_check_answers_ok_without_login_after_asking_the_database(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        response = client.get("/sante/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"].startswith("text/plain")
