"""Account settings with their defaults: session idle limits and the national identity (OpenID Connect).

config/settings.py fills them from the environment (README, "Configuration"); read them here.
"""

from django.conf import settings

# Sessions end after this long without a request: short for staff at shared counter PCs, longer for citizens.
STAFF_IDLE_MINUTES = 15
CITIZEN_IDLE_MINUTES = 60
# The national identity's provider: the name on the login button, the scopes asked, the claim that holds the
# 12-digit citizen ID.
NATIONAL_IDENTITY_DEFAULTS = {
    "PROVIDER_NAME": "VNeID",
    "SCOPE": "openid profile email",
    "CITIZEN_ID_CLAIM": "citizen_id",
}


def staff_idle_minutes() -> int:
    return int(getattr(settings, "MOTCUA_STAFF_IDLE_MINUTES", STAFF_IDLE_MINUTES))


def citizen_idle_minutes() -> int:
    return int(getattr(settings, "MOTCUA_CITIZEN_IDLE_MINUTES", CITIZEN_IDLE_MINUTES))


def citizen_id_claim() -> str:
    return getattr(settings, "MOTCUA_OIDC_CITIZEN_ID_CLAIM", None) or NATIONAL_IDENTITY_DEFAULTS["CITIZEN_ID_CLAIM"]
