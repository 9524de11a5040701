from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "motcua.integrations"
    label = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from motcua.core.health import register_backlog

        from .selectors import portal_backlog

        register_backlog("portal", portal_backlog)
