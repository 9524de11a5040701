"""The procedure catalogue: procedures and their versions, with methods, fees, documents, cases, e-forms
and the internal workflows that split the legal processing time into steps."""

import json
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold
from motcua.core.working_time import DurationUnit as Units
from motcua.geo.models import Level
from motcua.org.models import DepartmentArea, Role, UnitKind

from .eforms import eform_schema_errors


class OnlineLevel(models.TextChoices):
    FULL = "full", _("Fully online")
    PARTIAL = "partial", _("Partly online")
    NONE = "none", _("Not online")


class Channel(models.TextChoices):
    COUNTER = "counter", _("At the counter")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")


class DurationUnit(models.TextChoices):
    WORKING_DAYS = Units.WORKING_DAYS, _("working days")
    WORKING_HOURS = Units.WORKING_HOURS, _("working hours")
    CALENDAR_DAYS = Units.CALENDAR_DAYS, _("calendar days")


class CompetentAgency(models.TextChoices):
    """The kind of unit that decides a procedure; with a department area for departments."""

    PROVINCE_COMMITTEE = UnitKind.PROVINCE_COMMITTEE.value, UnitKind.PROVINCE_COMMITTEE.label
    DEPARTMENT = UnitKind.DEPARTMENT.value, UnitKind.DEPARTMENT.label
    COMMUNE_COMMITTEE = UnitKind.COMMUNE_COMMITTEE.value, UnitKind.COMMUNE_COMMITTEE.label
    COMMUNE_POLICE = UnitKind.COMMUNE_POLICE.value, UnitKind.COMMUNE_POLICE.label


class Sector(models.Model):
    code = models.SlugField(_("code"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """A procedure by its national code. The listing fields repeat those of its latest version so that
    search and filters read one table; `catalog.services` keeps them in step."""

    code = models.CharField(_("national code"), max_length=20, unique=True)
    name = models.TextField(_("name"))
    # Code, name and sector, folded: what the diacritic-free search matches every word against.
    search_folded = models.TextField(editable=False)
    sector = models.ForeignKey(Sector, models.PROTECT, related_name="procedures", verbose_name=_("sector"))
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    competent_agency = models.CharField(_("competent agency"), max_length=24, choices=CompetentAgency.choices)
    department_area = models.CharField(_("department area"), max_length=32, choices=DepartmentArea.choices, blank=True)
    online_level = models.CharField(_("online level"), max_length=8, choices=OnlineLevel.choices)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        indexes = [
            models.Index(fields=["sector", "code"]),
            models.Index(fields=["level", "code"]),
            models.Index(fields=["online_level", "code"]),
            models.Index(fields=["competent_agency", "department_area", "code"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.search_folded = fold(f"{self.code} {self.name} {self.sector.name}")
        super().save(*args, **kwargs)

    @property
    def agency_key(self) -> str:
        return f"{self.competent_agency}:{self.department_area}" if self.department_area else self.competent_agency


class OrderedJSONField(models.JSONField):
    """JSON kept as written. On PostgreSQL it is stored as `json`, not `jsonb`, which reorders an object's keys:
    an e-form's properties come in the order the applicant fills them in and staff read them. Nothing queries
    inside it."""

    def db_type(self, connection):
        return "json" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor != "postgresql" or value is None or hasattr(value, "as_sql"):
            return super().get_db_prep_value(value, connection, prepared)
        from psycopg.types.json import Json  # sent as `json`: Django's own adapter sends `jsonb`, which reorders

        return Json(value, dumps=lambda data: json.dumps(data, cls=self.encoder, ensure_ascii=False))

    def from_db_value(self, value, expression, connection):
        if connection.vendor == "postgresql":  # the driver parsed `json` already, keeping the order
            return value
        return super().from_db_value(value, expression, connection)


class ProcedureVersion(models.Model):
    """The procedure as published by one decision, in force from a date; never edited once dossiers use it."""

    procedure = models.ForeignKey(Procedure, models.CASCADE, related_name="versions", verbose_name=_("procedure"))
    number = models.PositiveIntegerField(_("version"))
    effective_from = models.DateField(_("effective from"))
    decision = models.CharField(_("published or amended by"), max_length=500)
    note = models.TextField(_("note"), blank=True)
    name = models.TextField(_("name"))
    agency_name = models.CharField(_("implementing agency"), max_length=300)
    subjects = models.JSONField(_("subjects"), default=list, blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    result = models.TextField(_("result"))
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    online_level = models.CharField(_("online level"), max_length=8, choices=OnlineLevel.choices)
    eform = OrderedJSONField(
        _("e-form (JSON Schema)"), null=True, blank=True, help_text=_("A JSON Schema (draft 2020-12) object.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["procedure_id", "-number"]
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique")]
        indexes = [models.Index(fields=["procedure", "effective_from", "number"])]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} ({self.effective_from:%d/%m/%Y})"

    def clean(self) -> None:
        if self.eform is not None and (errors := eform_schema_errors(self.eform)):
            raise ValidationError({"eform": errors})


class ProcessingMethod(models.Model):
    version = models.ForeignKey(
        ProcedureVersion, models.CASCADE, related_name="methods", verbose_name=_("procedure version")
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    duration = models.DecimalField(_("processing time"), max_digits=7, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=DurationUnit.choices)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["version_id", "id"]
        verbose_name = _("method")
        verbose_name_plural = _("methods")
        constraints = [
            models.UniqueConstraint(fields=["version", "channel"], name="method_channel_unique"),
            models.CheckConstraint(condition=models.Q(duration__gte=0), name="method_duration_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.duration.normalize():f} {self.get_unit_display()}"


class Fee(models.Model):
    """A fee line of a version. It may follow the e-form declaration: `quantity_field` names an integer answer
    the amount is multiplied by (copies × unit price), `condition_field` + `condition_values` an answer the
    line is charged for only when it is one of those values ("only if requested"). `catalog.services` checks
    both name a top-level e-form property of the right type; `payments.fees` applies them."""

    version = models.ForeignKey(
        ProcedureVersion, models.CASCADE, related_name="fees", verbose_name=_("procedure version")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    description = models.TextField(_("description"), blank=True)
    exemptions = models.TextField(_("exemptions"), blank=True)
    quantity_field = models.CharField(
        _("quantity from the e-form"),
        max_length=64,
        blank=True,
        help_text=_("An integer e-form field; the amount is charged once per unit (e.g. number of copies)."),
    )
    condition_field = models.CharField(
        _("charged only if the e-form field"),
        max_length=64,
        blank=True,
        help_text=_("A yes/no or choice e-form field; the fee is charged only when its answer is listed below."),
    )
    condition_values = models.JSONField(_("is one of"), default=list, blank=True)

    class Meta:
        ordering = ["version_id", "position"]
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount:,} đ".replace(",", ".")


def form_template_path(instance, filename: str) -> str:
    # The stored name never comes from the uploader: only the extension is kept.
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"catalog/forms/{uuid.uuid4().hex}{suffix}"


class DocumentKind(models.TextChoices):
    """What online filing knows about a required document: the e-form stands in for the paper declaration, and
    a verified identity for the citizen ID scan. Other documents have no kind (empty)."""

    DECLARATION = "declaration", _("Declaration (the e-form stands in for it online)")
    CITIZEN_ID = "citizen_id", _("Citizen ID card (not asked of a verified citizen online)")


class RequiredDocument(models.Model):
    version = models.ForeignKey(
        ProcedureVersion, models.CASCADE, related_name="documents", verbose_name=_("procedure version")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=40)
    name = models.TextField(_("name"))
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    copies = models.PositiveSmallIntegerField(_("copies"), default=0)
    form_name = models.CharField(_("form"), max_length=300, blank=True)
    form_file = models.FileField(_("form template"), upload_to=form_template_path, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    condition = models.TextField(_("condition"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DocumentKind.choices, blank=True)

    class Meta:
        ordering = ["version_id", "position"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="document_code_unique")]

    def __str__(self) -> str:
        return self.name


class ProcedureCase(models.Model):
    """A case (trường hợp) that asks for more documents or changes the processing time."""

    version = models.ForeignKey(
        ProcedureVersion, models.CASCADE, related_name="cases", verbose_name=_("procedure version")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=40)
    name = models.TextField(_("name"))
    duration = models.DecimalField(
        _("processing time"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In the unit of the procedure's methods; empty when the case keeps their time."),
    )
    extra_documents = models.ManyToManyField(
        RequiredDocument, blank=True, related_name="cases", verbose_name=_("extra documents")
    )

    class Meta:
        ordering = ["version_id", "position"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="case_code_unique")]

    def __str__(self) -> str:
        return self.name


class Workflow(models.Model):
    """The internal procedure of one version; `province` empty is the default for every province."""

    version = models.ForeignKey(
        ProcedureVersion, models.CASCADE, related_name="workflows", verbose_name=_("procedure version")
    )
    province = models.ForeignKey(
        "geo.Province", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("province")
    )

    class Meta:
        ordering = ["version_id", "province_id"]
        verbose_name = _("internal workflow")
        verbose_name_plural = _("internal workflows")
        constraints = [
            models.UniqueConstraint(
                fields=["version"], condition=models.Q(province__isnull=True), name="workflow_default_unique"
            ),
            models.UniqueConstraint(
                fields=["version", "province"],
                condition=models.Q(province__isnull=False),
                name="workflow_province_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.province or _('all provinces')}"


class WorkflowStep(models.Model):
    workflow = models.ForeignKey(Workflow, models.CASCADE, related_name="steps", verbose_name=_("internal workflow"))
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=300)
    unit_kind = models.CharField(_("responsible unit"), max_length=24, choices=UnitKind.choices)
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    duration = models.DecimalField(_("allotted time"), max_digits=7, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=DurationUnit.choices)
    # Steps sharing a group run side by side (inter-agency consultation); the longest one counts.
    parallel_group = models.PositiveSmallIntegerField(_("parallel group"), null=True, blank=True)

    class Meta:
        ordering = ["workflow_id", "position"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        constraints = [
            models.UniqueConstraint(fields=["workflow", "position"], name="step_position_unique"),
            models.CheckConstraint(condition=models.Q(duration__gt=0), name="step_duration_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.name}"
