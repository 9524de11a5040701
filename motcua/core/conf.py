"""Core settings with their defaults: the site, the background worker, uploaded files (docs/deploy.md).

Every app that has settings keeps their defaults and a typed accessor in its own `conf.py`; code reads settings
through those accessors, never `settings.MOTCUA_…` directly. config/settings.py fills the settings from the
environment (`MOTCUA_…` variables) with these defaults, so a `conf.py` imports nothing but `django.conf` and
other `conf.py` modules (never models).
A test that overrides a setting, or drops a key of a dict setting, still gets the default for what it left out.
"""

from django.conf import settings

SITE_DEFAULTS = {
    # The province this deployment serves (code from the national list of administrative units): Hà Nội.
    "PROVINCE_CODE": "01",
    # The demo: the demo-data banner, demo logins that need no password change, the demo bank's simulator.
    "DEMO": False,
    # Where citizens reach this deployment; links in notifications and QR codes point here.
    "PUBLIC_URL": "http://127.0.0.1:8000",
}
WORKER_DEFAULTS = {
    # /readyz calls the worker stale when no worker has beaten for this many seconds.
    "STALE_SECONDS": 120,
}
# Uploaded scans: at most this many megabytes each, and PDFs of at most this many pages.
MAX_UPLOAD_MB = 20
MAX_UPLOAD_PAGES = 500
# Files kept after a form's validation error (pending uploads): for this many hours, and at most this many
# megabytes waiting per user.
PENDING_UPLOAD_HOURS = 24
PENDING_UPLOADS_MB = 200
# Proxies in front of the web server whose X-Forwarded-* headers are trusted: none.
TRUST_PROXY = 0


def site_settings() -> dict:
    return SITE_DEFAULTS | (getattr(settings, "MOTCUA", None) or {})


def demo() -> bool:
    """The deployment is the demo (MOTCUA_DEMO)."""
    return bool(site_settings()["DEMO"])


def province_code() -> str:
    return site_settings()["PROVINCE_CODE"]


def public_url() -> str:
    """The address citizens use, without a trailing slash."""
    return site_settings()["PUBLIC_URL"].rstrip("/")


def worker_settings() -> dict:
    return WORKER_DEFAULTS | (getattr(settings, "MOTCUA_WORKER", None) or {})


def max_upload_mb() -> int:
    return int(getattr(settings, "MOTCUA_MAX_UPLOAD_MB", MAX_UPLOAD_MB))


def max_upload_pages() -> int:
    return int(getattr(settings, "MOTCUA_MAX_UPLOAD_PAGES", MAX_UPLOAD_PAGES))


def pending_upload_hours() -> int:
    return int(getattr(settings, "MOTCUA_PENDING_UPLOAD_HOURS", PENDING_UPLOAD_HOURS))


def pending_uploads_mb() -> int:
    return int(getattr(settings, "MOTCUA_PENDING_UPLOADS_MB", PENDING_UPLOADS_MB))


def trusted_proxies() -> int:
    """How many reverse proxies in front of the web server append to X-Forwarded-For (0: trust none)."""
    return int(getattr(settings, "MOTCUA_TRUST_PROXY", TRUST_PROXY))
