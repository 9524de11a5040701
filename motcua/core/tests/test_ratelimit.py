from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache, caches
from django.db import connection
from django.test import RequestFactory, override_settings

from motcua.core import ratelimit
from motcua.core.cache import TABLE, DatabaseCache
from tests.servers import redis_server

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def database_cache(db):
    """The default cache as configured for the run: the database's (the frozen clock governs its expiry)."""
    if not isinstance(caches["default"], DatabaseCache):
        pytest.skip("this run's cache is Redis (MOTCUA_CACHE_URL)")
    return caches["default"]


@pytest.mark.django_db
def test_allows_up_to_limit_then_refuses():
    results = [ratelimit.hit("k", limit=3, window_seconds=60) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert ratelimit.hit("other", limit=3, window_seconds=60)
    assert ratelimit.attempts("k") == 5 and ratelimit.attempts("never") == 0


@pytest.mark.django_db
def test_counts_are_in_the_shared_database_table_every_process_reads(database_cache):
    ratelimit.hit("k", limit=3, window_seconds=60)
    # Another process has a cache object of its own on the same table.
    other = caches.create_connection("default")
    assert other.incr("ratelimit:k") == 2
    assert ratelimit.attempts("k") == 2
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")  # noqa: S608 - a constant
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_a_window_lasts_from_its_first_attempt_whatever_follows(database_cache):
    with time_machine.travel(T0, tick=False) as clock:
        assert ratelimit.hit("k", limit=2, window_seconds=60)
        clock.move_to(T0 + timedelta(seconds=50))
        assert ratelimit.hit("k", limit=2, window_seconds=60)
        assert not ratelimit.hit("k", limit=2, window_seconds=60)
        clock.move_to(T0 + timedelta(seconds=61))  # the window opened at T0 is over: counting starts again
        assert ratelimit.hit("k", limit=2, window_seconds=60)
        assert ratelimit.attempts("k") == 1


@pytest.mark.django_db
def test_increment_of_a_missing_or_expired_key_is_refused(database_cache):
    with pytest.raises(ValueError):
        cache.incr("absent")
    with time_machine.travel(T0, tick=False) as clock:
        cache.set("brief", 5, timeout=10)
        assert cache.incr("brief", 2) == 7
        clock.move_to(T0 + timedelta(seconds=11))
        with pytest.raises(ValueError):
            cache.incr("brief")
        assert cache.add("brief", 1, timeout=10)


def test_redis_cache_counts_with_an_expiry(tmp_path):
    with redis_server(tmp_path) as url:
        if url is None:
            pytest.skip("redis-server is not installed")
        with override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
        ):
            assert [ratelimit.hit("k", limit=2, window_seconds=60) for _ in range(3)] == [True, True, False]
            client = cache._cache.get_client(write=True)
            assert 0 < client.ttl(cache.make_key("ratelimit:k")) <= 60
            # A key that came back without an expiry (it expired between Redis's EXISTS and INCR) gets one.
            client.set(cache.make_key("ratelimit:lost"), 0)
            assert ratelimit.hit("lost", limit=2, window_seconds=60)
            assert 0 < client.ttl(cache.make_key("ratelimit:lost")) <= 60


def _request(remote="203.0.113.9", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no trusted proxy: the header is anyone's to write
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # what the client wrote itself is ignored
        (2, "10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.1", "198.51.100.1"),
        (2, "10.0.0.2", "198.51.100.1", "10.0.0.2"),  # fewer entries than proxies: not through them all
        (1, "10.0.0.2", "not-an-address", "10.0.0.2"),
        (1, "10.0.0.2", None, "10.0.0.2"),
        (0, "2001:db8:1:2:3:4:5:6", None, "2001:db8:1:2::/64"),  # one household's IPv6 network
        (0, "::ffff:198.51.100.7", None, "198.51.100.7"),
        (0, "", None, "unknown"),
    ],
)
def test_client_address(settings, hops, remote, forwarded, expected):
    settings.MOTCUA_TRUST_PROXY = hops
    assert ratelimit.client_ip(_request(remote, forwarded)) == expected


@pytest.mark.django_db
def test_login_counts_per_address_and_per_username_whatever_its_case():
    request = _request()
    assert all(ratelimit.login_allowed(request, "Officer") for _ in range(5))
    assert all(ratelimit.login_allowed(request, " officer ") for _ in range(5))
    assert not ratelimit.login_allowed(request, "OFFICER")
    assert ratelimit.login_allowed(request, "someone-else")
