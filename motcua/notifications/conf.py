"""Notification settings with their defaults. Email goes through Django's own EMAIL_* settings.

config/settings.py fills them from the environment (README, "Configuration"); read them here.
"""

from datetime import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The class that sends SMS: anything with `send(phone, text)`. The default writes to the log.
SMS_BACKEND = "motcua.notifications.services.ConsoleSms"
# SMS go out between these clock hours of this time zone only; one queued outside them waits for the opening.
# Clock hours, whatever the day: a holiday does not change when people sleep.
SMS_HOURS = (time(7, 0), time(21, 0))
SMS_TIME_ZONE = "Asia/Ho_Chi_Minh"


def sms_backend() -> str:
    return getattr(settings, "MOTCUA_SMS_BACKEND", None) or SMS_BACKEND


def parse_hours(text: str) -> tuple[time, time] | None:
    """`MOTCUA_SMS_HOURS` from the environment: "07:00-21:00" (empty: the default)."""
    if not text.strip():
        return None
    try:
        opening, closing = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ImproperlyConfigured(f"MOTCUA_SMS_HOURS must look like 07:00-21:00, not {text!r}") from None
    return opening, closing


def sms_hours() -> tuple[time, time]:
    """(opening, closing): an SMS may go at the opening and until just before the closing; the same time twice
    (`MOTCUA_SMS_HOURS = (time(0), time(0))`): at any hour."""
    return getattr(settings, "MOTCUA_SMS_HOURS", None) or SMS_HOURS
