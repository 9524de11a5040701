"""Settings come from the environment: check each variable in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

from config.env import CONVENTIONS, PREFIX, READ

ROOT = Path(__file__).resolve().parents[3]

PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'engine': db['ENGINE'], 'name': str(db['NAME']), 'host': db.get('HOST'), "
    "'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, 'key': settings.SECRET_KEY, "
    "'tz': settings.TIME_ZONE, 'lang': settings.LANGUAGE_CODE, 'media': str(settings.MEDIA_ROOT), "
    "'storage': settings.STORAGES['default']['BACKEND']}))"
)


def clean_environment() -> dict:
    """This process's environment without any variable the settings read, under its new or old name."""
    ours = set(READ) | {name for name in READ.values() if name} | set(CONVENTIONS.values())
    return {k: v for k, v in os.environ.items() if k not in ours and not k.startswith(PREFIX)}


def read_settings(tmp_path, **env):
    clean = clean_environment()
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "MOTCUA_VAR_DIR": str(tmp_path), **env})
    out = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", PROBE], env=clean, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_defaults_are_sqlite_under_var_with_debug_off(tmp_path):
    s = read_settings(tmp_path)
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(tmp_path / "motcua.sqlite3")
    assert s["debug"] is False
    assert s["tz"] == "Asia/Ho_Chi_Minh"
    assert s["lang"] == "vi"
    assert s["media"] == str(tmp_path / "media")
    assert s["storage"] == "django.core.files.storage.FileSystemStorage"


def test_database_url_selects_postgresql(tmp_path):
    s = read_settings(tmp_path, MOTCUA_DATABASE_URL="postgres://mc:pw@db.example:5433/motcua")
    assert s["engine"] == "django.db.backends.postgresql"
    assert (s["name"], s["host"]) == ("motcua", "db.example")


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = read_settings(tmp_path)["key"]
    assert len(first) >= 50
    assert read_settings(tmp_path)["key"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert read_settings(tmp_path, MOTCUA_SECRET_KEY="from-env")["key"] == "from-env"


def test_debug_and_allowed_hosts_from_environment(tmp_path):
    s = read_settings(tmp_path, MOTCUA_DEBUG="true", MOTCUA_ALLOWED_HOSTS="motcua.hanoi.gov.vn, 10.0.0.5")
    assert s["debug"] is True
    assert s["hosts"] == ["motcua.hanoi.gov.vn", "10.0.0.5"]
