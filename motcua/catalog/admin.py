import json
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rules.contrib.admin import ObjectPermissionsModelAdmin

from motcua.core.errors import Refused
from motcua.core.text import fold

from .eforms import eform_fields, eform_schema_errors
from .errors import CatalogErrorCode
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

# The largest e-form schema the preview reads (the seed's biggest is about 3 kB).
EFORM_PREVIEW_MAX_BYTES = 200_000


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

    class Media:
        css = {"all": ["catalog/admin.css"]}

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


class EformEditorWidget(forms.Textarea):
    """The e-form's JSON Schema edited as a list of fields (JSON Editor, from our static files), beside a preview
    drawn by the server as the citizen's filing form draws it; the JSON itself stays one click away."""

    template_name = "catalog/admin/eform_widget.html"

    class Media:
        css = {"all": ["catalog/eform-editor.css"]}
        js = ["vendor/jsoneditor.js", "catalog/eform-editor.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["preview_url"] = reverse("admin:catalog_procedureversion_eform_preview")
        context["widget"]["labels_id"] = f"{context['widget']['attrs'].get('id', name)}-labels"
        context["widget"]["labels"] = eform_editor_labels()
        # A schema refused on saving is shown as JSON too, where the reasons point.
        context["widget"]["show_raw"] = context["widget"]["attrs"].get("aria-invalid") == "true"
        return context


def eform_editor_labels() -> dict:
    """The editor's texts, in the page's language: our names for an e-form's parts, and JSON Editor's buttons."""
    return {
        "schema": {
            "title": gettext("Title of the declaration"),
            "fields": gettext("Fields"),
            "field": gettext("Field"),
            "name": gettext("Key"),
            "name_help": gettext(
                "The answer is stored under this key: lower-case letters without diacritics, digits and _, "
                "starting with a letter (ho_ten_me). Do not change it once dossiers have answered."
            ),
            "label": gettext("Label shown to the citizen"),
            "kind": gettext("Kind of answer"),
            "required": gettext("Required"),
            "description": gettext("Help text"),
            "choices": gettext("Choices"),
            "choice": gettext("Choice"),
            "max_length": gettext("Longest answer (characters)"),
            "minimum": gettext("Smallest number"),
            "maximum": gettext("Largest number"),
        },
        "kinds": {
            "text": gettext("Text, one line"),
            "long_text": gettext("Text, several lines"),
            "integer": gettext("Whole number"),
            "number": gettext("Number"),
            "date": gettext("Date"),
            "email": gettext("Email address"),
            "choice": gettext("One of a list"),
            "yes_no": gettext("Yes or no (tick box)"),
            "other": gettext("Other (edit in the JSON)"),
        },
        "messages": {
            "duplicate": gettext("Two fields have the key %(name)s: give each field its own key."),
            "bad_json": gettext("The JSON cannot be read: %(error)s"),
            "unreachable": gettext("The preview could not be loaded; the e-form is still checked when you save."),
        },
        "editor": {
            "button_add": gettext("Add"),
            "button_add_row_title": gettext("Add a field"),
            "button_delete_row_title": gettext("Delete"),
            "button_delete_row_title_short": gettext("Delete"),
            "button_delete_all": gettext("All"),
            "button_delete_all_title": gettext("Delete all"),
            "button_delete_last": gettext("Last"),
            "button_delete_last_title": gettext("Delete the last one"),
            "button_move_down_title": gettext("Move down"),
            "button_move_up_title": gettext("Move up"),
            "button_copy_row_title": gettext("Copy"),
            "button_copy_row_title_short": gettext("Copy"),
            "button_collapse": gettext("Collapse"),
            "button_expand": gettext("Expand"),
            "button_delete_node_warning": gettext("Delete this item?"),
            "default_array_item_title": gettext("item"),
            "error_notset": gettext("This must be set."),
            "error_notempty": gettext("This must not be empty."),
            "error_enum": gettext("Choose one of the values offered."),
            "error_pattern": gettext("This value is not in the expected form."),
            "error_minimum_incl": gettext("At least {{0}}."),
            "error_maximum_incl": gettext("At most {{0}}."),
            "error_type": gettext("This value has the wrong type."),
            "error_uniqueItems": gettext("Each value may appear only once."),
        },
    }


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
                ]
            },
        ),
        (_("E-form"), {"fields": ["eform"], "classes": ["eform-fieldset"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "eform":
            kwargs["widget"] = EformEditorWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        preview = self.admin_site.admin_view(self.eform_preview_view)
        return [path("eform-preview/", preview, name="catalog_procedureversion_eform_preview"), *super().get_urls()]

    @staticmethod
    def _preview_errors(text: str) -> tuple[dict | None, list[str]]:
        if not text.strip():
            return None, []
        try:
            schema = json.loads(text)
        except ValueError as error:
            return None, [gettext("The JSON cannot be read: %(error)s") % {"error": error}]
        return schema, eform_schema_errors(schema)

    def eform_preview_view(self, request):
        """The e-form's fields as the citizen's filing form draws them, for the schema being edited (POST
        `schema`): 200 with the fields, 400 with the reasons the schema cannot be used."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise Refused(gettext("You may not edit procedure versions."), code=CatalogErrorCode.NOT_ALLOWED)
        text = request.POST.get("schema", "")
        if len(text.encode()) > EFORM_PREVIEW_MAX_BYTES:
            schema, errors = None, [gettext("The e-form is too large to preview.")]
        else:
            schema, errors = self._preview_errors(text)
        fields = []
        if schema is not None and not errors:
            form = forms.Form(prefix="preview")
            form.fields.update(eform_fields(schema))
            fields = [form[name] for name in form.fields]
        context = {"errors": errors, "fields": fields, "eform": schema or {}}
        return TemplateResponse(request, "catalog/admin/eform_preview.html", context, status=400 if errors else 200)


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
