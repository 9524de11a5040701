from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from .models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ObjectPermissionsModelAdmin):
    list_display = ["date", "name", "is_working_day", "legal_basis"]
    list_filter = ["is_working_day"]
    search_fields = ["name", "legal_basis"]
    date_hierarchy = "date"
