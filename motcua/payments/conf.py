"""Payment settings: `settings.MOTCUA_PAYMENT`, with demo defaults that say they are demo.

config/settings.py fills them from the environment (`MOTCUA_PAYMENT_…`, docs/payments.md). In production set
the bank's four values and the callback secret (MOTCUA_PAYMENT_CALLBACK_SECRET).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from motcua.core import conf as core_conf

# The demo's bank account, the only place these values are written: 970415 is VietinBank's NAPAS BIN; the
# account and its name are made up.
DEMO_BANK = {
    "BANK_BIN": "970415",
    "BANK_NAME": "VietinBank (DEMO)",
    "ACCOUNT": "113366668888",
    "ACCOUNT_NAME": "TRUNG TAM PHUC VU HANH CHINH CONG HN (DEMO)",
}
DEFAULTS = DEMO_BANK | {
    "CALLBACK_SECRET": "",
    # The provider new QR payments go through, and where each provider's class lives.
    "PROVIDER": "demobank",
    "PROVIDERS": {"demobank": "motcua.payments.providers.DemoBankProvider"},
    # Receipt numbers: <series><year>-<6 digits>, e.g. BL2026-000123.
    "RECEIPT_SERIES": "BL",
}
# Signs the demo bank's callbacks when no secret is configured; accepted only in demo or DEBUG mode.
DEMO_CALLBACK_SECRET = "demo-only-callback-secret-never-use-in-production"  # noqa: S105


def payment_settings() -> dict:
    return DEFAULTS | (getattr(settings, "MOTCUA_PAYMENT", None) or {})


def demo_mode() -> bool:
    """The demo bank may be used: in the demo or with DEBUG on."""
    return bool(settings.DEBUG or core_conf.demo())


def callback_secret() -> bytes:
    secret = payment_settings().get("CALLBACK_SECRET") or ""
    if not secret:
        if not demo_mode():
            raise ImproperlyConfigured("MOTCUA_PAYMENT['CALLBACK_SECRET'] (MOTCUA_PAYMENT_CALLBACK_SECRET) is not set.")
        secret = DEMO_CALLBACK_SECRET
    return secret.encode()
