"""While the database cannot be reached, pages answer 503 with Retry-After, the API 503 JSON; other errors stay 500.

Each outage is real: the default connection of the test's thread is pointed at a closed port (PostgreSQL) or
at a file in a missing folder (SQLite), and put back afterwards."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.outage import unreachable_database

pytestmark = pytest.mark.django_db

MIDDLEWARE = "motcua.core.middleware.DatabaseUnavailableMiddleware"


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Hệ thống tạm thời gián đoạn" in html and "temporarily unavailable" in html


def test_the_middleware_sits_above_the_session_and_authentication():
    order = django_settings.MIDDLEWARE
    assert order.index(MIDDLEWARE) < order.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert order.index(MIDDLEWARE) < order.index("django.contrib.auth.middleware.AuthenticationMiddleware")


def test_a_page_answers_503_while_the_database_is_unreachable(client, tmp_path):
    with unreachable_database(tmp_path):
        response = client.get("/procedures/")
    assert_unavailable_page(response)
    assert client.get("/procedures/").status_code == 200  # and the page is back with the database


def test_a_signed_in_user_whose_session_cannot_be_read_gets_503(staff, tmp_path):
    # The session is read inside a middleware (idle expiry), where Django answers errors itself: the test client
    # would re-raise what it was told of, while a real client gets the 503.
    client = Client(raise_request_exception=False)
    client.force_login(staff.officer)
    with unreachable_database(tmp_path):
        response = client.get("/en/")
    assert_unavailable_page(response)


@pytest.mark.urls("motcua.core.tests.urls_outage")
def test_a_session_that_cannot_be_saved_answers_503(settings, tmp_path):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    client = Client(raise_request_exception=False)
    with unreachable_database(tmp_path):
        response = client.get("/remember/")
    assert_unavailable_page(response)


def test_the_api_answers_503_json(client, tmp_path):
    with unreachable_database(tmp_path):
        response = client.get("/api/v1/procedures")
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Hệ thống tạm thời gián đoạn. Vui lòng thử lại sau ít phút."}


def test_also_with_debug_on(client, settings, tmp_path):
    settings.DEBUG = True
    with unreachable_database(tmp_path):
        api = client.get("/api/v1/procedures")
        page = client.get("/procedures/")
    assert api.status_code == 503 and "detail" in api.json()
    assert_unavailable_page(page)


@pytest.mark.urls("motcua.core.tests.urls_outage")
def test_other_database_errors_are_not_hidden():
    response = Client(raise_request_exception=False).get("/broken-sql/")
    assert response.status_code == 500
