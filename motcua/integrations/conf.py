"""Settings of the National Public Service Portal sync (`settings.MOTCUA_PORTAL`), with defaults.

config/settings.py fills them from the environment (docs/portal-sync.md); read them through `portal_settings`.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PORTAL_DEFAULTS = {
    # No URL: nothing is sent; messages wait in the outbox until one is set.
    "URL": "",
    "TOKEN": "",
    # Seconds to wait for the portal (connect and each read); attempts before a message is dead.
    "TIMEOUT": 5.0,
    "MAX_ATTEMPTS": 10,
}


@dataclass(frozen=True)
class PortalSettings:
    url: str
    token: str
    timeout: float
    max_attempts: int


def portal_settings() -> PortalSettings:
    conf = getattr(settings, "MOTCUA_PORTAL", None) or {}
    url = (conf.get("URL") or "").strip()
    if url and not url.startswith(("https://", "http://")):
        raise ImproperlyConfigured("MOTCUA_PORTAL['URL'] (MOTCUA_PORTAL_URL) must be an http(s) URL.")
    return PortalSettings(
        url=url,
        token=conf.get("TOKEN") or PORTAL_DEFAULTS["TOKEN"],
        timeout=float(conf.get("TIMEOUT") or PORTAL_DEFAULTS["TIMEOUT"]),
        max_attempts=int(conf.get("MAX_ATTEMPTS") or PORTAL_DEFAULTS["MAX_ATTEMPTS"]),
    )
