from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "motcua.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (registers the configuration check, connects the calendar-cache receiver)


class MotcuaAdminConfig(DjangoAdminConfig):
    default = False
    default_site = "motcua.core.admin_site.MotcuaAdminSite"
