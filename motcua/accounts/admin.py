from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import IdentitySource, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "kind", "email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["username", "full_name", "email", "citizen_id"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["kind", "full_name", "citizen_id", "email", "phone"]}),
        (_("Identity"), {"fields": ["identity_verified_via", "identity_verified_at"]}),
        (_("Status"), {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "kind", "full_name", "password1", "password2"]}),
    ]
    readonly_fields = ["identity_verified_via", "identity_verified_at", "last_login", "date_joined"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "citizen_id" in form.base_fields:
            form.base_fields["citizen_id"].help_text = _(
                "Set or change it only after checking the person's ID card: saving records your check as the "
                "verification of this citizen ID."
            )
        return form

    def save_model(self, request, obj, form, change):
        # An administrator typing a citizen ID is an officer's check of the ID card: that is what verifies it.
        if "citizen_id" in form.changed_data:
            obj.identity_verified_via = IdentitySource.OFFICER if obj.citizen_id else ""
            obj.identity_verified_at = timezone.now() if obj.citizen_id else None
        super().save_model(request, obj, form, change)

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
