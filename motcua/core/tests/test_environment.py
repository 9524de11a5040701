"""The environment's names: one prefix, the old names for one release, the defaults in the apps' conf.py."""

import json
import logging
import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from config.env import CONVENTIONS, PREFIX, READ, env, env_bool, env_int
from motcua.accounts import conf as accounts_conf
from motcua.core import conf as core_conf
from motcua.dossiers import conf as dossiers_conf
from motcua.integrations import conf as integrations_conf
from motcua.notifications import conf as notifications_conf
from motcua.payments import conf as payments_conf

from .test_settings import clean_environment

ROOT = Path(__file__).resolve().parents[3]
PROBE = (
    "import json, django; from django.conf import settings as s; django.setup(); "
    "print(json.dumps({'site': s.MOTCUA, 'worker': s.MOTCUA_WORKER, 'payment': s.MOTCUA_PAYMENT, "
    "'portal': s.MOTCUA_PORTAL, 'upload': [s.MOTCUA_MAX_UPLOAD_MB, s.MOTCUA_MAX_UPLOAD_PAGES], "
    "'lookup': [s.MOTCUA_LOOKUP_PER_MINUTE, s.MOTCUA_LOOKUP_MISSES_PER_HOUR], 'sms': s.MOTCUA_SMS_BACKEND, "
    "'claim': s.MOTCUA_OIDC_CITIZEN_ID_CLAIM, 'idle': [s.MOTCUA_STAFF_IDLE_MINUTES, s.MOTCUA_CITIZEN_IDLE_MINUTES], "
    "'proxy': s.MOTCUA_TRUST_PROXY, 'db': s.DATABASES['default']['NAME'], 'debug': s.DEBUG}))"
)
SETTINGS_LOGGER = "motcua.settings"


def probe(tmp_path, **env) -> tuple[dict, str]:
    """The settings a fresh interpreter reads from this environment, and what it wrote to standard error."""
    clean = clean_environment() | {"DJANGO_SETTINGS_MODULE": "config.settings", "MOTCUA_VAR_DIR": str(tmp_path)}
    done = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE], env=clean | env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


# The deprecation path, one read at a time.


def test_an_old_name_is_still_read_with_a_warning_that_names_the_new_one(monkeypatch, caplog):
    monkeypatch.delenv("MOTCUA_PORTAL_TOKEN", raising=False)
    monkeypatch.setenv("PORTAL_TOKEN", "old-token")
    deprecated = pytest.warns(DeprecationWarning, match=r"PORTAL_TOKEN is deprecated .* set MOTCUA_PORTAL_TOKEN")
    with caplog.at_level(logging.WARNING, logger=SETTINGS_LOGGER), deprecated:
        assert env("MOTCUA_PORTAL_TOKEN", "", old="PORTAL_TOKEN") == "old-token"
    [record] = [r for r in caplog.records if r.name == SETTINGS_LOGGER]
    assert record.levelno == logging.WARNING and "MOTCUA_PORTAL_TOKEN" in record.getMessage()


def test_typed_reads_take_the_old_name_too(monkeypatch):
    monkeypatch.delenv("MOTCUA_LOOKUP_PER_MINUTE", raising=False)
    monkeypatch.delenv("MOTCUA_SECURE_COOKIES", raising=False)
    monkeypatch.setenv("LOOKUP_PER_MINUTE", "7")
    monkeypatch.setenv("SECURE_COOKIES", "on")
    with pytest.warns(DeprecationWarning, match="MOTCUA_LOOKUP_PER_MINUTE"):
        assert env_int("MOTCUA_LOOKUP_PER_MINUTE", 60, old="LOOKUP_PER_MINUTE") == 7
    with pytest.warns(DeprecationWarning, match="MOTCUA_SECURE_COOKIES"):
        assert env_bool("MOTCUA_SECURE_COOKIES", False, old="SECURE_COOKIES") is True


def test_the_new_name_wins_when_both_are_set_and_nothing_is_said(monkeypatch, caplog):
    monkeypatch.setenv("MOTCUA_PORTAL_TOKEN", "new-token")
    monkeypatch.setenv("PORTAL_TOKEN", "old-token")
    with caplog.at_level(logging.WARNING, logger=SETTINGS_LOGGER), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert env("MOTCUA_PORTAL_TOKEN", "", old="PORTAL_TOKEN") == "new-token"
        monkeypatch.setenv("MOTCUA_PORTAL_TOKEN", "")  # set, though empty: still the new name's
        assert env("MOTCUA_PORTAL_TOKEN", "default", old="PORTAL_TOKEN") == ""
    assert not [r for r in caplog.records if r.name == SETTINGS_LOGGER]


def test_neither_name_set_is_the_default(monkeypatch):
    monkeypatch.delenv("MOTCUA_PORTAL_TOKEN", raising=False)
    monkeypatch.delenv("PORTAL_TOKEN", raising=False)
    assert env("MOTCUA_PORTAL_TOKEN", "default", old="PORTAL_TOKEN") == "default"


def test_database_url_is_a_convention_accepted_without_a_warning(monkeypatch):
    monkeypatch.delenv("MOTCUA_DATABASE_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgres://db/conventional")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert env("MOTCUA_DATABASE_URL", convention="DATABASE_URL") == "postgres://db/conventional"
        monkeypatch.setenv("MOTCUA_DATABASE_URL", "postgres://db/ours")
        assert env("MOTCUA_DATABASE_URL", convention="DATABASE_URL") == "postgres://db/ours"


def test_a_name_without_the_prefix_is_refused():
    with pytest.raises(ValueError, match="MOTCUA_"):
        env("PORTAL_URL")


# The same through the whole settings module, in a fresh interpreter.


def test_settings_read_old_names_and_say_which_new_ones_to_set(tmp_path):
    s, stderr = probe(
        tmp_path,
        LOOKUP_PER_MINUTE="7",
        PAYMENT_BANK_BIN="970436",
        MAX_UPLOAD_MB="5",
        PORTAL_URL="https://old.example/",
        MOTCUA_PORTAL_URL="https://new.example/",
        DATABASE_URL=f"sqlite:///{tmp_path / 'conventional.sqlite3'}",
    )
    assert s["lookup"][0] == 7 and s["payment"]["BANK_BIN"] == "970436" and s["upload"][0] == 5
    assert s["portal"]["URL"] == "https://new.example/"
    assert s["db"] == str(tmp_path / "conventional.sqlite3")
    said = set(re.findall(r"The environment variable (\w+) is deprecated .*: set (\w+)\.", stderr))
    assert said == {
        ("LOOKUP_PER_MINUTE", "MOTCUA_LOOKUP_PER_MINUTE"),
        ("PAYMENT_BANK_BIN", "MOTCUA_PAYMENT_BANK_BIN"),
        ("MAX_UPLOAD_MB", "MOTCUA_MAX_UPLOAD_MB"),
    }


def test_without_any_variable_the_settings_are_the_conf_defaults(tmp_path):
    s, stderr = probe(tmp_path)
    assert "deprecated" not in stderr
    assert s["site"] == core_conf.SITE_DEFAULTS and s["worker"] == core_conf.WORKER_DEFAULTS
    assert s["upload"] == [core_conf.MAX_UPLOAD_MB, core_conf.MAX_UPLOAD_PAGES] and s["proxy"] == 0
    assert s["payment"] == {key: payments_conf.DEFAULTS[key] for key in s["payment"]}
    assert {key: s["payment"][key] for key in payments_conf.DEMO_BANK} == payments_conf.DEMO_BANK
    assert s["portal"] == integrations_conf.PORTAL_DEFAULTS
    assert s["lookup"] == [dossiers_conf.LOOKUP_PER_MINUTE, dossiers_conf.LOOKUP_MISSES_PER_HOUR]
    assert s["sms"] == notifications_conf.SMS_BACKEND
    assert s["claim"] == accounts_conf.NATIONAL_IDENTITY_DEFAULTS["CITIZEN_ID_CLAIM"]
    assert s["idle"] == [accounts_conf.STAFF_IDLE_MINUTES, accounts_conf.CITIZEN_IDLE_MINUTES]


# Names and documentation.


def test_every_variable_has_the_prefix_and_is_documented():
    readme = (ROOT / "README.md").read_text()
    table = readme[readme.index("## Configuration") :]
    table = table[: table.index("\n## ", 1)]
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    renamed = deploy[deploy.index("Renamed variables") :]
    assert len(READ) > 40
    for name, old in READ.items():
        assert name.startswith(PREFIX), name
        assert f"`{name}`" in table, f"{name} is missing from README.md's configuration table"
        if old:
            assert f"`{old}`" in renamed, f"{old} is missing from docs/deploy.md's renamed variables"
    assert CONVENTIONS == {"MOTCUA_DATABASE_URL": "DATABASE_URL"}


# The accessors in conf.py: a setting left out (a test's override, an older settings file) takes the default.


def test_accessors_give_the_default_of_what_a_setting_leaves_out(settings):
    del settings.MOTCUA_LOOKUP_PER_MINUTE
    del settings.MOTCUA_MAX_UPLOAD_MB
    del settings.MOTCUA_SMS_BACKEND
    del settings.MOTCUA_OIDC_CITIZEN_ID_CLAIM
    del settings.MOTCUA_STAFF_IDLE_MINUTES
    del settings.MOTCUA_TRUST_PROXY
    settings.MOTCUA = {"DEMO": True}
    settings.MOTCUA_PAYMENT = {"CALLBACK_SECRET": "s"}
    settings.MOTCUA_PORTAL = {"URL": "https://portal.example/"}
    settings.MOTCUA_WORKER = {}
    assert dossiers_conf.lookup_per_minute() == 60 and core_conf.max_upload_mb() == 20
    assert notifications_conf.sms_backend() == "motcua.notifications.services.ConsoleSms"
    assert accounts_conf.citizen_id_claim() == "citizen_id" and accounts_conf.staff_idle_minutes() == 15
    assert core_conf.trusted_proxies() == 0 and core_conf.worker_settings()["STALE_SECONDS"] == 120
    assert core_conf.demo() is True and core_conf.province_code() == "01"
    assert core_conf.public_url() == "http://127.0.0.1:8000"
    payment = payments_conf.payment_settings()
    assert payment["CALLBACK_SECRET"] == "s" and payment["BANK_BIN"] == "970415" and payment["PROVIDER"] == "demobank"
    portal = integrations_conf.portal_settings()
    assert (portal.url, portal.token, portal.timeout, portal.max_attempts) == ("https://portal.example/", "", 5.0, 10)
