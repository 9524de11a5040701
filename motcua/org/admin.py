from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from .models import Counter, Membership, Unit


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "code", "kind", "commune", "parent", "is_active"]
    list_filter = ["kind", "department_area", "is_active", "province"]
    search_fields = ["name", "name_folded", "code", "address"]
    autocomplete_fields = ["commune", "parent"]
    list_select_related = ["commune", "parent"]
    inlines = [CounterInline, MembershipInline]
    fieldsets = [
        (None, {"fields": ["code", "name", "short_name", "kind", "department_area", "parent", "is_active"]}),
        (_("Location"), {"fields": ["province", "commune", "address", "latitude", "longitude"]}),
        (_("Contact and hours"), {"fields": ["phone", "email", "office_hours"]}),
    ]


@admin.register(Counter)
class CounterAdmin(ObjectPermissionsModelAdmin):
    list_display = ["__str__", "number", "unit", "is_active"]
    list_filter = ["is_active", "unit__kind"]
    search_fields = ["name", "unit__name"]
    autocomplete_fields = ["unit"]
    list_select_related = ["unit"]


@admin.register(Membership)
class MembershipAdmin(ObjectPermissionsModelAdmin):
    list_display = ["user", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "unit__kind"]
    search_fields = ["user__username", "user__full_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]
