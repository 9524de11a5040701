"""Dossier settings with their defaults: the public lookup's rate limits (docs/logins-and-limits.md).

config/settings.py fills them from the environment (README, "Configuration"); read them here.
"""

from django.conf import settings

# Lookups per client address and minute (page and API together), and lookups of codes that match no dossier
# per client address and hour: past that, the address gets no answer at all for the rest of the hour.
LOOKUP_PER_MINUTE = 60
LOOKUP_MISSES_PER_HOUR = 20


def lookup_per_minute() -> int:
    return int(getattr(settings, "MOTCUA_LOOKUP_PER_MINUTE", LOOKUP_PER_MINUTE))


def lookup_misses_per_hour() -> int:
    return int(getattr(settings, "MOTCUA_LOOKUP_MISSES_PER_HOUR", LOOKUP_MISSES_PER_HOUR))
