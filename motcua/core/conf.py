"""Core settings: `settings.MOTCUA_WORKER`, with defaults (docs/deploy.md)."""

from django.conf import settings

WORKER_DEFAULTS = {
    # /readyz calls the worker stale when no worker has beaten for this many seconds.
    "STALE_SECONDS": 120,
}


def worker_settings() -> dict:
    return WORKER_DEFAULTS | (getattr(settings, "MOTCUA_WORKER", None) or {})
