from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "kind", "email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["username", "full_name", "email", "citizen_id"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["kind", "full_name", "citizen_id", "email", "phone"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "kind", "full_name", "password1", "password2"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    # Permissions come from roles in units (memberships), checked through django-rules.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("accounts.view_user", obj)

    def has_add_permission(self, request):
        return request.user.has_perm("accounts.add_user")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("accounts.change_user", obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("accounts.delete_user", obj)

    def has_module_permission(self, request):
        return request.user.has_perm("accounts")
