import rules
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import ratelimit


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login: administrators are known by their role (the `core.use_admin` rule), not by Django's
    `is_staff` flag, which no administrator has; Django's form refused them as if the password were wrong."""

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if not rules.has_perm("core.use_admin", user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class MotcuaAdminSite(admin.AdminSite):
    login_form = AdminLoginForm
    site_header = _("Một Cửa administration")
    site_title = _("Một Cửa")
    index_title = _("Units, counters, users and reference data")

    def has_permission(self, request):
        # Administrators (a staff role, or a superuser; see motcua.org.rules) manage the system through the admin;
        # deny everyone else, including staff flagged is_staff by accident. The rule itself is tested: no Django
        # model permission grants it, so asking every authentication backend would only cost queries.
        return request.user.is_active and rules.has_perm("core.use_admin", request.user)

    def login(self, request, extra_context=None):
        # The same limit as the staff login page, on the same counts: two doors do not double the attempts.
        if request.method == "POST" and not ratelimit.login_allowed(request, request.POST.get("username", "")):
            messages.error(request, gettext("Too many login attempts. Please wait five minutes and try again."))
            context = {
                **self.each_context(request),
                "title": gettext("Log in"),
                "subtitle": None,
                "app_path": request.get_full_path(),
                "username": request.user.get_username(),
                "form": AdminLoginForm(request),
                **(extra_context or {}),
            }
            request.current_app = self.name
            return TemplateResponse(request, self.login_template or "admin/login.html", context, status=429)
        return super().login(request, extra_context)
