from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from .models import FeeExemption, Payment, Receipt


class ReadOnlyAdmin(ObjectPermissionsModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "method", "amount", "status", "provider_reference", "unit", "created_at", "paid_at"]
    list_filter = ["method", "status", "provider"]
    search_fields = ["dossier__code", "provider_reference"]
    list_select_related = ["dossier", "unit"]
    date_hierarchy = "created_at"


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ["number", "dossier", "amount", "payer_name", "unit", "issued_at", "issued_by"]
    search_fields = ["number", "dossier__code", "payer_name"]
    list_select_related = ["dossier", "unit", "issued_by"]
    date_hierarchy = "issued_at"


@admin.register(FeeExemption)
class FeeExemptionAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "fee_code", "reason", "by", "at"]
    search_fields = ["dossier__code", "fee_code"]
    list_select_related = ["dossier", "by"]
