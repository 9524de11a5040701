"""Notification settings with their defaults. Email goes through Django's own EMAIL_* settings.

config/settings.py fills them from the environment (README, "Configuration"); read them here.
"""

from django.conf import settings

# The class that sends SMS: anything with `send(phone, text)`. The default writes to the log.
SMS_BACKEND = "motcua.notifications.services.ConsoleSms"


def sms_backend() -> str:
    return getattr(settings, "MOTCUA_SMS_BACKEND", None) or SMS_BACKEND
