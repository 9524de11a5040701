"""Production options from the environment: HSTS, the trusted proxy, the shared cache, session idle limits."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .test_settings import clean_environment

ROOT = Path(__file__).resolve().parents[3]
PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'hsts': [settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "settings.SECURE_HSTS_PRELOAD], 'proxy': settings.MOTCUA_TRUST_PROXY, "
    "'ssl_header': getattr(settings, 'SECURE_PROXY_SSL_HEADER', None), 'cache': settings.CACHES['default'], "
    "'idle': [settings.MOTCUA_STAFF_IDLE_MINUTES, settings.MOTCUA_CITIZEN_IDLE_MINUTES], "
    "'misses': settings.MOTCUA_LOOKUP_MISSES_PER_HOUR, 'browser_close': settings.SESSION_EXPIRE_AT_BROWSER_CLOSE}))"
)


def run(tmp_path, **env):
    clean = clean_environment()
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "MOTCUA_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE], env=clean, cwd=ROOT, capture_output=True, text=True, check=False
    )


def read(tmp_path, **env) -> dict:
    result = run(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_suit_a_single_server_without_tls_proxy(tmp_path):
    s = read(tmp_path)
    assert s["hsts"] == [0, False, False]
    assert s["proxy"] == 0 and s["ssl_header"] is None
    assert s["cache"]["BACKEND"] == "motcua.core.cache.DatabaseCache" and s["cache"]["LOCATION"] == "motcua_cache"
    assert s["idle"] == [15, 60] and s["misses"] == 20 and s["browser_close"] is True


def test_production_options(tmp_path):
    s = read(
        tmp_path,
        MOTCUA_HSTS_SECONDS="31536000",
        MOTCUA_HSTS_INCLUDE_SUBDOMAINS="true",
        MOTCUA_HSTS_PRELOAD="1",
        MOTCUA_TRUST_PROXY="on",
        MOTCUA_CACHE_URL="redis://cache.internal:6379/1",
        MOTCUA_STAFF_IDLE_MINUTES="10",
        MOTCUA_CITIZEN_IDLE_MINUTES="45",
        MOTCUA_LOOKUP_MISSES_PER_HOUR="5",
    )
    assert s["hsts"] == [31536000, True, True]
    assert s["proxy"] == 1 and s["ssl_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }
    assert s["idle"] == [10, 45] and s["misses"] == 5
    assert read(tmp_path, MOTCUA_TRUST_PROXY="2")["proxy"] == 2


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MOTCUA_HSTS_SECONDS", "a year"),
        ("MOTCUA_STAFF_IDLE_MINUTES", "0"),
        ("MOTCUA_TRUST_PROXY", "maybe"),
        ("MOTCUA_CACHE_URL", "memcached://cache:11211"),
    ],
)
def test_a_bad_value_stops_the_start_with_its_name(tmp_path, name, value):
    result = run(tmp_path, **{name: value})
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr and name in result.stderr


@pytest.mark.django_db
def test_hsts_is_sent_on_https_through_a_trusted_proxy(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert "Strict-Transport-Security" not in client.get("/").headers  # plain HTTP
    hsts = client.get("/", headers={"X-Forwarded-Proto": "https"}).headers["Strict-Transport-Security"]
    assert hsts == "max-age=31536000; includeSubDomains"
