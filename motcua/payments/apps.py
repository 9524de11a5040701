from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "motcua.payments"
    label = "payments"
    verbose_name = _("Payments")

    def ready(self) -> None:
        from motcua.dossiers.actions import Action
        from motcua.dossiers.services import action_provide

        from . import checks  # noqa: F401  (registers the configuration check)
        from .services import payment_mark_paid

        action_provide(Action.MARK_PAID, payment_mark_paid)  # payments owns the rule that the fees are paid
