from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from motcua.core.text import fold

from .models import (
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    ProcessingMethod,
    RequiredDocument,
    Sector,
    Workflow,
    WorkflowStep,
)
from .workflows import legal_time, workflow_error


@admin.register(Sector)
class SectorAdmin(ObjectPermissionsModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["link", "effective_from", "decision", "online_level"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    @admin.display(description=_("version"))
    def link(self, obj):
        return format_html("v{}", obj.number)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Procedure)
class ProcedureAdmin(ObjectPermissionsModelAdmin):
    list_display = ["code", "name", "sector", "level", "online_level", "is_active"]
    list_filter = ["level", "online_level", "competent_agency", "sector", "is_active"]
    # The folded column (code, name and sector without diacritics): "ho tich" finds "Hộ tịch", as on the portal.
    search_fields = ["search_folded"]
    search_help_text = _("Code, name or sector; with or without diacritics.")
    list_select_related = ["sector"]
    inlines = [VersionInline]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class MethodInline(admin.TabularInline):
    model = ProcessingMethod
    extra = 0


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0


class DocumentInline(admin.StackedInline):
    model = RequiredDocument
    extra = 0
    fields = [
        ("position", "code", "mandatory"),
        "name",
        ("originals", "copies"),
        ("form_name", "form_file"),
        "condition",
    ]


class CaseInline(admin.StackedInline):
    model = ProcedureCase
    extra = 0
    filter_horizontal = ["extra_documents"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Only documents of the version being edited can be a case's extra documents.
        version_id = request.resolver_match.kwargs.get("object_id")
        kwargs["queryset"] = RequiredDocument.objects.filter(version_id=version_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class WorkflowLinkInline(admin.TabularInline):
    model = Workflow
    extra = 0
    show_change_link = True
    fields = ["province"]


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ObjectPermissionsModelAdmin):
    list_display = ["procedure", "number", "effective_from", "decision"]
    list_filter = ["online_level", "effective_from"]
    search_fields = ["procedure__code", "name", "decision"]
    list_select_related = ["procedure"]
    autocomplete_fields = ["procedure"]
    inlines = [MethodInline, FeeInline, DocumentInline, CaseInline, WorkflowLinkInline]
    fieldsets = [
        (None, {"fields": ["procedure", "number", "effective_from", "decision", "note"]}),
        (
            _("Content"),
            {
                "fields": [
                    "name",
                    "agency_name",
                    "subjects",
                    "requirements",
                    "result",
                    "legal_basis",
                    "online_level",
                    "eform",
                ]
            },
        ),
    ]


class StepFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        steps = [
            (
                Decimal(form.cleaned_data["duration"]),
                form.cleaned_data["unit"],
                form.cleaned_data.get("parallel_group"),
            )
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        version = self.instance.version
        legal = legal_time(version.methods.values_list("channel", "duration", "unit"))
        if legal is None:
            raise ValidationError(_("Give the procedure version its processing methods first."))
        if problem := workflow_error(steps, *legal):
            raise ValidationError(problem)


class StepInline(admin.TabularInline):
    model = WorkflowStep
    formset = StepFormSet
    extra = 0


@admin.register(Workflow)
class WorkflowAdmin(ObjectPermissionsModelAdmin):
    list_display = ["version", "province", "steps_link"]
    list_select_related = ["version__procedure", "province"]
    search_fields = ["version__procedure__code", "version__name"]
    autocomplete_fields = ["version"]
    inlines = [StepInline]

    @admin.display(description=_("procedure"))
    def steps_link(self, obj):
        url = reverse("catalog:procedure", args=[obj.version.procedure.code])
        return format_html('<a href="{}">{}</a>', url, obj.version.procedure.code)
