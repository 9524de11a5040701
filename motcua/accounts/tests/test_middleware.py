"""Sessions end after inactivity and at browser close; personal responses are never cached."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, HttpResponse
from django.test import RequestFactory

from motcua.accounts.middleware import PrivateResponseMiddleware
from tests.builders import PASSWORD, a_citizen, a_user

pytestmark = pytest.mark.django_db
T0 = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
LOGGED_IN = "Xin chào"


def session_saved(response) -> bool:
    return "sessionid" in response.cookies


def test_staff_session_ends_after_15_idle_minutes_and_is_written_at_most_once_a_minute(client):
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(a_user(full_name="Nguyễn Văn An"))  # logging in stamps the session
        first = client.get("/")
        assert LOGGED_IN in first.content.decode() and not session_saved(first)
        clock.move_to(T0 + timedelta(seconds=59))
        assert not session_saved(client.get("/"))  # no write within the minute
        clock.move_to(T0 + timedelta(seconds=61))
        stamped = client.get("/")
        assert LOGGED_IN in stamped.content.decode() and session_saved(stamped)
        # The session cookie lasts until the browser closes.
        assert stamped.cookies["sessionid"]["expires"] == "" and stamped.cookies["sessionid"]["max-age"] == ""
        clock.move_to(T0 + timedelta(seconds=61, minutes=15))
        assert LOGGED_IN in client.get("/").content.decode()  # exactly 15 minutes idle: still in
        clock.move_to(T0 + timedelta(seconds=62, minutes=30))
        html = client.get("/").content.decode()
        assert LOGGED_IN not in html and "15 phút" in html
        assert client.get("/my-units/").status_code == 302


def test_a_login_through_the_page_starts_the_idle_clock(client):
    a_user(username="officer")
    with time_machine.travel(T0, tick=False) as clock:
        client.post("/login/", {"username": "officer", "password": PASSWORD})
        clock.move_to(T0 + timedelta(minutes=16))
        assert LOGGED_IN not in client.get("/").content.decode()


def test_citizens_have_a_longer_idle_limit(client):
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(a_citizen())
        clock.move_to(T0 + timedelta(minutes=50))
        assert LOGGED_IN in client.get("/").content.decode()
        clock.move_to(T0 + timedelta(minutes=111))
        assert LOGGED_IN not in client.get("/").content.decode()


def test_idle_limits_come_from_settings(client, settings):
    settings.MOTCUA_STAFF_IDLE_MINUTES = 2
    with time_machine.travel(T0, tick=False) as clock:
        client.force_login(a_user())
        clock.move_to(T0 + timedelta(minutes=3))
        assert LOGGED_IN not in client.get("/").content.decode()


def test_responses_to_logged_in_users_are_private_and_not_stored(client):
    public = client.get("/procedures/")
    assert "no-store" not in public.headers.get("Cache-Control", "")
    client.force_login(a_citizen())
    for path in ("/", "/procedures/", "/my/dossiers/"):
        directives = {d.strip() for d in client.get(path).headers["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, path
    assert "no-store" in client.get("/api/v1/provinces").headers["Cache-Control"]


def test_every_file_download_is_private_and_not_stored():
    middleware = PrivateResponseMiddleware(lambda request: FileResponse(io.BytesIO(b"%PDF"), filename="a.pdf"))
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert {"private", "no-store"} <= {d.strip() for d in middleware(request).headers["Cache-Control"].split(",")}

    def export(request):
        response = HttpResponse(b"a;b", content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="bao-cao.csv"'
        return response

    assert "no-store" in PrivateResponseMiddleware(export)(request).headers["Cache-Control"]
    assert not PrivateResponseMiddleware(lambda request: HttpResponse("public"))(request).has_header("Cache-Control")
