"""Payment settings: `settings.MOTCUA_PAYMENT`, with demo defaults that say they are demo.

In production set every key; CALLBACK_SECRET comes from the environment (PAYMENT_CALLBACK_SECRET).
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEMO_DEFAULTS = {
    # 970415 is VietinBank's NAPAS BIN; the account and its name are made up for the demo.
    "BANK_BIN": "970415",
    "BANK_NAME": "VietinBank (DEMO)",
    "ACCOUNT": "113366668888",
    "ACCOUNT_NAME": "TRUNG TAM PHUC VU HANH CHINH CONG HN (DEMO)",
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
    return DEMO_DEFAULTS | getattr(settings, "MOTCUA_PAYMENT", {})


def demo_mode() -> bool:
    return bool(settings.DEBUG or getattr(settings, "MOTCUA", {}).get("DEMO"))


def callback_secret() -> bytes:
    secret = payment_settings().get("CALLBACK_SECRET") or ""
    if not secret:
        if not demo_mode():
            raise ImproperlyConfigured("MOTCUA_PAYMENT['CALLBACK_SECRET'] (PAYMENT_CALLBACK_SECRET) is not set.")
        secret = DEMO_CALLBACK_SECRET
    return secret.encode()
