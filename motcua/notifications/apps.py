from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from motcua.core.health import register_backlog

        from .selectors import outbox_backlog

        register_backlog("notifications", outbox_backlog)
