from django.core.checks import Warning, register

from .conf import demo_mode, payment_settings


@register("payments", deploy=True)
def callback_secret_set(app_configs, **kwargs):
    """Outside the demo, bank callbacks cannot be verified without a secret: say so at deploy time."""
    if demo_mode() or payment_settings().get("CALLBACK_SECRET"):
        return []
    return [
        Warning(
            "No payment callback secret: bank confirmations will be refused.",
            hint="Set MOTCUA_PAYMENT_CALLBACK_SECRET (MOTCUA_PAYMENT['CALLBACK_SECRET']).",
            id="payments.W001",
        )
    ]
