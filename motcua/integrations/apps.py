from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    label = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from motcua.core.health import register_backlog
        from motcua.dossiers import events

        from .outbox import portal_enqueue_new
        from .selectors import portal_backlog

        register_backlog("portal", portal_backlog)
        # The portal hears of every status change, in the transaction of the change.
        events.subscribe(portal_enqueue_new)
