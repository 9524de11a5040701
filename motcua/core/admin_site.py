import rules
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class MotcuaAdminSite(admin.AdminSite):
    site_header = _("Một Cửa administration")
    site_title = _("Một Cửa")
    index_title = _("Units, counters, users and reference data")

    def has_permission(self, request):
        # Administrators (a staff role, or a superuser; see motcua.org.rules) manage the system through the admin;
        # deny everyone else, including staff flagged is_staff by accident. The rule itself is tested: no Django
        # model permission grants it, so asking every authentication backend would only cost queries.
        return request.user.is_active and rules.has_perm("core.use_admin", request.user)
