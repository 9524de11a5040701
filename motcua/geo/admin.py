from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from .models import Commune, DivisionChange, DivisionPredecessor, Province


class ReadOnlyReferenceAdmin(ObjectPermissionsModelAdmin):
    """Provinces and communes come from the official list (`motcua geo sync`), not from hand edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Province)
class ProvinceAdmin(ReadOnlyReferenceAdmin):
    list_display = ["code", "name", "division_type"]
    search_fields = ["code", "name", "name_folded"]


@admin.register(Commune)
class CommuneAdmin(ReadOnlyReferenceAdmin):
    list_display = ["code", "name", "division_type", "province"]
    list_filter = ["division_type", "province"]
    search_fields = ["code", "name", "name_folded"]
    list_select_related = ["province"]


class DivisionPredecessorInline(admin.TabularInline):
    model = DivisionPredecessor
    extra = 1


@admin.register(DivisionChange)
class DivisionChangeAdmin(ObjectPermissionsModelAdmin):
    list_display = ["successor_name", "successor_code", "level", "kind", "effective_date"]
    list_filter = ["level", "kind", "effective_date"]
    search_fields = ["successor_name", "successor_code", "predecessors__name"]
    inlines = [DivisionPredecessorInline]
