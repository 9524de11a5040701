"""Rate limits hold in total over several server processes (gunicorn workers), not per process.

The servers run on the test database (on SQLite, a file copy of it that they share), with the shared cache the
deployment would use: the database cache by default, Redis when MOTCUA_CACHE_URL says so.
"""

import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load import find_gunicorn, serve
from tests.servers import redis_server, shared_database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(find_gunicorn() is None, reason="gunicorn is not installed"),
]
WORKERS = 3


@pytest.fixture
def redis_url(tmp_path):
    with redis_server(tmp_path) as url:
        if url is None:
            pytest.skip("redis-server is not installed")
        yield url


class Browser:
    """Plain HTTP against one server: a CSRF cookie, form posts, status codes (redirects are not followed)."""

    def __init__(self, url: str):
        self.url = url
        self.opener = urllib.request.build_opener(_NoRedirect)
        with self.opener.open(f"{url}/login/") as response:
            cookie = response.headers.get_all("Set-Cookie")
        self.csrf = next(c.split(";")[0].split("=", 1)[1] for c in cookie if c.startswith("csrftoken="))

    def status(self, path: str, form: dict | None = None) -> int:
        data = urllib.parse.urlencode({**form, "csrfmiddlewaretoken": self.csrf}).encode() if form else None
        request = urllib.request.Request(f"{self.url}{path}", data=data)  # noqa: S310 - our own loopback server
        request.add_header("Cookie", f"csrftoken={self.csrf}")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _at_once(count: int, attempt) -> Counter:
    """`count` attempts sent together, so that every worker takes some of them."""
    with ThreadPoolExecutor(2 * WORKERS) as pool:
        return Counter(pool.map(attempt, range(count)))


@pytest.mark.parametrize("cache", ["database", "redis"])
def test_login_admin_login_and_lookup_limits_hold_over_three_workers(cache, request, tmp_path, monkeypatch):
    monkeypatch.setenv("MOTCUA_LOOKUP_PER_MINUTE", "6")
    monkeypatch.setenv("MOTCUA_LOOKUP_MISSES_PER_HOUR", "1000")
    if cache == "redis":
        monkeypatch.setenv("MOTCUA_CACHE_URL", request.getfixturevalue("redis_url"))
    else:
        monkeypatch.delenv("MOTCUA_CACHE_URL", raising=False)

    with serve(database_url=shared_database_url(tmp_path), workers=WORKERS, settings="tests.server_settings") as server:
        assert len(server.worker_pids()) == WORKERS
        browser = Browser(server.url)

        # The staff login allows 10 attempts per username in five minutes, in total.
        wrong = {"username": "officer", "password": "not-the-password"}
        assert _at_once(15, lambda _: browser.status("/login/", wrong)) == {200: 10, 429: 5}

        # The admin login is limited too, and shares the staff login's count for a username.
        def either_login(i):
            return browser.status("/admin/login/" if i % 2 else "/login/", {**wrong, "username": "director"})

        assert _at_once(12, either_login) == {200: 10, 429: 2}
        assert browser.status("/admin/login/", {**wrong, "username": "leader"}) == 200

        # The public lookup allows MOTCUA_LOOKUP_PER_MINUTE per address, page and API together.
        def lookup(i):
            return browser.status(f"/api/v1/lookup/NONE-{i}" if i % 2 else f"/lookup/?code=NONE-{i}")

        answered = _at_once(10, lookup)
        assert answered[429] == 4 and answered[200] + answered[404] == 6
